"""The encrypted profile: one file per person with everything they record, sealed with an AEAD.

format.py    the container: magic, version, authenticated header, sealed payload (docs/profile-format.md)
crypto.py    keys: random file key, key slots (keyring, passphrase via Argon2id, recovery code), AES-256-GCM
payload.py   what is inside: ProfileData, JSON with its own schema_version, migrations
keystore.py  the OS keyring, with a deadline and a read-back
store.py     one open profile on disk: atomic saves, backups, conflicts, damage, the lock
manager.py   the profiles folder: list, create, open, rename, delete
"""
