"""The terminal chat: the same engine, buttons shown as numbered options.

``--json`` prints one JSON object per reply ({"text", "buttons"}) and accepts lines of the
form {"press": "<value>"}, {"text": "..."} or {"file": "PATH"} so that scripts can drive a
whole filing. Materials are sent as ``/file PATH`` in the plain terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import mimetypes
import os
import stat
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from bot.i18n import translator
from bot.relay import Relay
from dialogs.engine import Engine
from dialogs.materials import MAX_BYTES
from dialogs.messages import (
    Ask,
    ChatRef,
    Choice,
    Command,
    File,
    Incoming,
    Option,
    Outgoing,
    Say,
    Text,
    plain,
)
from filing.ports import Notifier
from filing.text import N_


class ConsoleNotifier:
    """Shows notifications in the open terminal chat."""

    def __init__(self, printer: TerminalPrinter) -> None:
        self._printer = printer

    async def send(self, recipient: str, messages: Sequence[Outgoing]) -> None:
        self._printer.show(messages, notification=True)


class TerminalPrinter:
    def __init__(self, out: IO[str], json_mode: bool) -> None:
        self._out = out
        self._json = json_mode
        self._lock = threading.Lock()
        self.last_ask: Ask | None = None

    def show(self, messages: Sequence[Outgoing], notification: bool = False) -> None:
        with self._lock:
            for message in messages:
                buttons = message.options if isinstance(message, Ask) else ()
                if isinstance(message, Ask) and not notification:
                    self.last_ask = message
                if self._json:
                    record: dict[str, Any] = {
                        "text": plain(message.text),
                        "buttons": [{"label": o.label, "value": o.value} for o in buttons],
                    }
                    if notification:
                        record["notification"] = True
                    self._out.write(json.dumps(record, ensure_ascii=False) + "\n")
                else:
                    prefix = "🔔 " if notification else ""
                    self._out.write(f"\n{prefix}{plain(message.text)}\n")
                    for number, option in enumerate(buttons, start=1):
                        self._out.write(f"  {number}) {option.label}\n")
            self._out.flush()


class FileRefused(Exception):
    """``/file PATH`` that cannot be sent: said in the terminal, never given to the engine
    (so it can never become an answer)."""

    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params


def read_file(path_text: str) -> Incoming:
    """A material upload from the terminal: ``/file PATH`` or {"file": "PATH"}; only a
    regular file up to the upload limit is read (not /dev/zero, not a FIFO)."""
    path = Path(path_text.strip()).expanduser()
    try:  # O_NONBLOCK: opening a FIFO must not hang the chat
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise FileRefused(N_("{path}: {reason}"), path=str(path),
                          reason=error.strerror or str(error)) from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise FileRefused(N_("{path} is not a regular file; send a photo or a PDF."),
                          path=str(path))
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FileRefused(N_("{path} is larger than 20 MB; please send a smaller scan or "
                             "photo."), path=str(path))
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return File(path.name, content_type, data)


def parse_input(line: str, last_ask: Ask | None, json_mode: bool) -> Incoming | None:
    line = line.rstrip("\n")
    if json_mode and line.strip().startswith("{"):
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            return Text(line)
        if "file" in data:
            return read_file(str(data["file"]))
        if "press" in data:
            return Choice(str(data["press"]), last_ask.token if last_ask else None)
        if "command" in data:
            return Command(str(data["command"]).lstrip("/"))
        return Text(str(data.get("text", "")))
    stripped = line.strip()
    if not stripped:
        return None
    if stripped.startswith("/"):
        name, _, args = stripped[1:].partition(" ")
        if name == "file":
            return read_file(args)
        return Command(name, args)
    option = _option_for(stripped, last_ask)
    if option is not None and last_ask is not None:
        return Choice(option.value, last_ask.token)
    return Text(line)


def _option_for(text: str, ask: Ask | None) -> Option | None:
    if ask is None or not ask.options:
        return None
    if text.isdigit() and 1 <= int(text) <= len(ask.options):
        return ask.options[int(text) - 1]
    for option in ask.options:
        if option.label.casefold() == text.casefold():
            return option
    return None


RelayFactory = Callable[[Notifier[Outgoing]], Relay]


async def run_chat(engine: Engine, relay_factory: RelayFactory, user: str, locale: str,
                   json_mode: bool, stdin: IO[str] = sys.stdin,
                   stdout: IO[str] = sys.stdout, explicit_locale: bool = False,
                   scan: Callable[[], object] | None = None) -> None:
    chat = ChatRef("terminal", user)
    if explicit_locale:
        engine.set_locale(chat, locale)
    printer = TerminalPrinter(stdout, json_mode)
    t = translator(locale)
    relay = relay_factory(ConsoleNotifier(printer))
    # Notifications that arrived while the chat was closed come first.
    if scan is not None:
        await asyncio.to_thread(scan)
    await relay.run_once(limit=100, recipient=chat.key)
    printer.show(await engine.handle(chat, Command("start"), locale))
    stop = asyncio.Event()
    live = asyncio.create_task(_live_notifications(relay, chat.key, stop, scan))
    loop = asyncio.get_running_loop()
    try:
        while True:
            line = await loop.run_in_executor(None, stdin.readline)
            if not line:
                break
            try:
                incoming = parse_input(line, printer.last_ask, json_mode)
            except FileRefused as refused:
                printer.show([Say(t.gettext(refused.msgid).format(**refused.params))])
                continue
            if incoming is None:
                continue
            if isinstance(incoming, Command) and incoming.name in ("quit", "exit"):
                break
            printer.show(await engine.handle(chat, incoming, locale))
    finally:
        stop.set()
        await live


async def _live_notifications(relay: Relay, recipient: str, stop: asyncio.Event,
                              scan: Callable[[], object] | None) -> None:
    rounds = 0
    while not stop.is_set():
        if scan is not None and rounds % 60 == 59:
            await asyncio.to_thread(scan)
        rounds += 1
        await relay.run_once(limit=20, recipient=recipient)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=1.0)
