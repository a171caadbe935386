"""The outbox relay: every notification delivered once, in the recipient's language, with
retries, blocked users, and several relays over one PostgreSQL outbox."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.bootstrap import App, build
from bot.config import Settings
from bot.relay import Relay
from dialogs.messages import Outgoing
from dialogs.session import ChatProfile
from filing.lifecycle import Action
from filing.ports import RecipientBlocked, RetryLater
from filing.services import ReviewDecision
from tests.integration.test_callback_api import settings_for
from tests.unit.test_lifecycle import sample_order


class RecordingNotifier:
    def __init__(self, faults: dict[str, list[Exception]] | None = None) -> None:
        self.sent: list[tuple[str, str]] = []
        self.faults = faults or {}
        self.lock = threading.Lock()

    async def send(self, recipient: str, messages: list[Outgoing]) -> None:
        with self.lock:
            queue = self.faults.get(recipient)
            if queue:
                raise queue.pop(0)
            self.sent.extend((recipient, m.text) for m in messages)

    @property
    def to_applicants(self) -> list[tuple[str, str]]:
        return [(user, text) for user, text in self.sent if not user.startswith("telegram:")]


def relay_for(app: App, notifier: RecordingNotifier) -> Relay:
    return app.relay(notifier)


def with_reviewers(settings: Settings, *user_ids: int) -> Settings:
    return dataclasses.replace(settings, admin_ids=frozenset(user_ids))


def submit_for(app: App, applicant: str, locale: str) -> str:
    app.store.save_profile(ChatProfile(applicant, locale))
    order = sample_order()
    order.applicant = applicant
    order_id = app.filing.submit(order, actor=applicant).id
    app.filing.decide(ReviewDecision(order_id, Action.APPROVE, "alice"))
    return order_id


async def drain(relay: Relay, rounds: int = 20) -> None:
    for _ in range(rounds):
        await relay.run_once(limit=100)


async def test_each_status_change_reaches_the_applicant_in_their_language(
        tmp_path: Path) -> None:
    app = build(settings_for(tmp_path))
    submit_for(app, "test:en", "en")
    submit_for(app, "test:zh", "zh_Hans")
    notifier = RecordingNotifier()
    await drain(relay_for(app, notifier))
    by_user = {user: [text for u, text in notifier.sent if u == user]
               for user in ("test:en", "test:zh")}
    assert len(by_user["test:en"]) == 2 and len(by_user["test:zh"]) == 2
    assert "12381" in by_user["test:en"][1]
    assert any("短信" in text for text in by_user["test:zh"])


async def test_retry_after_and_server_errors_are_retried_and_nothing_is_lost(
        tmp_path: Path) -> None:
    app = build(with_reviewers(settings_for(tmp_path), 900))
    submit_for(app, "test:1", "en")
    notifier = RecordingNotifier({"test:1": [RetryLater(0), ConnectionError("502")]})
    relay = relay_for(app, notifier)
    later = datetime.now(UTC)
    for _ in range(10):  # each round jumps past the back-off instead of sleeping through it
        await relay.run_once(limit=100)
        later += timedelta(minutes=10)
        app.outbox._now = lambda at=later: at  # type: ignore[misc]
    assert len(notifier.to_applicants) == 2
    assert len(notifier.sent) == 3  # and the reviewers heard of the submission


async def test_blocked_user_is_marked_and_not_sent_to_again(tmp_path: Path) -> None:
    app = build(settings_for(tmp_path))
    submit_for(app, "test:1", "en")
    notifier = RecordingNotifier({"test:1": [RecipientBlocked()]})
    await drain(relay_for(app, notifier))
    assert notifier.to_applicants == []
    profile = app.store.load_profile("test:1")
    assert profile is not None and profile.blocked
    app.filing.decide(ReviewDecision(app.filing.list()[0].id, Action.SMS_VERIFIED, "alice"))
    await drain(relay_for(app, notifier))
    assert notifier.to_applicants == []


@pytest.mark.postgres
def test_two_relays_on_postgres_send_everything_exactly_once(tmp_path: Path,
                                                             postgres_url: str) -> None:
    settings = settings_for(tmp_path, postgres_url)  # one key for all the workers
    app = build(settings)
    for number in range(40):
        submit_for(app, f"test:{number}", "en")
    notifier = RecordingNotifier()

    def run_relay() -> None:
        other = build(settings, migrate_first=False)
        asyncio.run(drain(relay_for(other, notifier), rounds=10))

    workers = [threading.Thread(target=run_relay) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    counts = Counter(notifier.sent)
    assert len(notifier.to_applicants) == 80  # two status changes for each of 40
    assert max(counts.values()) == 1
    assert app.outbox.pending_count() == 0


async def test_each_reviewer_is_told_of_a_new_order_in_their_own_language(
        tmp_path: Path) -> None:
    app = build(with_reviewers(settings_for(tmp_path), 901, 902))
    app.store.save_profile(ChatProfile("telegram:901", "en"))
    app.store.save_profile(ChatProfile("telegram:902", "zh_Hans"))
    submit_for(app, "test:1", "en")
    notifier = RecordingNotifier()
    await drain(relay_for(app, notifier))
    texts = dict(notifier.sent)
    assert "New order" in texts["telegram:901"]
    assert "新订单" in texts["telegram:902"]
    assert "New order" not in texts["telegram:902"]
