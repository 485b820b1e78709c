"""A hypothesis state machine of edits, saves, reloads, migrations and key changes: after any sequence, the
profile on disk always equals the model of what was last saved."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from privacyapp.core.errors import WrongKeyError
from privacyapp.core.profile import format as fmt
from privacyapp.core.profile import payload, vault
from privacyapp.core.profile.crypto import seal
from privacyapp.core.profile.keystore import MemoryKeyStore
from privacyapp.core.profile.store import ProfileStore
from privacyapp.core.redact import Secret
from tests.conftest import FAST_KDF

FAST = FAST_KDF
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-(2**31), 2**31), text)
json_value = st.recursive(
    json_leaf, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3), max_leaves=8
)


class ProfileMachine(RuleBasedStateMachine):
    @initialize()
    def create(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="privacyapp-sm-")) / "p"
        self.keystore = MemoryKeyStore()
        self.passphrase = Secret("first passphrase")
        self.store, self.code = ProfileStore.create(
            self.folder, "Model", passphrase=self.passphrase, keystore=self.keystore, kdf=FAST
        )
        self.saved = self.store.data  # the model: what the file must hold
        self.pending = self.saved  # edits not saved yet

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.folder.parent, ignore_errors=True)

    @rule(notes=text)
    def edit_notes(self, notes: str) -> None:
        self.pending = self.pending.with_changes(notes=notes)

    @rule(key=text, value=json_value)
    def edit_progress(self, key: str, value: Any) -> None:
        self.pending = self.pending.with_changes(progress={**self.pending.progress, key: value})

    @rule(value=json_value)
    def add_account(self, value: Any) -> None:
        self.pending = self.pending.with_changes(accounts=[*self.pending.accounts, value])

    @rule(key=st.sampled_from(["future_feature", "x-extra"]), value=json_value)
    def edit_unknown_key(self, key: str, value: Any) -> None:
        self.pending = self.pending.with_changes(extra={**self.pending.extra, key: value})

    @rule()
    def save(self) -> None:
        self.store.save(self.pending)
        self.saved = self.pending

    @rule(how=st.sampled_from(["passphrase", "keyring", "recovery"]))
    def reload(self, how: str) -> None:
        self.store.close()
        unlock = {
            "passphrase": vault.WithPassphrase(self.passphrase),
            "keyring": vault.WithKeyring(self.keystore),
            "recovery": vault.WithRecoveryCode(self.code),
        }[how]
        self.store = ProfileStore.open(self.folder, unlock)
        self.pending = self.saved

    @rule(new=st.text(min_size=1, max_size=20))
    def change_passphrase(self, new: str) -> None:
        old = self.passphrase
        self.passphrase = Secret(new)
        self.store.set_passphrase(self.passphrase, FAST)
        if new != old.reveal():
            with pytest.raises(WrongKeyError):
                vault.open_bytes(self.store.file.read_bytes(), vault.WithPassphrase(old))
        self.saved = self.store.data
        self.pending = self.pending  # slot changes save the data in memory as it was last saved

    @rule()
    def new_recovery_code(self) -> None:
        self.code = self.store.new_recovery_code()
        self.saved = self.store.data

    @precondition(lambda self: "keyring" in self.store.slot_kinds())
    @rule()
    def drop_and_readd_keyring(self) -> None:
        self.store.remove_keyring(self.keystore)
        assert self.keystore.keys == {}
        self.store.add_keyring(self.keystore)
        self.saved = self.store.data

    @rule()
    def migrate_from_an_older_schema(self) -> None:
        """Write the saved data as schema 0 (a field renamed), then open it through a registered migration."""
        self.store.close()
        raw = self.saved.to_json()
        raw["schema_version"] = 0
        raw["old_notes"] = raw.pop("notes")
        opened = vault.open_bytes(self.store.file.read_bytes(), vault.WithPassphrase(self.passphrase))
        header = opened.header.__class__(**{**opened.header.__dict__, "schema_version": 0})
        associated = fmt.encode_header(header)
        plaintext = payload.json.dumps(raw).encode()
        self.store.file.write_bytes(associated + seal(opened.file_key, header.nonce, fmt.pad(plaintext), associated))
        migrations = dict(payload.MIGRATIONS)
        payload.MIGRATIONS[0] = lambda old: {
            **{k: v for k, v in old.items() if k != "old_notes"},
            "notes": old["old_notes"],
        }
        try:
            self.store = ProfileStore.open(self.folder, vault.WithPassphrase(self.passphrase))
        finally:
            payload.MIGRATIONS.clear()
            payload.MIGRATIONS.update(migrations)
        assert list(self.folder.glob("pre-migration-schema0-*.pvault")), "a copy of the pre-migration file is kept"
        assert self.store.data == self.saved, "migrated in memory"
        self.store.save()  # the next save writes the current schema
        self.pending = self.saved

    @invariant()
    def file_equals_model(self) -> None:
        on_disk = vault.open_bytes(self.store.file.read_bytes(), vault.WithPassphrase(self.passphrase))
        assert on_disk.decoded.data == self.saved
        assert self.store.data == self.saved


ProfileMachine.TestCase.settings = settings(
    max_examples=25, stateful_step_count=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestProfileStateMachine = ProfileMachine.TestCase
