"""Real, tiny sample files for uploads (uploads are decoded and re-encoded, so a few magic
bytes followed by zeros no longer pass as a photo)."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfWriter


def jpeg(width: int = 48, height: int = 32, color: tuple[int, int, int] = (200, 120, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "JPEG")
    return out.getvalue()


def png(width: int = 48, height: int = 32) -> bytes:
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
