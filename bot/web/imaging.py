"""Uploads become fresh images before a browser sees them: Pillow re-encodes photos (dropping
metadata and anything hidden after the image data) and PDF pages are rendered to PNG by
PDFium, so the browser never parses an applicant's file, and no script in a PDF can run."""

from __future__ import annotations

import io
import threading

import pypdfium2
from PIL import Image

MAX_PIXELS = 60_000_000  # a 20 MB upload has no business being larger; bombs are refused
MAX_SIDE = 2400  # enough to read a licence's small print
MAX_PAGES = 20
PDF_SCALE = 1.6  # 72 dpi × 1.6 ≈ 115 dpi
_PDFIUM = threading.Lock()  # PDFium is not thread-safe


class Unreadable(Exception):
    """The upload is not an image or PDF we can render."""


def reencode_image(data: bytes) -> tuple[bytes, str]:
    """(bytes, content type): JPEG for photos, PNG for images with transparency or few colours."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("JPEG", "PNG"):
                raise Unreadable(image.format)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            return _encode(image, "PNG" if image.format == "PNG" else "JPEG")
    except (OSError, Image.DecompressionBombError, ValueError) as error:
        raise Unreadable(str(error)) from None


def _encode(image: Image.Image, kind: str) -> tuple[bytes, str]:
    out = io.BytesIO()
    if kind == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=88)
        return out.getvalue(), "image/jpeg"
    image.convert("RGBA" if "A" in image.getbands() else "RGB").save(out, "PNG")
    return out.getvalue(), "image/png"


def pdf_page_count(data: bytes) -> int:
    with _PDFIUM:
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as error:
            raise Unreadable(str(error)) from None
        try:
            return min(len(document), MAX_PAGES)
        finally:
            document.close()


def render_pdf_page(data: bytes, index: int) -> bytes:
    """Page ``index`` (from 0) as PNG."""
    with _PDFIUM:
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as error:
            raise Unreadable(str(error)) from None
        try:
            if not 0 <= index < min(len(document), MAX_PAGES):
                raise Unreadable(f"no page {index}")
            page = document[index]
            bitmap = page.render(scale=PDF_SCALE)
            image = bitmap.to_pil()
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            return _encode(image, "PNG")[0]
        finally:
            document.close()
