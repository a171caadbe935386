"""Material uploads (ID photos, licences): checked by content, stored through a port."""

from __future__ import annotations

from typing import Any, Protocol

from filing.text import N_
from filing.validation import Invalid

MAX_BYTES = 20 * 1024 * 1024  # Telegram's getFile limit, and the filing system's
# Magic bytes, not file names: a renamed .exe is still refused.
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"%PDF-", "application/pdf", "pdf"),
)


class MaterialStore(Protocol):
    def save(self, owner: str, kind: str, file_name: str, content_type: str,
             data: bytes) -> dict[str, Any]:
        """Store the bytes; return what the draft keeps (name, type, size, sha256, key)."""

    def load(self, storage_key: str) -> bytes: ...

    def delete_owner(self, owner: str) -> int: ...


def sniff(data: bytes) -> tuple[str, str] | None:
    for signature, content_type, extension in SIGNATURES:
        if data.startswith(signature):
            return content_type, extension
    return None


def check_upload(data: bytes) -> tuple[str, str]:
    """The content type and extension of an acceptable upload, else Invalid with the reason."""
    if len(data) > MAX_BYTES:
        raise Invalid(N_("This file is {size} MB; the limit is 20 MB. Please send a smaller "
                         "scan or photo."), size=round(len(data) / 1024 / 1024, 1))
    if not data:
        raise Invalid(N_("The file is empty."))
    kind = sniff(data)
    if kind is None:
        raise Invalid(N_("Please send a photo (JPEG or PNG) or a PDF; this file is neither."))
    return kind
