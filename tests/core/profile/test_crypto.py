"""Keys: calibration stays inside the caps, recovery codes read forgivingly, key ids are one-way fingerprints."""

from __future__ import annotations

from privacyapp.core.profile import crypto


def test_calibration_gives_parameters_a_file_may_carry() -> None:
    params = crypto.calibrate(target_seconds=0.05, memory_kib=8 * 1024)
    assert params.problems() == []
    assert params.memory_kib == 8 * 1024 and params.lanes == crypto.DEFAULT_LANES
    assert 1 <= params.iterations <= crypto.MAX_ITERATIONS


def test_recovery_codes_are_long_random_and_typed_forgivingly() -> None:
    codes = {crypto.new_recovery_code() for _ in range(50)}
    assert len(codes) == 50
    code = next(iter(codes))
    groups = code.split("-")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    salt = crypto.random_salt()
    expected = crypto.derive_recovery_key(code, salt)
    for typed in (code.lower(), code.replace("-", " "), f"  {code.replace('-', '')}  ", code.replace("O", "0")):
        assert crypto.derive_recovery_key(typed, salt) == expected
    assert crypto.derive_recovery_key("AAAA-" + code[5:], salt) != expected or code.startswith("AAAA")


def test_key_ids_name_a_key_without_revealing_it() -> None:
    key = crypto.random_key()
    assert crypto.key_id(key) == crypto.key_id(key)
    assert crypto.key_id(key) != crypto.key_id(crypto.random_key())
    assert len(crypto.key_id(key)) == 16 and key.hex()[:16] != crypto.key_id(key)
