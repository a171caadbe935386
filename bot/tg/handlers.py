"""Thin PTB callbacks: convert the update, call the dialogue engine, render the reply.

One chat's updates are handled one at a time (a per-chat lock), different chats concurrently
(the Application runs with ``concurrent_updates``); the engine recognises an update delivered
twice by its id and answers it once.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from bot.tg import commands, convert, outgoing
from bot.tg.activity import while_slow
from bot.tg.deeplinks import DeepLinks
from bot.tg.outgoing import NoticeBook
from dialogs.engine import Engine
from dialogs.i18n import TranslatorFactory
from dialogs.messages import Ask, Choice, Command, Incoming, Outgoing, Say
from filing.text import N_

REVIEW_DESK_MISSING = N_("The review desk is not available in Telegram yet; please use "
                         "`icpbot review` on the server.")

# A separate review desk for reviewers' commands (/queue …): (update, context) -> replies.
# Without one, the engine answers them (it knows who the reviewers are).
ProfileLocale = Callable[[str], str | None]  # ChatRef.key -> the stored locale, if any
ReviewDesk = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[list[Outgoing]]]


class ChatLocks:
    """One asyncio.Lock per chat, forgotten once nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = \
            weakref.WeakValueDictionary()

    @asynccontextmanager
    async def hold(self, chat_id: int) -> AsyncIterator[None]:
        lock = self._locks.get(chat_id)
        if lock is None:
            lock = self._locks[chat_id] = asyncio.Lock()
        async with lock:
            yield


async def together(*calls: Awaitable[Any]) -> None:
    """Await all the calls concurrently; every one finishes before the first error (if any)
    is raised, so that nothing of this update outlives its chat's lock."""
    results = await asyncio.gather(*calls, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result


class Handlers:
    def __init__(self, engine: Engine, translators: TranslatorFactory,
                 profile_locale: ProfileLocale, review_desk: ReviewDesk | None = None, *,
                 deep_links: DeepLinks | None = None, admin_ids: frozenset[int] = frozenset(),
                 notices: NoticeBook | None = None) -> None:
        self._engine = engine
        self._translators = translators
        self._profile_locale = profile_locale
        self._review_desk = review_desk
        self._deep_links = deep_links
        self._admin_ids = admin_ids
        self._notices = notices
        self.book = convert.CallbackBook()
        self._locks = ChatLocks()

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        incoming: Incoming = convert.command(update.message)
        if isinstance(incoming, Command) and incoming.name == "start" and incoming.args \
                and self._deep_links is not None:
            opened = self._deep_links.open(incoming.args)
            if opened.problem is not None:
                await self._say(update, context, opened.problem)
            incoming = opened.incoming
        await self._turn(update, context, incoming)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await self._turn(update, context, convert.text(update.message))

    async def on_file(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.effective_chat is not None
        found = convert.attachment(update.message)
        if found is None:
            return
        chat_id = update.effective_chat.id
        async with self._locks.hold(chat_id):  # in order with later messages
            await while_slow(context.bot, chat_id, self._upload(update, context, found))

    async def _upload(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                      found: tuple[str, str, str, int | None]) -> None:
        file_id, name, content_type, size = found
        incoming = None if convert.too_big(size) else await convert.download(
            context.bot, file_id, name, content_type)
        if incoming is None:
            await self._say(update, context, convert.FILE_TOO_BIG)
            return
        await self._reply(update, context, incoming)

    async def on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and update.effective_chat is not None
        chat_id = update.effective_chat.id
        choice = Choice(*self.book.decode(query.data))
        async with self._locks.hold(chat_id):
            replies = await while_slow(context.bot, chat_id, self._engine.handle(
                convert.chat_ref(update), choice, convert.locale_of(update),
                update.update_id))
            await self._after_tap(update, context, replies)
        if choice.value.startswith("lang:") and query.from_user.id in self._admin_ids:
            await commands.publish_reviewer(context.bot, self._translators, chat_id,
                                            choice.value.partition(":")[2])

    async def _after_tap(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                         replies: list[Outgoing]) -> None:
        """Answer the query, close or replace the tapped message, send the rest: independent
        calls that go out together (the chat's lock is held until all are done, so the
        chat's next update still waits for them). The tapped message is edited once: to show
        the answer chosen without its keyboard, or replaced by an in-place reply."""
        query = update.callback_query
        assert query is not None and update.effective_chat is not None
        toast, rest = convert.stale_toast(replies)
        calls: list[Awaitable[Any]] = [convert.answer(query, toast)]
        in_place = next((r for r in rest if isinstance(r, Ask) and r.in_place), None)
        if in_place is not None:
            rest.remove(in_place)
            calls.append(self._replace(query, in_place, update.effective_chat.id, context))
        elif toast is not None:  # an old or meaningless button: nothing was chosen
            calls.append(outgoing.clear_keyboard(query))
        elif replies and not any(isinstance(r, Say) and r.kind == "unsaved" for r in replies):
            # Buttons stay when nothing happened: the engine dropped the tap (flood), or the
            # database was away and the user is asked to tap again.
            calls.append(outgoing.show_choice(query))
        calls.append(outgoing.send(context.bot, update.effective_chat.id, rest, self.book,
                                   self._notices))
        await together(*calls)

    async def _replace(self, query: Any, ask: Ask, chat_id: int,
                       context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await outgoing.replace_tapped(query, ask, self.book):
            await outgoing.send(context.bot, chat_id, [ask], self.book, self._notices)

    async def on_reviewer_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE
                                  ) -> None:
        """The hook for a separate review desk (admins only; see app.register)."""
        assert update.effective_chat is not None
        if self._review_desk is None:
            await self._say(update, context, REVIEW_DESK_MISSING)
            return
        replies = await self._review_desk(update, context)
        await outgoing.send(context.bot, update.effective_chat.id, replies, self.book,
                            self._notices)

    async def _turn(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                    incoming: Incoming) -> None:
        assert update.effective_chat is not None
        chat_id = update.effective_chat.id
        async with self._locks.hold(chat_id):
            await while_slow(context.bot, chat_id, self._reply(update, context, incoming))

    async def _reply(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                     incoming: Incoming) -> None:
        assert update.effective_chat is not None
        replies = await self._engine.handle(convert.chat_ref(update), incoming,
                                            convert.locale_of(update), update.update_id)
        await outgoing.send(context.bot, update.effective_chat.id, replies, self.book,
                            self._notices)

    async def _say(self, update: Update, context: ContextTypes.DEFAULT_TYPE, msgid: str) -> None:
        assert update.effective_chat is not None
        stored = await asyncio.to_thread(self._profile_locale, convert.chat_ref(update).key)
        locale = stored or convert.locale_of(update)
        text = self._translators(locale).gettext(msgid)
        await context.bot.send_message(update.effective_chat.id, text)
