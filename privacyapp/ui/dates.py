"""Dates and times as the person's locale writes them (never an English strftime format)."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime


def when(moment: datetime, *, short: bool = False) -> str:
    """A moment in local time, e.g. "3 December 2026 18:04:05" (or the short form)."""
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))  # in local time
    form = QLocale.FormatType.ShortFormat if short else QLocale.FormatType.LongFormat
    return QLocale().toString(local, form)


def day(value: date) -> str:
    return QLocale().toString(QDate(value.year, value.month, value.day), QLocale.FormatType.LongFormat)


def clock(moment: datetime) -> str:
    """The time of day only, for a list of what happened this session."""
    local = moment.astimezone()
    return QLocale().toString(QTime(local.hour, local.minute, local.second), QLocale.FormatType.LongFormat)
