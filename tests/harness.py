"""A conversation harness: send a user's turns to the engine and read the replies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dialogs.engine import Engine
from dialogs.messages import Ask, ChatRef, Choice, Command, File, Outgoing, Text, plain


@dataclass
class Conversation:
    engine: Engine
    chat: ChatRef = field(default_factory=lambda: ChatRef("test", "1"))
    locale: str = "en"
    replies: list[Outgoing] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)

    def _send(self, incoming: Any) -> list[Outgoing]:
        out = self.engine.handle_sync(self.chat, incoming, self.locale)
        self.replies = out
        for message in out:
            self.transcript.append(message.text)
            if isinstance(message, Ask):
                self.transcript.extend(option.label for option in message.options)
        return out

    def say(self, text: str) -> list[Outgoing]:
        return self._send(Text(text))

    def command(self, name: str, args: str = "") -> list[Outgoing]:
        return self._send(Command(name, args))

    def press(self, value: str, token: str | None = "current") -> list[Outgoing]:
        if token == "current":
            token = self.last_ask.token if self.last_ask else None
        return self._send(Choice(value, token))

    def upload(self, name: str, content_type: str, data: bytes) -> list[Outgoing]:
        return self._send(File(name, content_type, data))

    @property
    def last_ask(self) -> Ask | None:
        asks = [m for m in self.replies if isinstance(m, Ask)]
        return asks[-1] if asks else None

    @property
    def text(self) -> str:
        """What the user reads (copyable spans shown plain, as the terminal shows them)."""
        return plain("\n".join(m.text for m in self.replies))

    def button_values(self) -> list[str]:
        return [o.value for o in self.last_ask.options] if self.last_ask else []
