"""Real, tiny sample files for uploads (uploads are decoded and re-encoded, so a few magic
bytes followed by zeros no longer pass as a photo)."""

from __future__ import annotations

import hashlib
import io

from PIL import Image
from pypdf import PdfWriter


def jpeg(width: int = 800, height: int = 600,
         color: tuple[int, int, int] = (200, 120, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "JPEG")
    return out.getvalue()


def photo(width: int = 1280, height: int = 960, tag: str = "") -> bytes:
    """A real JPEG big enough to read (the upload check wants ≥ 600 px on the shorter side);
    ``tag`` makes each picture distinct (the same picture for two documents is refused)."""
    digest = hashlib.sha256(tag.encode()).digest()
    return jpeg(width, height, (digest[0], digest[1], digest[2]))


def png(width: int = 800, height: int = 600) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(out, "PNG")
    return out.getvalue()


def pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


JPEG = jpeg()
PNG = png()
PDF = pdf()
