"""The Qt-free core of privacyapp: data, rules and storage, shared by the GUI and the CLI.

Nothing in this package may import PySide6 (tests/core/test_architecture.py proves it).
"""
