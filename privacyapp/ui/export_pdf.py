"""Printing the plan's HTML to a PDF file with Qt (QTextDocument and QPdfWriter), for the GUI and the CLI."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument


def write_pdf(html: str, path: Path) -> None:
    """Write `html` as an A4 PDF. Works without a screen: the CLI gets an offscreen application."""
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication.__keep = QGuiApplication(["privacyapp-export"])  # type: ignore[attr-defined]
    writer = QPdfWriter(str(path))
    writer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 15))
    )
    writer.setTitle("privacyapp plan")
    writer.setCreator("privacyapp")
    document = QTextDocument()
    document.setHtml(html)
    document.print_(writer)
