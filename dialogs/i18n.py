"""The translator the engine is handed per user (Babel's Translations fit this protocol)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

LOCALES = ("zh_Hans", "en")


class Translator(Protocol):
    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...

    def pgettext(self, context: str, message: str, /) -> str: ...


TranslatorFactory = Callable[[str], Translator]


def lang_of(locale: str) -> str:
    """The knowledge base's and the data's language code of a catalog locale."""
    return "zh" if locale.startswith("zh") else "en"
