"""A desk on a real database with a few orders, their materials and three accounts."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

from aiohttp.test_utils import TestClient
from PIL import Image, ImageDraw, ImageFont

from bot.bootstrap import App, build
from bot.web.passwords import hash_password
from dialogs.session import ChatProfile
from filing.lifecycle import Action
from filing.model import FilingOrder, Material
from filing.services import ReviewDecision
from storage.db import make_engine, session_factory
from storage.reviewers import SqlReviewerAccounts
from tests.integration.test_callback_api import settings_for
from tests.unit.test_lifecycle import sample_order

PASSWORD = "correct horse battery"
REVIEWERS = ("alice", "bob")
AUDITOR = "carol"


def png_bytes(text: str = "ID CARD", size: tuple[int, int] = (640, 400)) -> bytes:
    """A specimen card (no real person): enough to see that the desk shows the picture."""
    image = Image.new("RGB", size, (236, 242, 250))
    draw = ImageDraw.Draw(image)
    big, small = ImageFont.load_default(size=30), ImageFont.load_default(size=18)
    draw.rounded_rectangle((16, 16, size[0] - 16, size[1] - 16), radius=24,
                           outline=(31, 95, 191), width=6)
    draw.rectangle((40, 110, 200, 330), fill=(200, 212, 230))
    draw.text((40, 40), f"SPECIMEN {text}", fill=(20, 30, 50), font=big)
    for line, label in enumerate(("NAME  ZHANG SAN", "BORN  1949-12-31",
                                  "ADDRESS  HANGZHOU, ZHEJIANG", "No.  110105 1949 1231 002X")):
        draw.text((230, 120 + 50 * line), label, fill=(20, 30, 50), font=small)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def pdf_bytes(pages: int = 2) -> bytes:
    images = [Image.new("RGB", (595, 842), (255, 255, 255)) for _ in range(pages)]
    for number, image in enumerate(images, 1):
        draw = ImageDraw.Draw(image)
        draw.text((60, 60), f"SPECIMEN BUSINESS LICENCE, page {number}", fill=(0, 0, 0),
                  font=ImageFont.load_default(size=22))
        for row in range(12):
            draw.line((60, 130 + 40 * row, 535, 130 + 40 * row), fill=(180, 180, 180))
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:])
    return out.getvalue()


def accounts(app: App) -> SqlReviewerAccounts:
    return SqlReviewerAccounts(session_factory(make_engine(app.database_url)), app.cipher)


def add_accounts(app: App) -> None:
    reviewers = accounts(app)
    hashed = hash_password(PASSWORD)
    for name in REVIEWERS:
        reviewers.add(name, hashed)
    reviewers.add(AUDITOR, hashed, role="auditor")


def desk_world(tmp_path: Path, database_url: str | None = None) -> App:
    app = build(settings_for(tmp_path, database_url))
    add_accounts(app)
    return app


def submit_order(app: App, applicant: str = "telegram:5550001", *, domain: str = "example.com",
                 name: str = "张三", materials: bool = True) -> FilingOrder:
    app.store.save_profile(ChatProfile(applicant, "en"))
    order = sample_order()
    order.applicant = applicant
    order.entity.name = name
    order.websites[0].domain = domain
    if materials:  # stored for real, the sample's residence permit too
        order.materials = [
            Material(**app.materials.save(applicant, "id_card_front", "front.png", "image/png",
                                          png_bytes())),
            Material(**app.materials.save(applicant, "entity_certificate", "licence.pdf",
                                          "application/pdf", pdf_bytes())),
            Material(**app.materials.save(applicant, "residence_permit", "permit.png",
                                          "image/png", png_bytes(text="permit"))),
        ]
    return app.filing.submit(order, actor=applicant)


def resubmit_after_rejection(app: App, order: FilingOrder) -> FilingOrder:
    app.filing.decide(ReviewDecision(order.id, Action.REJECT, "alice", ("website_name",),
                                     "rename the site"))
    stored = app.filing.get(order.id)
    corrected = dataclasses.replace(stored, websites=[
        dataclasses.replace(stored.websites[0], name="美食分享日记本")], events=[])
    return app.filing.submit(corrected, actor=order.applicant)


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, html[:500]
    return found.group(1)


async def log_in(client: TestClient, name: str, password: str = PASSWORD,  # type: ignore[type-arg]
                 code: str = "") -> str:
    """Logs in; returns the session's CSRF token (read from the next page)."""
    form = await client.get("/login")
    token = csrf_of(await form.text())
    response = await client.post("/login", data={"csrf": token, "name": name,
                                                 "password": password, "code": code})
    assert response.status == 200, await response.text()
    return csrf_of(await response.text())
