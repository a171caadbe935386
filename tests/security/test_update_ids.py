"""Attack 6: updates that arrive out of order across workers, and an update id of 2^62.
The engine recognises a redelivery by its exact id (a bounded set per chat), so a lower id
that comes second is still answered, and no single id can make a chat deaf."""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path

from bot.bootstrap import App
from dialogs.flood import FloodGuard
from dialogs.messages import ChatRef, Command, Outgoing
from tests.security.support import at_once, sqlite_app

PAIRS = 40
CHAT = ChatRef("telegram", "5")


def _worker(data_dir: Path) -> App:
    """A worker of its own: its own engine and connections on the shared database."""
    return sqlite_app(data_dir, flood=FloodGuard(rate=1000, burst=1000))


def _deliver(app: App, update_id: int, delay: float) -> list[Outgoing]:
    time.sleep(delay)
    return app.engine.handle_sync(CHAT, Command("help"), "en", update_id=update_id)


def test_two_workers_delivering_updates_out_of_order_answer_every_one(tmp_path: Path) -> None:
    first, second = _worker(tmp_path), _worker(tmp_path)
    first.engine.handle_sync(CHAT, Command("start"), "en", update_id=1)
    unanswered = []
    for pair in range(PAIRS):
        low, high = 10 + 2 * pair, 11 + 2 * pair
        # The higher id reaches its worker first; the lower one a moment later, elsewhere.
        replies = at_once(partial(_deliver, first, high, 0.0),
                          partial(_deliver, second, low, 0.002 * (pair % 5)))
        unanswered += [update_id for update_id, out in zip((high, low), replies, strict=True)
                       if not out]
    assert unanswered == []
    # A redelivery of a recent one (the set is bounded: RECENT_UPDATES) is still a no-op.
    last_low = 10 + 2 * (PAIRS - 1)
    assert first.engine.handle_sync(CHAT, Command("help"), "en", update_id=last_low) == []
    assert second.engine.handle_sync(CHAT, Command("help"), "en", update_id=last_low + 1) == []


def test_an_update_id_of_two_to_the_62_does_not_make_the_chat_deaf(tmp_path: Path) -> None:
    app = _worker(tmp_path)
    assert app.engine.handle_sync(CHAT, Command("start"), "en", update_id=2**62)
    for update_id in (5, 6, 7):  # Telegram restarted its ids after a long silence
        assert app.engine.handle_sync(CHAT, Command("help"), "en", update_id=update_id)
    assert app.engine.handle_sync(CHAT, Command("help"), "en", update_id=2**62) == []
