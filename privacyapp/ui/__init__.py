"""The PySide6 front end. Widgets ask the session; the session asks the core."""
