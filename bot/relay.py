"""The outbox relay: claims due notifications, renders them per recipient, sends, marks."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import Any, Protocol

from dialogs.messages import Outgoing
from dialogs.notifications import Notification, render
from dialogs.session import ConversationStore
from filing.events import REVIEWERS
from storage.outbox import SqlOutbox

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
CONCURRENCY = 8  # recipients served at once; the rate limiter keeps the pace


class RecipientBlocked(Exception):
    """The user blocked the bot (Telegram 403): stop sending to them."""


class RetryLater(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class Notifier(Protocol):
    async def send(self, recipient: str, messages: list[Outgoing]) -> None: ...


class Relay:
    def __init__(self, outbox: SqlOutbox, notifier: Notifier, store: ConversationStore,
                 translator: Any, format_datetime: Any,
                 recipients: tuple[str, ...] = ()) -> None:
        self._recipients = recipients  # recipient prefixes this relay serves; () for all
        self._outbox = outbox
        self._notifier = notifier
        self._store = store
        self._translator = translator
        self._format_datetime = format_datetime

    async def run_once(self, limit: int = 50, recipient: str | None = None) -> int:
        """Send what is due now; returns how many were delivered.

        Different recipients are served concurrently (at most ``CONCURRENCY`` at a time; the
        notifier's rate limiter sets the pace), one recipient's notifications one after the
        other, in order."""
        claimed = await asyncio.to_thread(self._outbox.claim, limit, recipient,
                                          self._recipients)
        queues: dict[str, list[Notification]] = {}
        for note in claimed:
            queues.setdefault(note.recipient, []).append(note)
        gate = asyncio.Semaphore(CONCURRENCY)

        async def serve(notes: list[Notification]) -> int:
            async with gate:
                delivered = 0
                for note in notes:
                    delivered += await self._deliver(note)
                return delivered

        results = await asyncio.gather(*(serve(notes) for notes in queues.values()),
                                       return_exceptions=True)
        failures = [result for result in results if isinstance(result, BaseException)]
        if failures:  # e.g. the database: the round fails, its leased rows are retried later
            raise failures[0]
        return sum(result for result in results if isinstance(result, int))

    async def _rendered(self, note: Notification, chat: str) -> tuple[bool, list[Outgoing]]:
        """(blocked?, the messages in the chat's own language)."""
        profile = await asyncio.to_thread(self._store.load_profile, chat)
        locale = profile.locale if profile else "en"
        messages = render(note, self._translator(locale), locale, self._format_datetime)
        return bool(profile and profile.blocked), messages

    async def _to_reviewers(self, note: Notification, chats: list[str]) -> None:
        """Each reviewer reads it in their own language; one who blocked the bot stops nobody."""
        for chat in chats:
            blocked, messages = await self._rendered(note, chat)
            if blocked or not messages:
                continue
            try:
                await self._notifier.send(chat, messages)
            except RecipientBlocked:
                log.warning("a reviewer chat blocked the bot")

    async def _deliver(self, note: Notification) -> int:
        # Database calls go to a thread: the relay shares its event loop with the bot.
        db = asyncio.to_thread
        reviewer_chats = getattr(self._notifier, "reviewer_chats", None)
        messages: list[Outgoing] = []
        if note.recipient == REVIEWERS and reviewer_chats is not None:
            blocked = False
        else:
            blocked, messages = await self._rendered(note, note.recipient)
        if blocked:
            await db(self._outbox.mark_dead, note.id, "recipient blocked the bot")
            return 0
        try:
            if note.recipient == REVIEWERS and reviewer_chats is not None:
                await self._to_reviewers(note, reviewer_chats())
            elif messages:
                await self._notifier.send(note.recipient, messages)
        except RecipientBlocked:
            await db(self._outbox.block_recipient, note.recipient)
            await db(self._outbox.mark_dead, note.id, "recipient blocked the bot")
            return 0
        except RetryLater as wait:
            await db(self._outbox.retry_later, note.id, timedelta(seconds=wait.seconds),
                     str(wait))
            return 0
        except Exception as error:  # network and server errors: back off and retry
            if note.attempts >= MAX_ATTEMPTS:
                await db(self._outbox.mark_dead, note.id, repr(error))
            else:
                delay = timedelta(seconds=min(2 ** note.attempts, 300))
                await db(self._outbox.retry_later, note.id, delay, repr(error))
            log.warning("notification %s not sent (attempt %s): %s", note.id, note.attempts,
                        type(error).__name__)
            return 0
        await db(self._outbox.mark_sent, note.id)
        return 1

    async def run_forever(self, stop: asyncio.Event, interval: float = 1.0,
                          scheduler: Any = None, scan_every: float = 60.0) -> None:
        """Send until ``stop``; every ``scan_every`` seconds let the scheduler queue reminders."""
        loop = asyncio.get_running_loop()
        next_scan = loop.time()
        while not stop.is_set():
            if scheduler is not None and loop.time() >= next_scan:
                next_scan = loop.time() + scan_every
                try:
                    await asyncio.to_thread(scheduler.scan)
                except Exception:
                    log.exception("reminder scan failed")
            try:
                sent = await self.run_once()
            except Exception:
                log.exception("outbox relay round failed")
                sent = 0
            if not sent:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=interval)
