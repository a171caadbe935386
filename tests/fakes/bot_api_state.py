"""Stored state of the fake Bot API (chats, updates, files) and the test control API.

The Bot API methods are in bot_api_methods.py; ``FakeBotApi`` (bot_api_server.py) adds HTTP.

Everything here is guarded by one re-entrant lock because the control API is called from test
threads while HTTP handlers run on the server loop. Critical sections never await.
"""

from __future__ import annotations

import copy
import itertools
import json
import mimetypes
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.bot_api_faults import FaultPlan, FaultRule, FloodLimiter
from tests.fakes.bot_api_shapes import (
    DEFAULT_TOKEN,
    FIRST_UPDATE_ID,
    JSONDict,
    bot_command_entities,
    chat_json,
    now,
    user_json,
)
from tests.fakes.bot_api_sync import ChangeNotifier


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes

    def to_json(self) -> JSONDict:
        return {"file_id": self.file_id, "file_unique_id": self.file_unique_id,
                "file_size": len(self.data), "file_path": self.file_path}


@dataclass
class UserInfo:
    first_name: str
    username: str | None
    language_code: str | None = None


@dataclass
class CallbackInfo:
    user_id: int
    created: float
    answered: bool = False


@dataclass
class PendingUpdate:
    update: JSONDict
    forced: bool = False  # a replayed duplicate: delivered once even below the offset


@dataclass
class WebhookConfig:
    url: str
    secret_token: str | None
    max_connections: int
    allowed_updates: list[str] | None
    last_error_date: int | None = None
    last_error_message: str | None = None
    delivered: int = 0


@dataclass
class Counters:
    requests: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    too_many_requests: int = 0


class BotApiState:
    """Fake Telegram's stored state plus the thread-safe test control API."""

    def __init__(self, token: str = DEFAULT_TOKEN, *, strict_chats: bool = False,
                 callback_query_ttl: float | None = None) -> None:
        self.token = token
        self.strict_chats = strict_chats
        self.callback_query_ttl = callback_query_ttl
        self._lock = threading.RLock()
        self.notifier = ChangeNotifier(self._lock)
        self.faults = FaultPlan()
        self.limiter: FloodLimiter | None = None
        self.counters = Counters()
        self._request_log: deque[JSONDict] = deque(maxlen=10_000)
        self._update_ids = itertools.count(FIRST_UPDATE_ID)
        self._file_ids = itertools.count(1)
        self._users: dict[int, UserInfo] = {}
        self._known_chats: set[int] = set()
        self._blocked: set[int] = set()
        self._pending: list[PendingUpdate] = []
        self._history: dict[int, JSONDict] = {}
        self._allowed_updates: list[str] | None = None
        self._poll_generation = 0
        self._closing = False
        self._message_ids: dict[int, int] = {}
        self._messages: dict[tuple[int, int], JSONDict] = {}
        self._outbox: dict[int, list[JSONDict]] = {}
        self._deleted: dict[int, list[int]] = {}
        self._chat_actions: dict[int, list[str]] = {}
        self._callbacks: dict[str, CallbackInfo] = {}
        self._answers: list[JSONDict] = []
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._descriptions: dict[tuple[str, str], str] = {}  # (field, language) → text
        self._webhook: WebhookConfig | None = None
        # Scale-out: push each update to the next of these URLs (round-robin) instead of the
        # one registered with setWebhook; ``duplicate_every`` also pushes every n-th update to
        # the following URL, as Telegram's redelivery to another worker would.
        self._webhook_targets: list[str] = []
        self._target_turn = 0
        self._duplicate_every = 0

    # ----------------------------------------------------------------- control: users/input

    def set_user(self, user_id: int, first_name: str, username: str | None = None,
                 language_code: str | None = None) -> None:
        """Give a test user a name; otherwise ``User<id>``/``user<id>`` are used."""
        with self._lock:
            self._users[user_id] = UserInfo(first_name, username, language_code)

    def block_user(self, user_id: int) -> None:
        """From now on sends to this chat fail with 403 "bot was blocked by the user"."""
        with self._lock:
            self._blocked.add(user_id)

    def unblock_user(self, user_id: int) -> None:
        with self._lock:
            self._blocked.discard(user_id)

    def inject_text(self, user_id: int, text: str, language_code: str | None = "en"
                    ) -> JSONDict:
        """Queue a private text message; "/cmd …" gets the ``bot_command`` entity PTB needs."""
        content: JSONDict = {"text": text}
        entities = bot_command_entities(text)
        if entities:
            content["entities"] = entities
        return self._inject_user_message(user_id, content, language_code)

    def inject_photo(self, user_id: int, data: bytes, caption: str | None = None,
                     language_code: str | None = "en") -> JSONDict:
        """Queue a photo with a thumbnail and a full size (both download as ``data``)."""
        with self._lock:
            small = self._store_file("photos", ".jpg", data)
            large = self._store_file("photos", ".jpg", data)
        content: JSONDict = {"photo": [
            self._photo_size(small, 90, 60), self._photo_size(large, 1280, 853)]}
        if caption is not None:
            content["caption"] = caption
        return self._inject_user_message(user_id, content, language_code)

    def inject_document(self, user_id: int, data: bytes, file_name: str,
                        mime_type: str = "application/octet-stream",
                        caption: str | None = None, language_code: str | None = "en"
                        ) -> JSONDict:
        with self._lock:
            stored = self._store_file("documents", file_suffix(file_name, mime_type), data)
        content: JSONDict = {"document": self._document_json(stored, file_name, mime_type)}
        if caption is not None:
            content["caption"] = caption
        return self._inject_user_message(user_id, content, language_code)

    def inject_callback(self, user_id: int, data: str, message_id: int | None = None, *,
                        check_button: bool = True, language_code: str | None = "en") -> str:
        """Tap an inline button of a message the bot sent to ``user_id``; returns the query id.

        Without ``message_id`` the newest bot message with an inline keyboard is used. With
        ``check_button`` the data must belong to one of that message's buttons (catches typos
        in tests); pass False to simulate stale or forged callback data.
        """
        with self._lock:
            message = self._keyboard_message(user_id, message_id)
            if check_button and data not in _callback_datas(message):
                raise ValueError(f"no button with callback_data {data!r} in message "
                                 f"{message['message_id']}: {_callback_datas(message)}")
            update_id = next(self._update_ids)
            query_id = f"cq-{update_id}"
            self._callbacks[query_id] = CallbackInfo(user_id, time.monotonic())
            query = {"id": query_id, "from": self._user_json(user_id, language_code),
                     "message": copy.deepcopy(message),
                     "chat_instance": str(-8_000_000_000_000_000_000 - user_id), "data": data}
            self._enqueue({"update_id": update_id, "callback_query": query})
        return query_id

    def press_button(self, user_id: int, label: str, message_id: int | None = None) -> str:
        """Tap the inline button whose text is ``label``; returns the callback query id."""
        with self._lock:
            message = self._keyboard_message(user_id, message_id)
            for row in message["reply_markup"]["inline_keyboard"]:
                for button in row:
                    if button.get("text") == label and "callback_data" in button:
                        return self.inject_callback(user_id, button["callback_data"],
                                                    message["message_id"])
        raise ValueError(f"no callback button labelled {label!r} in message "
                         f"{message['message_id']}")

    def inject_raw(self, update: JSONDict) -> int:
        """Queue any update dict as is; an ``update_id`` is assigned when it has none."""
        with self._lock:
            update = copy.deepcopy(update)
            update.setdefault("update_id", next(self._update_ids))
            self._enqueue(update)
            return int(update["update_id"])

    def inject_duplicate(self, update_id: int | None = None) -> int:
        """Deliver an already injected update again with the same ``update_id``.

        Telegram re-sends updates the bot did not confirm (crash before the next getUpdates,
        webhook retries); the replay bypasses the offset once so dedup code gets exercised.
        """
        with self._lock:
            if not self._history:
                raise ValueError("no update injected yet")
            chosen = max(self._history) if update_id is None else update_id
            self._pending.append(PendingUpdate(copy.deepcopy(self._history[chosen]), True))
        self.notifier.notify()
        return chosen

    # ------------------------------------------------------------------ control: reading

    def sent_messages(self, chat_id: int) -> list[JSONDict]:
        """Everything the bot sent or edited in the chat, oldest first (copies)."""
        with self._lock:
            return copy.deepcopy(self._outbox.get(chat_id, []))

    def last_message(self, chat_id: int) -> JSONDict | None:
        with self._lock:
            outbox = self._outbox.get(chat_id)
            return copy.deepcopy(outbox[-1]) if outbox else None

    def message(self, chat_id: int, message_id: int) -> JSONDict | None:
        """The current state of a stored message as Telegram would return it."""
        with self._lock:
            return copy.deepcopy(self._messages.get((chat_id, message_id)))

    def last_buttons(self, chat_id: int) -> list[list[JSONDict]]:
        """Rows of the newest bot message in the chat that still has an inline keyboard."""
        with self._lock:
            try:
                message = self._keyboard_message(chat_id, None)
            except ValueError:
                return []
            return copy.deepcopy(message["reply_markup"]["inline_keyboard"])

    def answered_callbacks(self) -> list[JSONDict]:
        with self._lock:
            return copy.deepcopy(self._answers)

    def commands(self, language_code: str = "", scope: JSONDict | None = None
                 ) -> list[JSONDict]:
        with self._lock:
            return copy.deepcopy(self._commands.get((scope_key(scope), language_code), []))

    def all_commands(self) -> dict[str, list[JSONDict]]:
        """Command lists keyed by ``"<scope type>/<language or *>"``."""
        with self._lock:
            return {f"{json.loads(scope)['type']}/{lang or '*'}": copy.deepcopy(cmds)
                    for (scope, lang), cmds in self._commands.items()}

    def description(self, language_code: str = "", short: bool = False) -> str | None:
        """What setMyDescription (or setMyShortDescription) set for ``language_code``."""
        field = "short_description" if short else "description"
        with self._lock:
            return self._descriptions.get((field, language_code))

    def chat_actions(self, chat_id: int) -> list[str]:
        with self._lock:
            return list(self._chat_actions.get(chat_id, []))

    def deleted_messages(self, chat_id: int) -> list[int]:
        with self._lock:
            return list(self._deleted.get(chat_id, []))

    def pending_updates(self) -> list[JSONDict]:
        with self._lock:
            return [copy.deepcopy(item.update) for item in self._pending]

    def requests(self, method: str | None = None) -> list[JSONDict]:
        """Logged Bot API calls (method, params, status), newest last; bounded to 10 000."""
        with self._lock:
            return [dict(entry) for entry in self._request_log
                    if method is None or entry["method"].lower() == method.lower()]

    def request_counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self.counters.requests)

    @property
    def too_many_requests_sent(self) -> int:
        with self._lock:
            return self.counters.too_many_requests

    def stats(self) -> JSONDict:
        with self._lock:
            return {"requests": dict(self.counters.requests),
                    "statuses": {str(k): v for k, v in self.counters.statuses.items()},
                    "too_many_requests_sent": self.counters.too_many_requests,
                    "pending_updates": len(self._pending),
                    "webhook_deliveries": self._webhook.delivered if self._webhook else 0}

    def webhook_info(self) -> JSONDict:
        with self._lock:
            return self._webhook_info_json()

    def route_webhooks(self, urls: list[str], duplicate_every: int = 0) -> None:
        """Push updates round-robin over ``urls`` (loopback only; each with the secret given
        to setWebhook); an empty list restores delivery to the registered URL."""
        from tests.fakes.bot_api_server import _check_webhook_url

        for url in urls:
            _check_webhook_url(url)
        with self._lock:
            self._webhook_targets = list(urls)
            self._target_turn = 0
            self._duplicate_every = duplicate_every
        self.notifier.notify()

    # ------------------------------------------------------------------ control: faults

    def fail_next(self, method: str, status: int, times: int = 1, retry_after: int | None = None,
                  description: str | None = None, chat_id: int | None = None) -> None:
        """Answer the next ``times`` calls of ``method`` ("*" = any) with an error.

        Defaults: 429 → "Too Many Requests: retry after N" with ``parameters.retry_after``
        (5 s unless given), 403 → blocked by the user, 502 → Bad Gateway, 409 → Conflict.
        """
        rule = FaultRule(method.lower(), times, status, retry_after, description, chat_id)
        with self._lock:
            self.faults.add(rule)

    def delay_next(self, method: str, seconds: float, times: int = 1,
                   chat_id: int | None = None) -> None:
        """Hold the next answers to ``method`` to provoke client read timeouts."""
        with self._lock:
            self.faults.add(FaultRule(method.lower(), times, chat_id=chat_id, delay=seconds))

    def reset_faults(self) -> None:
        with self._lock:
            self.faults.clear()
            self.limiter = None

    def enforce_limits(self, global_per_second: int = 30, per_chat_per_second: int = 1,
                       window: float = 1.0) -> None:
        """Refuse sends beyond Telegram-like flood limits with 429 + ``retry_after``."""
        with self._lock:
            self.limiter = FloodLimiter(global_per_second, per_chat_per_second, window)

    def disable_limits(self) -> None:
        with self._lock:
            self.limiter = None

    # ------------------------------------------------------------------ control: waiting

    def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        """Block until ``predicate()`` (called under the state lock) is true or time runs out."""
        self._refuse_blocking_on_server_loop()
        return self.notifier.wait(predicate, timeout)

    def wait_for_messages(self, chat_id: int, count: int, timeout: float = 5.0
                          ) -> list[JSONDict]:
        """Block until the chat's outbox holds ``count`` entries; TimeoutError otherwise."""
        if not self.wait_until(lambda: len(self._outbox.get(chat_id, [])) >= count, timeout):
            self._raise_wait_timeout(chat_id, count, timeout)
        return self.sent_messages(chat_id)

    async def wait_for_messages_async(self, chat_id: int, count: int, timeout: float = 5.0
                                      ) -> list[JSONDict]:
        ready = await self.notifier.wait_async(
            lambda: len(self._outbox.get(chat_id, [])) >= count, timeout)
        if not ready:
            self._raise_wait_timeout(chat_id, count, timeout)
        return self.sent_messages(chat_id)

    async def wait_for_reply(self, chat_id: int, after_count: int = 0, timeout: float = 5.0
                             ) -> JSONDict:
        """Await the first outbox entry after the first ``after_count`` ones and return it."""
        messages = await self.wait_for_messages_async(chat_id, after_count + 1, timeout)
        return messages[after_count]

    def _raise_wait_timeout(self, chat_id: int, count: int, timeout: float) -> None:
        got = [(m["method"], m.get("text") or m.get("caption")) for m in
               self.sent_messages(chat_id)]
        raise TimeoutError(f"chat {chat_id}: wanted {count} messages within {timeout}s, "
                           f"got {len(got)}: {got}")

    def _refuse_blocking_on_server_loop(self) -> None:
        """Overridden by the server: a blocking wait on its own loop would deadlock."""

    # ------------------------------------------------------------------ helpers (locked)

    def uploaded(self, file_id: str) -> bytes | None:
        """The bytes of a file the bot sent (sendPhoto, sendDocument), by its file_id."""
        with self._lock:
            stored = self._files.get(file_id)
            return None if stored is None else stored.data

    def file_bytes(self, file_path: str) -> bytes | None:
        with self._lock:
            stored = self._files_by_path.get(file_path)
            return None if stored is None else stored.data

    def _enqueue(self, update: JSONDict) -> None:
        self._history[int(update["update_id"])] = copy.deepcopy(update)
        self._pending.append(PendingUpdate(update))
        self.notifier.notify()

    def _inject_user_message(self, user_id: int, content: JSONDict,
                             language_code: str | None) -> JSONDict:
        with self._lock:
            self._known_chats.add(user_id)
            message = {"message_id": self._next_message_id(user_id),
                       "from": self._user_json(user_id, language_code),
                       "chat": self._chat_json(user_id), "date": now(), **content}
            self._messages[(user_id, message["message_id"])] = message
            update = {"update_id": next(self._update_ids), "message": copy.deepcopy(message)}
            self._enqueue(update)
            return copy.deepcopy(update)

    def _user_info(self, user_id: int) -> UserInfo:
        return self._users.get(user_id) or UserInfo(f"User{user_id}", f"user{user_id}")

    def _user_json(self, user_id: int, language_code: str | None) -> JSONDict:
        info = self._user_info(user_id)
        return user_json(user_id, info.first_name, info.username,
                         language_code or info.language_code)

    def _chat_json(self, chat_id: int) -> JSONDict:
        if chat_id < 0:
            return chat_json(chat_id)
        info = self._user_info(chat_id)
        return chat_json(chat_id, info.first_name, info.username)

    def _next_message_id(self, chat_id: int) -> int:
        # Message ids are per chat in private chats; user and bot messages share the sequence.
        self._message_ids[chat_id] = self._message_ids.get(chat_id, 0) + 1
        return self._message_ids[chat_id]

    def _keyboard_message(self, chat_id: int, message_id: int | None) -> JSONDict:
        if message_id is not None:
            message = self._messages.get((chat_id, message_id))
            if message is None or "reply_markup" not in message:
                raise ValueError(f"message {message_id} in chat {chat_id} has no inline keyboard")
            return public_message(message)
        with_keyboard = [(mid, message) for (chat, mid), message in self._messages.items()
                         if chat == chat_id and "reply_markup" in message]
        if not with_keyboard:
            raise ValueError(f"the bot sent no inline keyboard to chat {chat_id}")
        return public_message(max(with_keyboard, key=lambda item: item[0])[1])

    def _store_file(self, folder: str, suffix: str, data: bytes) -> StoredFile:
        number = next(self._file_ids)
        prefix = "AgAC" if folder == "photos" else "BQAC"
        stored = StoredFile(f"{prefix}AgIAAxkB-{number:06d}", f"AQAD{number:06d}",
                            f"{folder}/file_{number}{suffix}", data)
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    @staticmethod
    def _document_json(stored: StoredFile, file_name: str, mime_type: str) -> JSONDict:
        return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_name": file_name, "mime_type": mime_type, "file_size": len(stored.data)}

    @staticmethod
    def _photo_size(stored: StoredFile, width: int, height: int) -> JSONDict:
        return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "width": width, "height": height, "file_size": len(stored.data)}

    def _webhook_info_json(self) -> JSONDict:
        hook = self._webhook
        info: JSONDict = {"url": hook.url if hook else "", "has_custom_certificate": False,
                          "pending_update_count": len(self._pending)}
        if hook:
            info.update({"max_connections": hook.max_connections, "ip_address": "127.0.0.1"})
            if hook.allowed_updates is not None:
                info["allowed_updates"] = hook.allowed_updates
            if hook.last_error_date is not None:
                info["last_error_date"] = hook.last_error_date
                info["last_error_message"] = hook.last_error_message
        return info


def public_message(message: JSONDict) -> JSONDict:
    """Copy without the bookkeeping keys (raw text) that Telegram would never return."""
    return {k: copy.deepcopy(v) for k, v in message.items() if not k.startswith("_")}


def _callback_datas(message: JSONDict) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["callback_data"] for row in rows for b in row if "callback_data" in b]


def scope_key(scope: Any) -> str:
    return json.dumps(scope if isinstance(scope, dict) else {"type": "default"}, sort_keys=True)


def file_suffix(file_name: str, mime_type: str) -> str:
    if "." in file_name:
        return "." + file_name.rsplit(".", 1)[-1].lower()
    return mimetypes.guess_extension(mime_type) or ""
