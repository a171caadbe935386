"""What is inside an upload: images re-encoded with Pillow, PDFs parsed and inspected with
pypdf, and files that carry a second file after their end (polyglots) refused.

Re-encoding means a reviewer's browser only ever sees pixels Pillow decoded and wrote again:
no metadata (GPS positions in EXIF), no script, no archive hidden behind the picture.
The end of a JPEG and of a PNG is found by walking their segments and chunks here (a few
lines; Pillow stops reading at the image data and does not say where the file ends).
"""

from __future__ import annotations

import io
import re

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject

from filing.text import N_
from filing.validation import Invalid

MAX_PIXELS = 40_000_000  # 40 MP: any ID photo or scan; a 100000×100000 "PNG" is a bomb
MAX_PDF_PAGES = 50
MAX_PDF_OBJECTS = 20_000  # objects inspected, so a hostile PDF cannot keep us busy
# Names that make a PDF act (run code, start programs, fetch or carry other files).
ACTIVE_PDF_NAMES = frozenset({"/JS", "/JavaScript", "/Launch", "/EmbeddedFile",
                              "/EmbeddedFiles", "/XFA", "/RichMedia", "/SubmitForm",
                              "/ImportData", "/GoToR", "/GoToE"})
_MARKUP = re.compile(rb"<\s*(html|script|svg|iframe|body|head|!doctype)", re.IGNORECASE)
_PDF_END = re.compile(rb"%%EOF[\r\n\x00\t\f ]*\Z")


def polyglot() -> Invalid:
    return Invalid(N_("This file carries other data besides the document or photo (it may be "
                      "an archive or a program in disguise). Please send the photo or scan "
                      "itself."))


# Reviewers reject images they cannot read (ref §3.5); a certificate photographed whole needs
# about this many pixels on its shorter side for the smallest print to be legible.
MIN_SIDE = 600


def reencode_image(data: bytes, image_format: str) -> bytes:
    """The image decoded and written again (JPEG or PNG), or Invalid with the reason."""
    end = jpeg_end(data) if image_format == "JPEG" else png_end(data)
    if end is None:
        raise _unreadable_image()
    if data[end:].strip(b"\x00\r\n\t "):
        raise polyglot()
    try:
        with Image.open(io.BytesIO(data), formats=[image_format]) as image:
            width, height = image.size  # from the header: nothing is decoded yet
            if width * height > MAX_PIXELS:
                raise _too_many_pixels()
            if min(width, height) < MIN_SIDE:
                raise Invalid(N_(
                    "This image is only {width}×{height} pixels: too small for the reviewer "
                    "to read. Please send a photo of at least {minimum} pixels on its shorter "
                    "side (send it as a file to keep its full size)."),
                    width=width, height=height, minimum=MIN_SIDE)
            image.load()
            # In place, and converted only when not RGB already: each copy of a 1280×960
            # photo cost about as much as decoding it.
            ImageOps.exif_transpose(image, in_place=True)
            out = io.BytesIO()
            if image_format == "JPEG":
                (image if image.mode == "RGB" else image.convert("RGB")).save(
                    out, "JPEG", quality=90)
            else:
                image.save(out, "PNG")
            return out.getvalue()
    except Invalid:  # said above, with its own reason (Invalid is a ValueError too)
        raise
    except Image.DecompressionBombError:  # Pillow's own, higher limit, checked at open
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _unreadable_image() from None


def _too_many_pixels() -> Invalid:
    return Invalid(N_("This image has more than 40 megapixels. Please send a smaller photo."))


def _unreadable_image() -> Invalid:
    return Invalid(N_("This image cannot be read (it is damaged or not really a JPEG or PNG). "
                      "Please take the photo again."))


def jpeg_end(data: bytes) -> int | None:
    """Where a baseline or progressive JPEG ends (after its EOI marker), else None."""
    position = 2  # after SOI
    while position + 2 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:
            return position + 2
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            position += 2
            continue
        if position + 4 > len(data):
            return None
        length = int.from_bytes(data[position + 2:position + 4], "big")
        position += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next real marker
            position = _after_scan(data, position)
    return None


def _after_scan(data: bytes, position: int) -> int:
    while True:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= len(data):
            return len(data)
        following = data[position + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            position += 1 if following == 0xFF else 2
            continue
        return position


def png_end(data: bytes) -> int | None:
    """Where a PNG ends (after its IEND chunk), else None."""
    position = 8  # after the signature
    while position + 12 <= len(data):
        length = int.from_bytes(data[position:position + 4], "big")
        kind = data[position + 4:position + 8]
        position += 12 + length
        if kind == b"IEND":
            return position
    return None


def check_pdf(data: bytes) -> bytes:
    """The PDF unchanged if it parses and cannot act (no script, launch or embedded file),
    else Invalid with the reason."""
    if _MARKUP.search(data[:4096]) or not _PDF_END.search(data[-1024:]):
        raise polyglot()  # browsers sniff markup; anything after the last %%EOF is extra
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Invalid(N_("This PDF is password-protected. Please send it without a "
                             "password."))
        pages = len(reader.pages)
        active = _active_names(reader.trailer["/Root"])
    except (PyPdfError, KeyError, ValueError, TypeError, RecursionError, OSError):
        raise Invalid(N_("This PDF cannot be read (it is damaged or not really a PDF). "
                         "Please scan it again.")) from None
    if not 1 <= pages <= MAX_PDF_PAGES:
        raise Invalid(N_("A PDF may have 1 to {limit} pages; this one has {pages}."),
                      limit=MAX_PDF_PAGES, pages=pages)
    if active:
        raise Invalid(N_("This PDF contains scripts, actions or embedded files, which are not "
                         "accepted. Please send a plain scan (print it to PDF again)."))
    return data


def _active_names(root: PdfObject) -> bool:
    """True if any object reachable from the catalogue uses an active name (iterative, with
    a budget: a hostile file may nest deeply or loop)."""
    pending: list[PdfObject] = [root]
    seen: set[tuple[int, int]] = set()
    budget = MAX_PDF_OBJECTS
    while pending and budget:
        budget -= 1
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            resolved = item.get_object()
            if resolved is None:
                continue
            item = resolved
        if isinstance(item, DictionaryObject):
            if ACTIVE_PDF_NAMES & set(map(str, item.keys())) or str(
                    item.get("/S", "")) in ACTIVE_PDF_NAMES:
                return True
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)
    if not budget:
        raise ValueError("too many objects to inspect")
    return False
