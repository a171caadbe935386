"""Faults (issue 9): `icpbot run` as a subprocess against the loopback fake Bot API, killed,
starved of its database, scaled out and flooded; conversations and notifications must hold.

Every test prints its figures and writes them to ``figures.json`` under its tmp_path;
README.md "## Reliability" quotes a run of
``.venv/bin/pytest -q -s tests/integration/test_faults.py``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import random
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bench.autopilot import Autopilot
from bot.bootstrap import App, build
from bot.config import Settings
from bot.i18n import translator
from dialogs.flood import FloodGuard
from dialogs.flows import all_flows
from dialogs.labels import STATUSES
from filing.errors import DomainError
from filing.lifecycle import Action, Status
from filing.services import ReviewDecision
from storage.db import SessionFactory, make_engine, session_factory
from storage.tables import OutboxRow
from tests.e2e_support import (
    REVIEWER,
    BotProcess,
    Person,
    bot_environment,
    field_of,
    free_port,
    split_token,
    start_polling,
    title_of,
    token_of,
    wait_started,
)
from tests.fakes.bot_api_server import FakeBotApi

pytestmark = pytest.mark.slow

FLOW = all_flows()["first_filing"]
UNAVAILABLE = "temporarily unavailable"
REPLY_TIMEOUT = 6.0  # no reply by then: the bot was probably killed; resume with /start
NEXT_STEP: dict[Status, Action] = {  # how the test's reviewer moves an order on
    Status.PROVIDER_REVIEW: Action.APPROVE,
    Status.SMS_VERIFICATION: Action.SMS_VERIFIED,
    Status.ADMINISTRATION_REVIEW: Action.ADMINISTRATION_APPROVE,
}


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi("123456:TEST").run_in_thread() as server:
        yield server
    assert not server.internal_errors, server.internal_errors


def record(tmp_path: Path, name: str, figures: dict[str, Any]) -> None:
    print(f"\n[{name}] " + json.dumps(figures, ensure_ascii=False, sort_keys=True))
    (tmp_path / "figures.json").write_text(json.dumps({name: figures}, indent=2,
                                                      ensure_ascii=False, sort_keys=True))


# --- shared: seeded orders, the reviewer, the outbox check -------------------------------


def seed_orders(app: App, users: list[int], per_user: int) -> list[str]:
    """Submitted first-time filings for ``users`` (straight through the engine, unthrottled)."""
    flows = all_flows()
    engine = build(app.settings, migrate_first=False,
                   flood=FloodGuard(rate=1e6, burst=10**6)).engine
    orders = []
    for user in users:
        for _ in range(per_user):
            pilot = Autopilot(engine, app.store, flows, user, channel="telegram")
            pilot.start()
            for _step in range(80):
                incoming = pilot.next_input()
                if incoming is None:
                    break
                pilot.send(incoming)
            orders += [d.order_id for d in app.store.drafts_of(f"telegram:{user}")
                       if d.order_id and d.order_id not in orders]
    return orders


def review_step(app: App) -> bool:
    """Move one random open order one status on, as a reviewer would; False: none left."""
    movable = [o for o in app.filing.list() if Status(o.status) in NEXT_STEP]
    if not movable:
        return False
    order = random.choice(movable)
    with contextlib.suppress(DomainError):  # only this thread decides; just in case
        app.filing.decide(ReviewDecision(order.id, NEXT_STEP[Status(order.status)],
                                         f"telegram:{REVIEWER}"))
    return True


@functools.cache
def _sessions(url: str) -> SessionFactory:
    return session_factory(make_engine(url))


def outbox_rows(app: App) -> list[OutboxRow]:
    with _sessions(app.database_url)() as session:
        return list(session.exec(select(OutboxRow)).all())


def wait_outbox_drained(app: App, timeout: float) -> float:
    """Seconds until every outbox row is sent (or dead); AssertionError after ``timeout``."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        if all(row.status in ("sent", "dead") for row in outbox_rows(app)):
            return time.monotonic() - began
        time.sleep(0.5)
    left = [(r.id, r.status, r.available_at) for r in outbox_rows(app)
            if r.status not in ("sent", "dead")]
    raise AssertionError(f"notifications not delivered within {timeout}s: {left}")


def status_head(order_id: str, status: str) -> str:
    t = translator("en")
    return t.gettext("Order {order_id}: {status}.").format(
        order_id=order_id, status=t.gettext(STATUSES.get(status, status)))


def deliveries(api: FakeBotApi, app: App) -> dict[str, int]:
    """Each status change and new-order note against what reached the fake: none may be
    lost; a row delivered twice must have been claimed twice (a kill between send and mark:
    the at-least-once window) — never a row that was sent and marked once."""
    rows = outbox_rows(app)
    assert rows and all(row.status == "sent" for row in rows), \
        [(r.id, r.status, r.last_error) for r in rows if r.status != "sent"]
    lost, duplicated, claimed_again = [], 0, 0
    for row in rows:
        payload = app.cipher.open(row.payload_enc) if row.payload_enc else row.payload  # sealed
        if row.event == "OrderStatusChanged":
            chat = int(row.recipient.split(":", 1)[1])
            head = status_head(payload["order_id"], payload["new_status"])
        elif row.event == "OrderSubmitted":
            chat, head = REVIEWER, f"New order {payload['order_id']} to review"
        else:
            continue
        got = sum((m["text"] or "").startswith(head) for m in api.sent_messages(chat)
                  if m["method"] == "sendMessage")
        claimed_again += row.attempts > 1
        if got == 0:
            lost.append((row.id, row.event, head))
        elif got > 1:
            duplicated += got - 1
            assert row.attempts > 1, f"row {row.id} sent twice but claimed once: {head}"
    assert not lost, lost
    return {"notifications": len(rows), "duplicates": duplicated,
            "rows_claimed_more_than_once": claimed_again}


# --- 1. crash safety ----------------------------------------------------------------------


@dataclass
class Ack:
    draft_id: str
    version: int  # the draft version the answer produced
    field: str
    kind: str
    value: str


@dataclass
class Journey:
    """What one person saw: answers acknowledged and resumptions after restarts."""

    person: Person
    acks: list[Ack] = field(default_factory=list)
    resumed: int = 0
    resumed_with_answer_applied: int = 0
    submitted: int = 0
    unavailable: int = 0  # "temporarily unavailable … not saved" answers


class CrashDriver:
    """Drives one person through filings while the bot is killed and restarted."""

    def __init__(self, api: FakeBotApi, app: App, user: int, stop: threading.Event) -> None:
        self.api = api
        self.app = app
        self.journey = Journey(Person(api, user))
        self.stop = stop
        self.errors: list[str] = []

    @property
    def person(self) -> Person:
        return self.journey.person

    def run(self) -> None:
        try:
            self.resume(None, "")
            for _ in range(2000):
                if self.stop.is_set():
                    return
                self.turn()
        except Exception as error:  # reported by the test's main thread
            import traceback

            self.errors.append(f"user {self.person.user}: {error!r}\n"
                               f"{traceback.format_exc()}")

    def turn(self) -> None:
        person = self.person
        question = person.question()
        if question is None:
            self.resume(None, "")
            return
        kind, value = person.next_action(question)
        token = token_of(question)
        title = title_of(question["text"])
        before = person.count()
        person.act(kind, value, question)
        reply = person.wait_for(lambda m: bool(m.get("reply_markup")) or any(
            text in (m["text"] or "") for text in ("Submitted!", UNAVAILABLE)),
            before, REPLY_TIMEOUT)
        if reply is None:  # killed somewhere between receiving and answering
            self.resume(question, value)
            return
        if UNAVAILABLE in (reply["text"] or ""):  # not saved: send it again a bit later
            self.journey.unavailable += 1
            time.sleep(0.5)
            return
        if "Submitted!" in (reply["text"] or ""):
            self.submitted(token)
            return
        new_token = token_of(reply)
        if token:
            draft_id, version = split_token(token)
            new_id, new_version = split_token(new_token)
            assert (new_id, new_version) == (draft_id, version + 1), \
                f"{title!r}: {token} → {new_token} (an answer lost or applied twice)"
            self.acknowledged(draft_id, version + 1, title, kind, value)

    def acknowledged(self, draft_id: str, version: int, title: str, kind: str,
                     value: str) -> None:
        name = field_of(FLOW, title) or ("nav" if value.startswith("nav:") else "")
        if name:
            self.journey.acks.append(Ack(draft_id, version, name, kind, value))

    def submitted(self, token: str) -> None:
        draft_id, _ = split_token(token)
        draft = self.app.store.load_draft(draft_id)
        assert draft is not None and draft.status == "submitted" and draft.order_id, draft
        self.journey.submitted += 1
        self.person.filings += 1
        self.start_over()

    def start_over(self) -> None:
        before = self.person.count()
        self.person.act("text", "/start")
        if self.person.wait_for_question(before, REPLY_TIMEOUT) is None:
            self.resume(None, "")

    def resume(self, question: dict[str, Any] | None, value: str) -> None:
        """/start until the bot answers; then the step shown must be the one stored, and
        the same draft at the version seen (answer not applied) or one later (applied once)."""
        person = self.person
        for _attempt in range(20):
            if self.stop.is_set() and question is None:
                return
            before = person.count()
            person.act("text", "/start")
            reply = person.wait_for_question(before, REPLY_TIMEOUT)
            if reply is not None:
                break
        else:
            raise AssertionError(f"user {person.user}: no answer to /start")
        welcome = person.wait_for_text("Welcome back", before, 0.1) is not None
        token = token_of(question) if question is not None else ""
        if welcome:
            self.check_stored_step(reply)
        if not token:
            return
        self.journey.resumed += 1
        draft_id, version = split_token(token)
        if not welcome:  # no open draft: only right if the tap was the confirmation
            assert value == "nav:confirm", f"user {person.user} lost draft {draft_id}"
            self.submitted(token)
            return
        new_id, new_version = split_token(token_of(reply))
        assert new_id == draft_id and new_version in (version, version + 1), \
            f"user {person.user}: resumed at {token_of(reply)} after {token}"
        if new_version == version + 1:
            self.journey.resumed_with_answer_applied += 1
            kind, _ = person.next_action(question) if question else ("", "")
            self.acknowledged(draft_id, new_version, title_of(question["text"]
                                                              if question else ""),
                              kind, value)

    def check_stored_step(self, reply: dict[str, Any]) -> None:
        """The draft the bot resumed is stored at the step it shows."""
        draft_id, version = split_token(token_of(reply))
        draft = self.app.store.load_draft(draft_id)
        assert draft is not None and draft.version == version, (draft, token_of(reply))
        title = title_of(reply["text"])
        expected = field_of(FLOW, title) if title else "summary"
        assert draft.state == expected, (draft.state, title)


def check_answers(app: App, journeys: list[Journey]) -> int:
    """Every acknowledged answer is in the stored draft; returns how many were checked."""
    checked = 0
    for journey in journeys:
        for ack in journey.acks:
            draft = app.store.load_draft(ack.draft_id)
            assert draft is not None and draft.version >= ack.version, ack
            if ack.field == "nav":
                continue
            stored = draft.answers.get(ack.field)
            step = FLOW.fields[ack.field]
            if ack.kind == "press" and ack.value.startswith("ans:"):
                assert stored == ack.value[4:], (ack, stored)
            elif ack.kind == "press":  # skipped
                assert stored in (None, ""), (ack, stored)
            elif ack.kind == "photo":
                assert isinstance(stored, dict), (ack, stored)
            else:
                assert step.parse is not None
                assert stored == step.parse(ack.value, draft.answers), (ack, stored)
            checked += 1
    return checked


def test_sigkill_at_random_moments_loses_no_acknowledged_answer_or_notification(
        api: FakeBotApi, tmp_path: Path) -> None:
    kills_wanted = 30
    users = [5550001, 5550002, 5550003, 5550004]
    recipients = [5560001, 5560002, 5560003, 5560004]
    env = bot_environment(api, tmp_path / "data")
    app = build(Settings.from_env(env))
    seed_orders(app, recipients, 3)
    bot = BotProcess([], env, tmp_path / "bot.log")
    restart_seconds = [start_polling(api, bot)]
    stop = threading.Event()
    drivers = [CrashDriver(api, app, user, stop) for user in users]
    threads = [threading.Thread(target=d.run, name=f"user-{d.person.user}", daemon=True)
               for d in drivers]

    def reviewer() -> None:
        while not stop.wait(random.uniform(0.3, 0.8)):
            review_step(app)

    threads.append(threading.Thread(target=reviewer, name="reviewer", daemon=True))
    for thread in threads:
        thread.start()
    rng = random.Random(9)
    kills = kills_while_sending = 0
    began = time.monotonic()
    try:
        for _ in range(kills_wanted):
            time.sleep(rng.uniform(0.8, 3.0))
            sending = sum(row.status == "sending" for row in outbox_rows(app))
            bot.kill()
            kills += 1
            kills_while_sending += sending > 0
            assert not any(d.errors for d in drivers), [d.errors for d in drivers]
            restart_seconds.append(start_polling(api, bot))
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        errors = [e for d in drivers for e in d.errors]
        assert not errors, "\n".join(errors) + f"\n--- bot output ---\n{bot.output()}"
        while review_step(app):  # the rest of the orders, with the bot up
            pass
        drained = wait_outbox_drained(app, timeout=120)
        time.sleep(1.0)  # a duplicate would show up just after the last mark
    finally:
        stop.set()
        bot.stop()
    journeys = [d.journey for d in drivers]
    for user in users:  # a confirmation replayed after a kill must not file a second order
        chat = f"telegram:{user}"
        submitted = [d for d in app.store.drafts_of(chat) if d.status == "submitted"]
        assert len(app.filing.list(applicant=chat)) == len(submitted), user
    figures = {
        "kills": kills, "kills_with_notification_rows_leased": kills_while_sending,
        "restart_seconds_median": round(statistics.median(restart_seconds), 2),
        "answers_acknowledged": sum(len(j.acks) for j in journeys),
        "answers_checked": check_answers(app, journeys),
        "filings_submitted_during_kills": sum(j.submitted for j in journeys),
        "resumptions_after_kill": sum(j.resumed for j in journeys),
        "resumed_with_unacknowledged_answer_applied":
            sum(j.resumed_with_answer_applied for j in journeys),
        "drain_seconds_after_last_kill": round(drained, 1),
        "seconds": round(time.monotonic() - began, 1),
        **deliveries(api, app),
    }
    record(tmp_path, "crash_safety", figures)
    # How many kills land between saving a step and sending its reply is chance (the window
    # is a few milliseconds), so that count is reported, not asserted.
    assert kills >= 30 and figures["answers_checked"] > 0


# --- 2. double taps and old buttons -------------------------------------------------------


@pytest.fixture
def polling_bot(api: FakeBotApi, tmp_path: Path) -> Iterator[tuple[BotProcess, App]]:
    env = bot_environment(api, tmp_path / "data")
    app = build(Settings.from_env(env))
    bot = BotProcess([], env, tmp_path / "bot.log")
    start_polling(api, bot)
    try:
        yield bot, app
    finally:
        bot.stop()


def open_filing(person: Person) -> dict[str, Any]:
    """/start → New filing → first-time filing: the first step of a new draft."""
    for kind, value, expect in (("text", "/start", "What would you like to do?"),
                                ("press", "menu:new", "Which operation do you need?"),
                                ("press", "flow:first_filing", "· 1/")):
        before = person.count()
        person.act(kind, value, person.question())
        assert person.wait_for_text(expect, before, 10) is not None, (value, expect)
    question = person.question()
    assert question is not None and token_of(question)
    return question


def test_double_tap_moves_one_step_and_an_old_button_changes_nothing(
        api: FakeBotApi, polling_bot: tuple[BotProcess, App], tmp_path: Path) -> None:
    bot, app = polling_bot
    person = Person(api, 5570001)
    question = open_filing(person)
    draft_id, version = split_token(token_of(question))
    data = person.button(question, "ans:CN-ZJ")
    before = person.count()

    with api._lock:  # both taps in the same getUpdates batch, as a fast double tap arrives
        taps = [api.inject_callback(person.user, data, question["message_id"])
                for _ in range(2)]
    assert api.wait_until(lambda: len({a["callback_query_id"] for a in api.answered_callbacks()
                                       } & set(taps)) == 2, 10), bot.output()
    time.sleep(0.5)  # anything else the second tap would cause has arrived by now

    draft = app.store.load_draft(draft_id)
    assert draft is not None and draft.version == version + 1, draft
    assert draft.answers["region"] == "CN-ZJ" and draft.state == "entity_type"
    asked = [m for m in person.messages(before) if m.get("reply_markup")]
    assert len(asked) == 1 and title_of(asked[0]["text"]) == "Entity type", asked
    toasts = [a["text"] for a in api.answered_callbacks() if a["callback_query_id"] in taps]
    assert sorted(toasts, key=str)[-1:] == [
        "That button belongs to an earlier question; nothing was changed."], toasts
    assert None in toasts  # the tap that counted: answered without a toast

    # A typed answer leaves the question's buttons on screen; then tap one of them.
    for kind, value in (("press", "ans:individual"), ("text", "张三")):
        before = person.count()
        person.act(kind, value, person.question())
        assert person.wait_for_question(before, 10) is not None, bot.output()
    stale = next(m for m in person.messages() if title_of(m["text"]) == "Entity name"
                 and m.get("reply_markup"))
    on_screen = api.message(person.user, stale["message_id"])
    assert on_screen is not None and on_screen.get("reply_markup")  # still there
    draft = app.store.load_draft(draft_id)
    assert draft is not None and draft.state == "certificate_type"
    version = draft.version
    before = person.count()
    old = api.inject_callback(person.user, person.button(stale, "nav:back"),
                              stale["message_id"])
    assert api.wait_until(lambda: any(a["callback_query_id"] == old
                                      for a in api.answered_callbacks()), 10)
    time.sleep(0.5)
    [answer] = [a for a in api.answered_callbacks() if a["callback_query_id"] == old]
    assert answer["text"] == "That button belongs to an earlier question; nothing was changed."
    draft = app.store.load_draft(draft_id)
    assert draft is not None and draft.version == version
    assert draft.state == "certificate_type" and draft.answers["entity_name"] == "张三"
    assert not person.messages(before), "the current question is already on screen"
    record(tmp_path, "double_tap", {"double_taps_answered": len(taps),
                                    "toasts": [*toasts, answer["text"]]})


# --- 5. a flooding user -------------------------------------------------------------------


POLITE = "You are sending messages very fast"


def round_trips(api: FakeBotApi, user: int, count: int, pace: float,
                latencies: list[float], missing: list[str]) -> None:
    """``count`` times /help and its answer; reply latency measured by the fake's clock."""
    for number in range(count):
        before = len(api.sent_messages(user))
        sent_at = time.monotonic()
        api.inject_text(user, "/help")
        if not wait_for_count(api, user, before + 1, 15):
            missing.append(f"user {user}: no reply to message {number}")
            continue
        latencies.append(api.sent_messages(user)[before]["at"] - sent_at)
        time.sleep(max(0.0, sent_at + pace - time.monotonic()))


def wait_for_count(api: FakeBotApi, user: int, count: int, timeout: float) -> bool:
    return api.wait_until(lambda: len(api.sent_messages(user)) >= count, timeout)


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def test_a_flooding_user_is_throttled_politely_and_others_get_every_reply(
        api: FakeBotApi, polling_bot: tuple[BotProcess, App], tmp_path: Path) -> None:
    bot, _app = polling_bot
    others, flooder, per_user, flood_size = [5580001, 5580002, 5580003], 5589999, 15, 400

    def measure(flood: bool) -> tuple[list[float], list[str], int]:
        latencies: list[float] = []
        missing: list[str] = []
        threads = [threading.Thread(target=round_trips,
                                    args=(api, user, per_user, 0.6, latencies, missing))
                   for user in others]
        for thread in threads:
            thread.start()
        sent = 0
        if flood:  # hundreds of messages in about three seconds
            for number in range(flood_size):
                api.inject_text(flooder, f"spam {number}")
                sent += 1
                time.sleep(0.0075)
        for thread in threads:
            thread.join(timeout=60)
        return latencies, missing, sent

    quiet, quiet_missing, _ = measure(flood=False)
    loud, loud_missing, flooded = measure(flood=True)
    assert bot.alive(), bot.output()
    assert not quiet_missing and not loud_missing, quiet_missing + loud_missing
    assert len(quiet) == len(loud) == per_user * len(others)
    replies = [m for m in api.sent_messages(flooder) if m["method"] == "sendMessage"]
    polite = [m for m in replies if POLITE in (m["text"] or "")]
    assert polite, [m["text"] for m in replies][:5]
    figures = {
        "flood_messages": flooded, "flooder_replies": len(replies),
        "flooder_polite_messages": len(polite),
        "others_replies_each_phase": len(loud),
        "others_p99_ms_without_flood": round(p99(quiet) * 1000),
        "others_p99_ms_with_flood": round(p99(loud) * 1000),
        "others_median_ms_without_flood": round(statistics.median(quiet) * 1000),
        "others_median_ms_with_flood": round(statistics.median(loud) * 1000),
    }
    record(tmp_path, "flood", figures)
    assert len(replies) < flooded / 4  # throttled, not answered message by message


# --- 3. the database unavailable for a while -----------------------------------------------


def set_database_available(admin_url: str, database: str, available: bool) -> None:
    """Make one test database (un)reachable without touching the server: other tests and
    CI share that PostgreSQL server, so stopping it is not an option. ALLOW_CONNECTIONS
    false refuses new connections (superusers too) and pg_terminate_backend drops the
    bot's pooled ones, which is what a database failover or network cut looks like."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as admin:
        flag = "true" if available else "false"
        admin.execute(f'ALTER DATABASE "{database}" WITH ALLOW_CONNECTIONS {flag}')
        if not available:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = %s AND pid <> pg_backend_pid()", (database,))


@pytest.mark.postgres
def test_database_outage_says_not_saved_then_recovers_by_itself(
        api: FakeBotApi, postgres_server: str, postgres_url: str, tmp_path: Path) -> None:
    from sqlalchemy.engine import make_url

    database = make_url(postgres_url).database
    assert database is not None
    env = bot_environment(api, tmp_path / "data", ICPBOT_DATABASE_URL=postgres_url)
    app = build(Settings.from_env(env))
    bot = BotProcess([], env, tmp_path / "bot.log")
    start_polling(api, bot)
    stop = threading.Event()
    drivers = [CrashDriver(api, app, user, stop) for user in (5590001, 5590002, 5590003)]
    threads = [threading.Thread(target=d.run, daemon=True) for d in drivers]
    probe = Person(api, 5590009)
    outage = recovery = 0.0
    try:
        for thread in threads:
            thread.start()
        open_filing(probe)
        for kind, value in (("press", "ans:CN-ZJ"), ("press", "ans:individual")):
            before = probe.count()
            probe.act(kind, value, probe.question())
            assert probe.wait_for_question(before, 10) is not None, bot.output()
        question = probe.question()
        assert question is not None and title_of(question["text"]) == "Entity name"
        draft_id, version = split_token(token_of(question))
        time.sleep(1.0)  # the load runs

        down = time.monotonic()
        set_database_available(postgres_server, database, False)
        try:
            time.sleep(1.0)
            before = probe.count()
            probe.act("text", "张三")
            said = probe.wait_for(lambda m: True, before, 15)
            assert said is not None and UNAVAILABLE in said["text"], (said, bot.output())
            assert "not saved" in said["text"] and "send it again" in said["text"]
            time.sleep(3.0)  # the load keeps hitting the dead database
            assert bot.alive(), bot.output()
        finally:
            set_database_available(postgres_server, database, True)
        up = time.monotonic()
        outage = up - down

        for _attempt in range(40):  # the probe resends until the bot answers normally
            before = probe.count()
            probe.act("text", "张三")
            reply = probe.wait_for(lambda m: True, before, 15)
            assert reply is not None, bot.output()
            if UNAVAILABLE not in reply["text"]:
                break
            time.sleep(0.5)
        recovery = time.monotonic() - up
        reply = probe.wait_for_question(before, 10)
        assert reply is not None and title_of(reply["text"]) == "Certificate type", reply
        time.sleep(3.0)  # the load goes on after the outage
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        errors = [e for d in drivers for e in d.errors]
        assert not errors, "\n".join(errors) + f"\n--- bot output ---\n{bot.output()}"
        assert bot.alive(), bot.output()
    finally:
        stop.set()
        code = bot.stop()
    assert code == 0, bot.output()
    draft = app.store.load_draft(draft_id)
    assert draft is not None and draft.version == version + 1, draft
    assert draft.answers["entity_name"] == "张三" and draft.state == "certificate_type"
    journeys = [d.journey for d in drivers]
    figures = {
        "outage_seconds": round(outage, 1), "recovery_seconds": round(recovery, 2),
        "unavailable_replies_to_load": sum(j.unavailable for j in journeys),
        "answers_checked": check_answers(app, journeys),
    }
    record(tmp_path, "database_outage", figures)
    assert figures["unavailable_replies_to_load"] > 0


# --- 4. two workers on one database -------------------------------------------------------


def webhook_is(api: FakeBotApi, url: str) -> Callable[[], bool]:
    return lambda: bool(api.webhook_info()["url"] == url)


@pytest.mark.postgres
def test_two_webhook_workers_keep_drafts_consistent_and_notify_once(
        api: FakeBotApi, postgres_url: str, tmp_path: Path) -> None:
    env = bot_environment(api, tmp_path / "data", ICPBOT_DATABASE_URL=postgres_url)
    app = build(Settings.from_env(env))
    users = [5600001, 5600002, 5600003, 5600004]
    workers, urls = [], []
    for number in (1, 2):
        port = free_port()
        url = f"http://127.0.0.1:{port}/telegram"
        worker = BotProcess(["--webhook-url", url, "--listen", "127.0.0.1", "--port",
                             str(port)], env, tmp_path / f"worker{number}.log")
        worker.start()
        workers.append(worker)
        urls.append(url)
        wait_started(api, worker, webhook_is(api, url))
    # Round-robin over both workers; every third update also goes to the other one at the
    # same moment, as Telegram's redelivery of an unconfirmed update to another worker would.
    api.route_webhooks(urls, duplicate_every=3)
    stop = threading.Event()
    drivers = [CrashDriver(api, app, user, stop) for user in users]
    threads = [threading.Thread(target=d.run, daemon=True) for d in drivers]
    began = time.monotonic()
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline and not all(d.journey.submitted >= 1 or d.errors
                                                      for d in drivers):
            time.sleep(0.5)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        errors = [e for d in drivers for e in d.errors]
        assert not errors, "\n".join(errors) + "".join(
            f"\n--- {w.log.name} ---\n{w.output()}" for w in workers)
        assert all(d.journey.submitted >= 1 for d in drivers), \
            [d.journey.submitted for d in drivers]
        while review_step(app):  # every order to approved: three notifications each
            pass
        drained = wait_outbox_drained(app, timeout=90)
        time.sleep(1.5)  # a second delivery would have arrived by now
        assert all(w.alive() for w in workers)
    finally:
        stop.set()
        codes = [w.stop() for w in workers]
    assert codes == [0, 0], "".join(w.output() for w in workers)
    journeys = [d.journey for d in drivers]
    for user in users:
        chat = f"telegram:{user}"
        submitted = [d for d in app.store.drafts_of(chat) if d.status == "submitted"]
        assert len(app.filing.list(applicant=chat)) == len(submitted), user
    delivered = deliveries(api, app)
    assert delivered["duplicates"] == 0 and delivered["rows_claimed_more_than_once"] == 0
    figures = {
        "workers": 2, "users": len(users),
        "filings_submitted": sum(j.submitted for j in journeys),
        "answers_checked": check_answers(app, journeys),
        "webhook_posts": api.stats()["webhook_deliveries"],
        "drain_seconds": round(drained, 1), "seconds": round(time.monotonic() - began, 1),
        **delivered,
    }
    record(tmp_path, "scale_out", figures)
