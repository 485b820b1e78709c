"""privacyapp: a personal privacy-hygiene assistant for the desktop."""

__version__ = "0.1.0"
APP_NAME = "privacyapp"
APP_DISPLAY_NAME = "privacyapp"
