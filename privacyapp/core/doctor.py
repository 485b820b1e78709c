"""What `privacyapp-cli doctor` reports: folders, keyring, versions, network settings. Reads; sends nothing."""

from __future__ import annotations

import importlib.metadata
import platform
import sys
import urllib.request
from dataclasses import dataclass, field

from privacyapp import __version__
from privacyapp.core.keyring_check import KeyringStatus, check_keyring
from privacyapp.core.network import network_settings
from privacyapp.core.paths import AppPaths, data_folder
from privacyapp.core.redact import scrub

LIBRARIES = ("PySide6-Essentials", "keyring", "zxcvbn", "requests", "urllib3", "platformdirs", "cryptography", "orjson")


@dataclass(frozen=True)
class DoctorReport:
    version: str
    folders: dict[str, str]
    portable: bool
    shipped_data: dict[str, str]
    keyring: KeyringStatus
    python: str
    platform: str
    libraries: dict[str, str]
    network: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "version": self.version,
            "folders": self.folders,
            "portable": self.portable,
            "shipped_data": self.shipped_data,
            "keyring": {"backend": self.keyring.backend, "works": self.keyring.works, "detail": self.keyring.detail},
            "python": self.python,
            "platform": self.platform,
            "libraries": self.libraries,
            "network": self.network,
        }


def library_versions() -> dict[str, str]:
    versions: dict[str, str] = {}
    for name in LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def proxy_settings() -> dict[str, str]:
    """The proxies Python will use, read from the environment or OS settings, with any password masked."""
    proxies = urllib.request.getproxies()
    return {f"{scheme} proxy": scrub(url) for scheme, url in sorted(proxies.items())}


def shipped_data() -> dict[str, str]:
    found: dict[str, str] = {}
    for name in ("checklists", "resources"):
        try:
            found[name] = str(data_folder(name))
        except FileNotFoundError as exc:
            found[name] = f"missing: {exc}"
    return found


def run_doctor(paths: AppPaths, *, keyring_timeout: float = 5.0) -> DoctorReport:
    network = dict(network_settings())
    network.update(proxy_settings() or {"proxy": "none"})
    return DoctorReport(
        version=__version__,
        folders=paths.as_dict(),
        portable=paths.portable,
        shipped_data=shipped_data(),
        keyring=check_keyring(keyring_timeout),
        python=f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        platform=f"{platform.system()} {platform.release()} {platform.machine()}",
        libraries=library_versions(),
        network={key: value for key, value in network.items() if value},
    )
