"""Encryption of personal data at rest (Fernet: AES-128-CBC with HMAC-SHA256)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import unicodedata
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class Cipher:
    """Encrypts with the first key; decrypts with any (so keys can be rotated)."""

    def __init__(self, *keys: str | bytes) -> None:
        if not keys:
            raise ValueError("at least one key is needed")
        self._fernet = MultiFernet([Fernet(key) for key in keys])
        self._index_key = derive_key(keys[0], b"icpbot blind index v1")

    @staticmethod
    def new_key() -> str:
        return Fernet.generate_key().decode("ascii")

    def encrypt(self, value: str) -> str:
        return self._fernet.encrypt(value.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise ValueError("personal data cannot be decrypted with the configured key") from None

    def encrypt_bytes(self, data: bytes) -> bytes:
        return self._fernet.encrypt(data)

    def decrypt_bytes(self, token: bytes) -> bytes:
        try:
            return self._fernet.decrypt(token)
        except InvalidToken:
            raise ValueError("material cannot be decrypted with the configured key") from None

    def rotate(self, token: str) -> str:
        return self._fernet.rotate(token.encode("ascii")).decode("ascii")

    def rotate_bytes(self, token: bytes) -> bytes:
        return self._fernet.rotate(token)

    def seal(self, value: Any) -> str:
        return self.encrypt(json.dumps(value, ensure_ascii=False))

    def open(self, token: str) -> Any:
        return json.loads(self.decrypt(token))

    def digest(self, text: str) -> str:
        """A keyed blind index: equal for equal normalised texts, useless without the key
        (so an exact search by entity name works while the name stays encrypted)."""
        normal = "".join(unicodedata.normalize("NFKC", text).casefold().split())
        return hmac.new(self._index_key, normal.encode("utf-8"), hashlib.sha256).hexdigest()


def derive_key(key: str | bytes, purpose: bytes) -> bytes:
    """A separate key for ``purpose`` from a Fernet key (HKDF-SHA256), so one secret serves
    encryption, blind indexes and cookie signatures without reusing key material."""
    raw = base64.urlsafe_b64decode(key if isinstance(key, bytes) else key.encode("ascii"))
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(raw)
