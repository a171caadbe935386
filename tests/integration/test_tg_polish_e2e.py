"""Issue 13 over the loopback fake Bot API: the bot polls the fake (real HTTP, the fake's
strict checks of HTML, lengths and keyboards), in both languages — the answer chosen shown on
the tapped question with its formatting kept, copyable order ids, typing… only when slow,
deep links, descriptions, the timeline picture and the PDF, and a reviewer's rejection with
two reasons and a note, the other reviewer's notice brought up to date."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot import bootstrap
from bot.bootstrap import App
from bot.config import Settings
from bot.i18n import translator
from bot.tg import commands
from bot.tg.app import build_application, deep_links, make_relay
from filing.lifecycle import Action, Status
from filing.model import FilingOrder
from filing.services import ReviewDecision
from storage.crypto import Cipher
from tests.fakes.bot_api_server import FakeBotApi
from tests.unit.test_lifecycle import sample_order

TOKEN = "123456:TEST"
USER = 5550001
REVIEWER = 9990001
OTHER_REVIEWER = 9990002
WAIT = 8.0


def zh(msgid: str) -> str:
    return translator("zh_Hans").gettext(msgid)


class Running:
    """The application polling the fake, and a person in a private chat with it."""

    def __init__(self, api: FakeBotApi, app: App, application: Any) -> None:
        self.api = api
        self.app = app
        self.application = application

    def count(self, chat: int) -> int:
        return len(self.api.sent_messages(chat))

    async def until(self, predicate: Callable[[], bool], what: str) -> None:
        for _ in range(int(WAIT / 0.02)):
            if predicate():
                return
            await asyncio.sleep(0.02)
        raise AssertionError(f"timed out waiting for {what}: "
                             f"{[m.get('text') for m in self.api.sent_messages(USER)][-5:]}")

    async def say(self, text: str, chat: int = USER, language: str = "en") -> dict[str, Any]:
        """Send ``text``; the first message the bot sends back."""
        before = self.count(chat)
        self.api.inject_text(chat, text, language_code=language)
        await self.until(lambda: self.count(chat) > before, f"an answer to {text!r}")
        return self.api.sent_messages(chat)[before]

    async def settled(self, chat: int = USER, quiet: float = 0.3) -> None:
        """Until the bot has sent nothing new for ``quiet`` seconds: a reply of several
        messages is complete (on a busy machine its last part can come late)."""
        count = -1
        for _ in range(100):
            if count == self.count(chat):
                return
            count = self.count(chat)
            await asyncio.sleep(quiet)

    async def press(self, chat: int, message_id: int, fragment: str,
                    language: str = "en") -> None:
        """Tap the button labelled with ``fragment`` on ``message_id``; wait for the edit."""
        message = self.api.message(chat, message_id)
        assert message is not None
        data = next(b["callback_data"] for row in message["reply_markup"]["inline_keyboard"]
                    for b in row if fragment in b["text"])
        answered = len(self.api.answered_callbacks())
        self.api.inject_callback(chat, data, message_id, language_code=language)
        await self.until(lambda: len(self.api.answered_callbacks()) > answered, "the answer")
        await asyncio.sleep(0.1)  # the edits and sends go out together with the answer


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(TOKEN) as server:
        yield server
    assert not server.internal_errors, server.internal_errors


@pytest.fixture
async def running(api: FakeBotApi, tmp_path: Path) -> AsyncIterator[Running]:
    settings = Settings(data_dir=tmp_path, database_url=None, telegram_token=TOKEN,
                        telegram_api_url=api.root_url,
                        admin_ids=frozenset({REVIEWER, OTHER_REVIEWER}),
                        secret_key=Cipher.new_key(), webhook_secret=None,
                        callback_secret=None, draft_reminder_days=3)
    app = bootstrap.build(settings)
    application = build_application(app)
    async with application:
        assert application.post_init is not None
        await application.post_init(application)  # descriptions and menus, as run_polling
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        yield Running(api, app, application)
        await application.updater.stop()
        await application.stop()


def file_order(app: App, user: int = USER) -> FilingOrder:
    order = sample_order()
    order.applicant = f"telegram:{user}"
    return app.filing.submit(order, actor=order.applicant)


@pytest.mark.parametrize("language, label", [("en", "📝 New filing"),
                                             ("zh-hans", zh("📝 New filing"))])
async def test_tapped_question_keeps_its_text_and_shows_the_choice(
        running: Running, language: str, label: str) -> None:
    menu = await running.say("/start", language=language)
    question = next(m for m in running.api.sent_messages(USER) if m.get("reply_markup"))

    await running.press(USER, question["message_id"], label, language)

    shown = running.api.message(USER, question["message_id"])
    assert shown is not None and "reply_markup" not in shown
    assert shown["text"] == f"{question['text']}\n\n✓ {label}"
    assert menu["text"]
    edits = [r["method"] for r in running.api.requests() if r["method"].startswith("edit")]
    assert edits == ["editMessageText"]


async def test_order_ids_are_sent_as_code_entities(running: Running) -> None:
    order = file_order(running.app)

    listing = await running.say("/status")

    assert listing["parse_mode"] == "HTML"
    stored = running.api.message(USER, listing["message_id"])
    assert stored is not None
    start = stored["text"].index(order.id)
    assert {"type": "code", "offset": start, "length": len(order.id)} in stored["entities"]


async def test_typing_is_sent_only_when_the_answer_is_slow(
        running: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    await running.say("/help")
    assert running.api.chat_actions(USER) == []

    real = running.app.engine.handle

    async def slow(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(0.6)
        return await real(*args, **kwargs)

    monkeypatch.setattr(running.app.engine, "handle", slow)
    await running.say("/help")
    assert running.api.chat_actions(USER) == ["typing"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
async def test_deep_links_open_a_flow_and_a_signed_fix_screen(running: Running,
                                                              language: str) -> None:
    order = file_order(running.app)
    running.app.filing.decide(ReviewDecision(order.id, Action.REJECT, "cli", ("website_name",)))
    links = deep_links(running.app)

    first = await running.say(f"/start {links.fix_payload(order.id)}", language=language)
    fixing = zh("Let's correct order {order_id}. I'll take you to what the reviewer flagged; "
                "everything else is kept.") if language != "en" else \
        "Let's correct order {order_id}."
    await running.until(lambda: any(fixing.split("{")[0] in (m["text"] or "") for m in
                                    running.api.sent_messages(USER)), "the fix screen")
    await running.settled()  # the fix screen's question too, before the next /start
    forged = await running.say(f"/start {links.fix_payload(order.id)[:-2]}xx",
                               language=language)
    assert first["text"]
    from bot.tg.deeplinks import LINK_INVALID
    assert forged["text"] == (LINK_INVALID if language == "en" else zh(LINK_INVALID))


async def test_descriptions_and_menus_are_set_in_both_languages(running: Running) -> None:
    api = running.api
    assert api.description("") == commands.DESCRIPTION
    assert api.description("zh") == zh(commands.DESCRIPTION)
    assert api.description("zh", short=True) == zh(commands.SHORT_DESCRIPTION)
    reviewer = api.commands("", {"type": "chat", "chat_id": REVIEWER})
    assert "queue" in [c["command"] for c in reviewer]
    assert "summary" in [c["command"] for c in api.commands("zh")]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
async def test_status_picture_and_summary_pdf_arrive_as_files(running: Running,
                                                              language: str) -> None:
    from PIL import Image
    from pypdf import PdfReader

    order = file_order(running.app)
    running.app.filing.decide(ReviewDecision(order.id, Action.APPROVE, "reviewer"))

    await running.say("/status", language=language)
    await running.until(lambda: any(m["method"] == "sendPhoto"
                                    for m in running.api.sent_messages(USER)), "the picture")
    await running.say("/summary", language=language)
    await running.until(lambda: any(m["method"] == "sendDocument"
                                    for m in running.api.sent_messages(USER)), "the PDF")

    sent = running.api.sent_messages(USER)
    photo = next(m for m in sent if m["method"] == "sendPhoto")
    document = next(m for m in sent if m["method"] == "sendDocument")
    png = _file(running.api, photo["photo"][-1])
    assert Image.open(io.BytesIO(png)).size == (1200, 460)
    assert order.id in (photo["caption"] or "")
    assert document["document"]["file_name"] == f"order-{order.id}.pdf"
    pdf = PdfReader(io.BytesIO(_file(running.api, document["document"])))
    assert len(pdf.pages) == 1 and order.id in pdf.pages[0].extract_text()


def _file(api: FakeBotApi, media: dict[str, Any]) -> bytes:
    data = api.uploaded(media["file_id"])
    assert data is not None
    return data


async def test_a_rejection_with_two_reasons_and_a_note_closes_the_other_notice(
        running: Running) -> None:
    order = file_order(running.app)
    relay = make_relay(running.app, running.application.bot)
    await relay.run_once()  # the new-order notices reach both reviewers
    notice = {chat: next(m for m in running.api.sent_messages(chat) if m.get("reply_markup"))
              for chat in (REVIEWER, OTHER_REVIEWER)}
    card = notice[REVIEWER]["message_id"]

    for label in ("❌", "Website name", "Unclear materials", "Reject: 2 reasons", "✍️"):
        await running.press(REVIEWER, card, label)
    confirm = await running.say("Please use the name on the <certificate> & retry",
                                chat=REVIEWER)
    await running.press(REVIEWER, confirm["message_id"], "✅")

    decided = running.app.filing.get(order.id)
    assert decided.status is Status.PROVIDER_REJECTED
    assert decided.history[-1].reasons == ("website_name", "materials_unclear")
    await relay.run_once()  # the applicant is told; the other reviewer's notice follows
    other = running.api.message(OTHER_REVIEWER, notice[OTHER_REVIEWER]["message_id"])
    assert other is not None and "reply_markup" not in other
    assert "Returned by the provider" in other["text"]
    assert "<certificate>" in other["text"]  # the note, shown as typed (escaped on the wire)
