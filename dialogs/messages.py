"""What the engine receives and answers; Telegram, the terminal and tests all speak this.

Texts may mark copyable values (order ids, filing numbers, service codes) with ``code()``: a
channel that can shows them so that a tap copies them (Telegram: ``<code>``), the others show
``plain()`` text.
"""

from __future__ import annotations

from dataclasses import dataclass

# Control characters no answer can contain (the channels strip them from what users send).
CODE_START = "\x0e"
CODE_END = "\x0f"


def code(value: object) -> str:
    """``value`` marked as one copyable span."""
    text = plain(str(value))
    return f"{CODE_START}{text}{CODE_END}" if text else text


def plain(text: str) -> str:
    """The text without its span marks, as a channel without them shows it."""
    return text.replace(CODE_START, "").replace(CODE_END, "")


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
    # Shown in place of the message whose button was tapped (e.g. a reason toggled on a
    # reviewer's picker), instead of below it; a channel without taps sends it as new.
    in_place: bool = False
    # These buttons decide this order (a reviewer's card): the channel remembers where it
    # showed them, so that a decision taken elsewhere can close them.
    about_order: str | None = None


@dataclass(frozen=True, slots=True)
class TimelineStep:
    label: str  # in the reader's language
    when: str  # the date in China time, "" when it has not happened
    state: str  # "done" | "current" | "failed" | "skipped" | "todo"


@dataclass(frozen=True, slots=True)
class Picture:
    """An order's progress drawn as a timeline; ``text`` is its text alternative."""

    text: str
    title: str
    steps: tuple[TimelineStep, ...]


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    rows: tuple[tuple[str, str], ...]  # (label, value), in the reader's language


@dataclass(frozen=True, slots=True)
class Document:
    """An order as a document the reader can keep (a PDF in Telegram); ``text`` says what
    it is, for a channel that cannot send files."""

    text: str
    file_name: str
    title: str
    order_id: str
    sections: tuple[Section, ...]
    footer: str = ""


Outgoing = Say | Ask | Picture | Document
