"""Argon2id passphrase hashing (argon2-cffi), with rehash when parameters change."""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


@functools.cache
def _hasher() -> PasswordHasher:
    # argon2-cffi's defaults follow RFC 9106's second recommendation (Argon2id, 64 MiB).
    return PasswordHasher()


def hash_passphrase(passphrase: str) -> str:
    return _hasher().hash(passphrase)


def verify_passphrase(stored_hash: str | None, passphrase: str) -> bool:
    """True when it matches. With no stored hash we still spend the same time."""
    if not stored_hash:
        _hasher().hash(passphrase)  # equalises timing for unknown members
        return False
    try:
        return _hasher().verify(stored_hash, passphrase)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)
