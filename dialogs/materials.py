"""Material uploads (ID photos, licences): the one entry every upload goes through.

Policy (README "Security"): the type comes from the content, never the name; images (JPEG,
PNG) are re-encoded with Pillow under a pixel limit before anyone sees them; PDFs must parse
with pypdf and may not carry scripts, actions or embedded files; a file with a second file
after its end (a polyglot) is refused; names are cleaned of control characters (NUL) and
paths. Serving materials (the web review desk) uses ``serving_headers`` and, for files stored
before this policy, ``check_upload`` again on the stored bytes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote

from dialogs.inspect_files import check_pdf, reencode_image
from filing.text import N_
from filing.validation import Invalid

MAX_BYTES = 20 * 1024 * 1024  # Telegram's getFile limit, and the filing system's
MAX_NAME = 120
# Magic bytes, not file names: a renamed .exe is still refused.
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"%PDF-", "application/pdf", "pdf"),
)
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


@dataclass(frozen=True)
class Upload:
    """An accepted upload: its type and the bytes to store (a re-encoded image)."""

    content_type: str
    extension: str
    data: bytes


class MaterialStore(Protocol):
    def save(self, owner: str, kind: str, file_name: str, content_type: str,
             data: bytes) -> dict[str, Any]:
        """Store the bytes; return what the draft keeps (name, type, size, sha256, key)."""

    def load(self, storage_key: str) -> bytes: ...

    def delete(self, storage_keys: set[str]) -> int:
        """Delete these files; how many were there."""

    def delete_owner(self, owner: str, keep: frozenset[str] = frozenset()) -> int:
        """Delete the owner's files except those whose storage keys are in ``keep``."""


def sniff(data: bytes) -> tuple[str, str] | None:
    for signature, content_type, extension in SIGNATURES:
        if data.startswith(signature):
            return content_type, extension
    return None


def check_upload(data: bytes) -> Upload:
    """The upload made safe to store and show, else Invalid with the reason."""
    if len(data) > MAX_BYTES:
        raise Invalid(N_("This file is {size} MB; the limit is 20 MB. Please send a smaller "
                         "scan or photo."), size=round(len(data) / 1024 / 1024, 1))
    if not data:
        raise Invalid(N_("The file is empty."))
    kind = sniff(data)
    if kind is None:
        raise Invalid(N_("Please send a photo (JPEG or PNG) or a PDF; this file is neither."))
    content_type, extension = kind
    image_format = IMAGE_FORMATS.get(content_type)
    safe = reencode_image(data, image_format) if image_format else check_pdf(data)
    return Upload(content_type, extension, safe)


def safe_file_name(name: str, kind: str, extension: str) -> str:
    """A file name fit to store and show: no control characters (a NUL breaks PostgreSQL),
    no folders, no bidi tricks (‮gpj.exe), at most MAX_NAME characters, ending in the
    extension of the content's real type."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem[:MAX_NAME - len(extension) - 1] or kind
    return f"{stem}.{extension}"


def serving_headers(file_name: str, content_type: str) -> dict[str, str]:
    """HTTP headers for showing a stored material to a reviewer: its own type (never
    sniffed), images inline and PDFs as downloads, no script of any kind."""
    known = content_type in (IMAGE_FORMATS.keys() | {"application/pdf"})
    disposition = "inline" if content_type in IMAGE_FORMATS else "attachment"
    fallback = file_name.encode("ascii", "ignore").decode().replace('"', "") or "material"
    return {
        "Content-Type": content_type if known else "application/octet-stream",
        "Content-Disposition": f"{disposition}; filename=\"{fallback}\"; "
                               f"filename*=UTF-8''{quote(file_name)}",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
        "Cache-Control": "private, no-store",
    }
