"""Material uploads (ID photos, licences): checked by content, stored through a port."""

from __future__ import annotations

import struct
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
    if kind[0] != "application/pdf":
        _check_readable(data)
    return kind


# Reviewers reject images they cannot read (ref §3.5); a certificate photographed whole needs
# about this many pixels on its shorter side for the smallest print to be legible (D).
MIN_SIDE = 600


def _check_readable(data: bytes) -> None:
    size = image_size(data)
    if size is None:
        raise Invalid(N_("This image is damaged or incomplete; please take the photo again."))
    width, height = size
    if min(width, height) < MIN_SIDE:
        raise Invalid(N_("This image is only {width}×{height} pixels: too small for the "
                         "reviewer to read. Please send a photo of at least {minimum} pixels "
                         "on its shorter side (send it as a file to keep its full size)."),
                      width=width, height=height, minimum=MIN_SIDE)


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG or JPEG header, without decoding the image."""
    if data.startswith(b"\x89PNG") and len(data) >= 24 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return _jpeg_size(data) if data.startswith(b"\xff\xd8") else None


_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE,
                  0xCF})


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Walk the JPEG segments to the first start-of-frame marker, which holds the size."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            at += 2
            continue
        length = int.from_bytes(data[at + 2:at + 4], "big")
        if marker in _SOF and at + 9 <= len(data):
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return int(width), int(height)
        if length < 2:
            return None
        at += 2 + length
    return None
