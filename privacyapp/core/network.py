"""Network settings. privacyapp sends nothing unless the user asks for a check; these say where it would go."""

from __future__ import annotations

import os

PWNED_PASSWORDS_URL_ENV = "PRIVACYAPP_PWNED_PASSWORDS_URL"
HIBP_API_URL_ENV = "PRIVACYAPP_HIBP_API_URL"
DEFAULT_PWNED_PASSWORDS_URL = "https://api.pwnedpasswords.com"
DEFAULT_HIBP_API_URL = "https://haveibeenpwned.com"


def pwned_passwords_url() -> str:
    return (os.environ.get(PWNED_PASSWORDS_URL_ENV) or DEFAULT_PWNED_PASSWORDS_URL).rstrip("/")


def hibp_api_url() -> str:
    return (os.environ.get(HIBP_API_URL_ENV) or DEFAULT_HIBP_API_URL).rstrip("/")


def network_settings() -> dict[str, str]:
    return {
        "sent at start-up": "nothing",
        "sent without asking": "nothing",
        "Pwned Passwords range API": pwned_passwords_url(),
        "HIBP breach catalogue": hibp_api_url(),
    }
