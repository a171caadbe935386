"""What the engine receives and answers; Telegram, the terminal and tests all speak this."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ChatRef:
    channel: str  # "telegram", "terminal", "test"
    id: str

    @property
    def key(self) -> str:
        return f"{self.channel}:{self.id}"


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Choice:
    """A pressed button. ``token`` ties it to the draft step it was shown for (stale taps)."""

    value: str
    token: str | None = None


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    args: str = ""


@dataclass(frozen=True, slots=True)
class File:
    file_name: str
    content_type: str
    data: bytes


Incoming = Text | Choice | Command | File


@dataclass(frozen=True, slots=True)
class Option:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Say:
    text: str
    # "stale": a tapped button was for an earlier question (nothing changed, question stays);
    # "invalid": a button that means nothing now. A channel may show these as a toast.
    # "unsaved": nothing was saved (the database is away): keep the tapped buttons usable.
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Ask:
    text: str
    options: tuple[Option, ...] = ()
    token: str | None = None  # echo it back in Choice.token
    columns: int = 1


Outgoing = Say | Ask
