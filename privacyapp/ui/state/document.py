"""The narrow view of the open profile that feature states depend on (the session provides it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the profile's modules load with the first unlock, not before the first paint
    from privacyapp.core.profile.document import ProfileDocument


class DocumentAccess(Protocol):
    @property
    def document(self) -> ProfileDocument | None: ...

    def change(self, edit: Callable[[ProfileDocument], ProfileDocument]) -> None: ...
