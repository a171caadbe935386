"""The relay against the loopback fake Bot API: 429 retry_after, 502s and a blocked user;
every notification reaches every other applicant exactly once."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.bootstrap import build
from bot.tg.app import make_relay, relay_bot
from tests.fakes.bot_api_server import FakeBotApi
from tests.integration.test_callback_api import settings_for
from tests.integration.test_relay import submit_for

USERS = (5550001, 5550002, 5550003, 5550004)
BLOCKED = 5550003


async def test_faults_and_a_blocked_user_lose_nothing_and_duplicate_nothing(
        tmp_path: Path) -> None:
    async with FakeBotApi() as fake:
        settings = dataclasses.replace(settings_for(tmp_path), telegram_token=fake.token,
                                       telegram_api_url=fake.root_url)
        app = build(settings)
        for user in USERS:
            submit_for(app, f"telegram:{user}", "en")  # two status changes each
        fake.block_user(BLOCKED)
        fake.fail_next("sendMessage", 429, times=2, retry_after=1)
        fake.fail_next("sendMessage", 502, times=2)
        async with relay_bot(settings) as bot:
            relay = make_relay(app, bot)
            moment = datetime.now(UTC)
            for _ in range(30):  # each round jumps past the back-off instead of sleeping
                await relay.run_once(limit=50)
                if app.outbox.pending_count() == 0:
                    break
                moment += timedelta(minutes=10)
                app.outbox._now = lambda at=moment: at  # type: ignore[misc]
        for user in USERS:
            texts = [m["text"] for m in fake.sent_messages(user)]
            if user == BLOCKED:
                assert texts == []
            else:
                assert len(texts) == 2 and len(set(texts)) == 2, (user, texts)
        blocked = app.store.load_profile(f"telegram:{BLOCKED}")
        assert blocked is not None and blocked.blocked
        assert app.outbox.pending_count() == 0
