"""The main window's pages. Each is built the first time the user opens it."""
