"""Encryption of personal data at rest (Fernet: AES-128-CBC with HMAC-SHA256).

cryptography's MultiFernet is the key ring: the first key encrypts, every key decrypts. A
``Cipher`` either holds fixed keys (ICPBOT_SECRET_KEY) or follows a key source that may change
while the process runs (the key file, see ``storage.keys.KeyRing``): a rotation started by
another process is picked up without a restart.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KeySource = Callable[[], Sequence[str]]


class Cipher:
    """Encrypts with the first key; decrypts with any (so keys can be rotated)."""

    def __init__(self, *keys: str | bytes, source: KeySource | None = None) -> None:
        if not keys and source is None:
            raise ValueError("at least one key is needed")
        fixed = tuple(key.decode("ascii") if isinstance(key, bytes) else key for key in keys)
        self._source: KeySource = source or (lambda: fixed)
        self._ring: tuple[tuple[str, ...], MultiFernet, Fernet] | None = None
        self._index: tuple[str, bytes] | None = None  # (the first key, its blind-index key)
        self._fernets()  # a bad key fails now, not at the first message

    @classmethod
    def following(cls, source: KeySource) -> Cipher:
        """A cipher whose keys are ``source()`` at each use (re-read cheaply by the source)."""
        return cls(source=source)

    def _fernets(self) -> tuple[MultiFernet, Fernet]:
        keys = tuple(self._source())
        ring = self._ring
        if ring is None or ring[0] != keys:
            if not keys:
                raise ValueError("at least one key is needed")
            fernets = [Fernet(key) for key in keys]
            ring = self._ring = (keys, MultiFernet(fernets), fernets[0])
        return ring[1], ring[2]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self._source())

    @staticmethod
    def new_key() -> str:
        return Fernet.generate_key().decode("ascii")

    def encrypt(self, value: str) -> str:
        return self._fernets()[0].encrypt(value.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernets()[0].decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise ValueError("personal data cannot be decrypted with the configured key") from None

    def encrypt_bytes(self, data: bytes) -> bytes:
        return self._fernets()[0].encrypt(data)

    def decrypt_bytes(self, token: bytes) -> bytes:
        try:
            return self._fernets()[0].decrypt(token)
        except InvalidToken:
            raise ValueError("material cannot be decrypted with the configured key") from None

    def is_current(self, token: str | bytes) -> bool:
        """True if the newest key alone opens ``token`` (a rotation need not touch it)."""
        try:
            self._fernets()[1].decrypt(token)
        except InvalidToken:
            return False
        return True

    def rotate(self, token: str) -> str:
        return self._fernets()[0].rotate(token.encode("ascii")).decode("ascii")

    def rotate_bytes(self, token: bytes) -> bytes:
        return self._fernets()[0].rotate(token)

    def seal(self, value: Any) -> str:
        return self.encrypt(json.dumps(value, ensure_ascii=False))

    def open(self, token: str) -> Any:
        return json.loads(self.decrypt(token))

    def digest(self, text: str) -> str:
        """A keyed blind index: equal for equal normalised texts, useless without the key
        (so an exact search by entity name works while the name stays encrypted). It follows
        the first key: a key rotation recomputes the stored digests (storage.keys)."""
        first = self.keys[0]
        if self._index is None or self._index[0] != first:
            self._index = (first, derive_key(first, b"icpbot blind index v1"))
        normal = "".join(unicodedata.normalize("NFKC", text).casefold().split())
        return hmac.new(self._index[1], normal.encode("utf-8"), hashlib.sha256).hexdigest()


def derive_key(key: str | bytes, purpose: bytes) -> bytes:
    """A separate key for ``purpose`` from a Fernet key (HKDF-SHA256), so one secret serves
    encryption, blind indexes and cookie signatures without reusing key material."""
    raw = base64.urlsafe_b64decode(key if isinstance(key, bytes) else key.encode("ascii"))
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(raw)
