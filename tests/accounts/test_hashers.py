from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher

from innkeep.accounts.hashers import Argon2idHasher


def test_production_hash_is_argon2id_at_the_owasp_minimum():
    encoded = Argon2idHasher().encode("a-long-Secret-2027", Argon2idHasher().salt())
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert Argon2idHasher().verify("a-long-Secret-2027", encoded)
    assert not Argon2idHasher().verify("another-Secret-2027", encoded)


def test_hashes_made_with_djangos_parameters_verify_and_are_upgraded():
    old = Argon2PasswordHasher().encode("a-long-Secret-2027", Argon2PasswordHasher().salt())
    assert "m=102400,t=2,p=8" in old
    assert Argon2idHasher().verify("a-long-Secret-2027", old)
    assert Argon2idHasher().must_update(old)
