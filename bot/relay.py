"""The outbox relay: claims due notifications, renders each in its recipient's language,
sends it through a Notifier, then marks it sent, retried or dead."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

from dialogs.i18n import TranslatorFactory
from dialogs.messages import Outgoing
from dialogs.notifications import DateFormatter, render
from dialogs.session import ConversationStore
from filing.events import Event
from filing.ports import Notification, Notifier, RecipientBlocked, RetryLater
from storage.outbox import SqlOutbox

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
CONCURRENCY = 8  # recipients served at once; the rate limiter keeps the pace

# Told of every event once its notification is settled (sent, or dead for a blocked
# recipient): e.g. Telegram brings reviewers' old notices of the order up to date.
EventObserver = Callable[[Event], Awaitable[None]]


class Relay:
    def __init__(self, outbox: SqlOutbox, notifier: Notifier[Outgoing],
                 store: ConversationStore, translators: TranslatorFactory,
                 format_datetime: DateFormatter, recipients: tuple[str, ...] = (),
                 observers: Sequence[EventObserver] = ()) -> None:
        self._recipients = recipients  # recipient prefixes this relay serves; () for all
        self._observers = tuple(observers)
        self._outbox = outbox
        self._notifier = notifier
        self._store = store
        self._translators = translators
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

    async def _deliver(self, note: Notification) -> int:
        # Database calls go to a thread: the relay shares its event loop with the bot.
        db = asyncio.to_thread
        profile = await db(self._store.load_profile, note.recipient)
        if profile is not None and profile.blocked:
            await db(self._outbox.mark_dead, note.id, "recipient blocked the bot")
            await self._observe(note.event)
            return 0
        locale = profile.locale if profile is not None else "en"
        messages = render(note.event, self._translators(locale), locale, self._format_datetime)
        try:
            if messages:
                await self._notifier.send(note.recipient, messages)
        except RecipientBlocked:
            await db(self._outbox.block_recipient, note.recipient)
            await db(self._outbox.mark_dead, note.id, "recipient blocked the bot")
            await self._observe(note.event)
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
        await self._observe(note.event)
        return 1

    async def _observe(self, event: Event) -> None:
        for observer in self._observers:
            try:
                await observer(event)
            except Exception as error:  # a courtesy: the notification itself went out
                log.warning("an observer of %s failed: %s", event.name, type(error).__name__)

    async def run_forever(self, stop: asyncio.Event, interval: float = 1.0,
                          scan: Callable[[], object] | None = None,
                          scan_every: float = 60.0) -> None:
        """Send until ``stop``; every ``scan_every`` seconds let ``scan`` queue reminders."""
        loop = asyncio.get_running_loop()
        next_scan = loop.time()
        while not stop.is_set():
            if scan is not None and loop.time() >= next_scan:
                next_scan = loop.time() + scan_every
                try:
                    await asyncio.to_thread(scan)
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
