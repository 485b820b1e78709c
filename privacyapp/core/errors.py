"""The errors privacyapp reports to people, and the CLI exit code of each.

Every error a user can cause or meet is one of these, with a message written for a person: the GUI shows it,
the CLI prints it on one line. Anything else is a bug, logged and reported as one.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1
    USAGE = 2
    LOCKED = 3  # profile locked, or wrong passphrase / key
    DAMAGED = 4  # profile damaged


class PrivacyAppError(Exception):
    """A problem to tell the user about. The message must never hold a secret."""

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, message: str, *, hint: str | None = None, logged: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint  # what the user can do about it, if anything
        # what the log file may keep, when the message shown to the person says more than a log should (where in a
        # sorted hash file a damaged line is hints at the password's hash)
        self.logged = logged

    def one_line(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message

    def log_line(self) -> str:
        return self.logged if self.logged is not None else self.one_line()


class UsageError(PrivacyAppError):
    exit_code = ExitCode.USAGE


class ProfileLockedError(PrivacyAppError):
    exit_code = ExitCode.LOCKED


class ProfileDamagedError(PrivacyAppError):
    exit_code = ExitCode.DAMAGED


# --- the encrypted profile -------------------------------------------------------------------------------------


class NotAProfileError(PrivacyAppError):
    """The file is not a privacyapp profile at all."""


class NewerVersionError(PrivacyAppError):
    """The file was written by a newer privacyapp whose container this version cannot read."""


class WrongKeyError(ProfileLockedError):
    """No key slot accepts the passphrase, recovery code or keyring key given."""


class ProfileNotFoundError(PrivacyAppError):
    pass


class ProfileExistsError(PrivacyAppError):
    pass


class ProfileBusyError(PrivacyAppError):
    """Another privacyapp process has this profile open."""


class ProfileConflictError(PrivacyAppError):
    """The file changed on disk since it was loaded; it was not overwritten."""


class SaveError(PrivacyAppError):
    """Saving failed; the file on disk is still the previous version."""


class ReadOnlyProfileError(PrivacyAppError):
    """The profile was written by a newer privacyapp and is open read-only."""


class KeyringError(PrivacyAppError):
    """The OS keyring is missing, locked, slow or did not keep the key."""
