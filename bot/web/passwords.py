"""Password hashes (argon2id) and one-time codes (TOTP, RFC 6238)."""

from __future__ import annotations

from functools import cache

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from storage.reviewers import Reviewer

_HASHER = PasswordHasher()
MIN_LENGTH = 10


@cache
def _dummy_hash() -> str:
    """Checked against when the name is unknown, so a wrong name takes as long as a wrong
    password (made on the first login, not at import)."""
    return _HASHER.hash("no such reviewer")


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise ValueError(f"a password has at least {MIN_LENGTH} characters")
    return _HASHER.hash(password)


def password_matches(reviewer: Reviewer | None, password: str) -> bool:
    try:
        return _HASHER.verify(reviewer.password_hash if reviewer else _dummy_hash(), password) \
            and reviewer is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(reviewer: Reviewer) -> bool:
    return _HASHER.check_needs_rehash(reviewer.password_hash)


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, name: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name="ICP review desk")


def code_matches(reviewer: Reviewer, code: str) -> bool:
    """True without TOTP; else the current code (one step of clock drift allowed)."""
    if not reviewer.totp_secret:
        return True
    return pyotp.TOTP(reviewer.totp_secret).verify(code.strip(), valid_window=1)
