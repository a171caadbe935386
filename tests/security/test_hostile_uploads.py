"""Attacks 13 and 15: uploads that pass a magic-bytes check but are hostile (a PDF with
JavaScript, HTML behind a %PDF- header, a JPEG+ZIP polyglot, a PNG declaring 100000×100000
pixels), and a NUL in a file's name (PostgreSQL refuses NUL in text). Policy: images are
re-encoded before anyone sees them, PDFs are inspected, polyglots refused, names cleaned."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from bot.bootstrap import build
from bot.config import Settings
from dialogs.materials import check_upload, safe_file_name, serving_headers
from dialogs.messages import ChatRef
from filing.validation import Invalid
from storage.crypto import Cipher
from tests.harness import Conversation
from tests.samples import JPEG, PDF, pdf
from tests.security.support import fill_first_filing


def _pdf_with(key: str, action: DictionaryObject) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if key == "/Names":  # a document-level script: /Names /JavaScript
        action = DictionaryObject({NameObject("/JavaScript"): DictionaryObject({
            NameObject("/Names"): ArrayObject([TextStringObject("x"), action])})})
    writer._root_object[NameObject(key)] = action
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _action(kind: str, **values: str) -> DictionaryObject:
    return DictionaryObject({NameObject("/S"): NameObject(kind), **{
        NameObject(f"/{name}"): TextStringObject(value) for name, value in values.items()}})


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return out.getvalue()


def _png_declaring(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


HOSTILE = {
    "pdf_with_javascript": _pdf_with("/Names", _action("/JavaScript", JS="app.alert(1)")),
    "pdf_opening_with_javascript": _pdf_with("/OpenAction",
                                             _action("/JavaScript", JS="app.alert(1)")),
    "pdf_with_launch_action": _pdf_with("/OpenAction", _action("/Launch", F="calc.exe")),
    "html_behind_a_pdf_header": b"%PDF-1.7\n<html><script>alert(document.cookie)</script>",
    "pdf_with_a_zip_after_its_end": PDF + _zip(),
    "jpeg_zip_polyglot": JPEG + _zip(),
    "png_of_100000_by_100000_pixels": _png_declaring(100_000, 100_000),
    "jpeg_cut_short": JPEG[: len(JPEG) // 2],
}


@pytest.mark.parametrize("attack", HOSTILE, ids=str)
def test_a_hostile_upload_is_refused_with_a_reason_quickly(attack: str) -> None:
    started = time.perf_counter()
    with pytest.raises(Invalid) as refused:
        check_upload(HOSTILE[attack])
    assert refused.value.msgid and time.perf_counter() - started < 2.0
    if attack.startswith("png_of"):
        assert "megapixels" in refused.value.msgid


def test_a_photo_is_re_encoded_without_its_metadata() -> None:
    exif = Image.Exif()
    exif[0x8825] = {2: (30.0, 15.0, 0.0)}  # GPS latitude: where the photo was taken
    exif[0x010E] = "张三 11010519491231002X"
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 200, 10)).save(out, "JPEG", exif=exif)
    stored = check_upload(out.getvalue()).data
    assert stored != out.getvalue() and b"11010519491231002X" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (800, 600) and not image.getexif()


def test_plain_scans_pass() -> None:
    assert check_upload(pdf(pages=3)).content_type == "application/pdf"
    assert check_upload(JPEG).content_type == "image/jpeg"


def test_materials_are_served_with_their_type_as_attachments_and_never_sniffed() -> None:
    headers = serving_headers("id_card_front.pdf", "application/pdf")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in headers["Content-Security-Policy"]
    assert serving_headers("x.html", "text/html")["Content-Type"] == "application/octet-stream"


@pytest.mark.parametrize("given, cleaned", [
    ("id\x00.jpg", "id.jpg"), ("../../etc/passwd", "passwd.jpg"), ("\u202egpj.exe", "gpj.jpg"),
    ("", "id_card_front.jpg"), ("a" * 300 + ".jpg", "a" * 116 + ".jpg")])
def test_file_names_are_cleaned(given: str, cleaned: str) -> None:
    assert safe_file_name(given, "id_card_front", "jpg") == cleaned


@pytest.mark.postgres
def test_a_nul_in_an_uploaded_file_name_does_not_break_confirmation_on_postgres(
        postgres_url: str, tmp_path: Path) -> None:
    app = build(Settings.from_env({"ICPBOT_DATA_DIR": str(tmp_path),
                                   "ICPBOT_DATABASE_URL": postgres_url,
                                   "ICPBOT_SECRET_KEY": Cipher.new_key()}))
    chat = Conversation(app.engine, ChatRef("test", "nul"))
    fill_first_filing(chat, ("front\x00.jpg", "back\x00\x00.jpg", "permit\x00.jpg"))
    chat.press("nav:confirm")
    assert "Submitted!" in chat.text
    [order] = app.filing.list(applicant="test:nul")
    assert all("\x00" not in m.file_name for m in app.filing.get(order.id).materials)
