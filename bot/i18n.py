"""Babel catalogs, the per-user translator, locale detection and date formatting."""

from __future__ import annotations

import locale as system_locale
import os
from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import cast

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.lists import format_list as babel_format_list
from babel.support import Translations

from dialogs.i18n import Translator
from dialogs.order_fields import Formats

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DEFAULT_LOCALE = "en"


@cache
def translator(locale: str) -> Translator:
    """The catalog for ``locale`` (compiled by ``make``); English msgids if it is missing."""
    # Babel's stubs type pgettext loosely (str | object); its catalogs return str.
    return cast(Translator, Translations.load(str(LOCALES_DIR), [locale], domain="messages"))


def locale_for(language_code: str | None) -> str:
    """Telegram's language_code to a catalog: zh* → zh_Hans (no Traditional catalog yet)."""
    code = (language_code or "").lower().replace("_", "-")
    if code.startswith("zh"):
        return "zh_Hans"
    return DEFAULT_LOCALE


def system_default() -> str:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return locale_for(value)
    found = system_locale.getlocale()[0]
    return locale_for(found)


def babel_locale(locale: str) -> Locale:
    return Locale.parse("zh_Hans_CN" if locale == "zh_Hans" else "en")


def format_datetime(moment: datetime, locale: str) -> str:
    return babel_format_datetime(moment, format="medium", tzinfo=moment.tzinfo,
                                 locale=babel_locale(locale))


def format_date(day: date, locale: str) -> str:
    return babel_format_date(day, format="long", locale=babel_locale(locale))


def format_list(items: Sequence[str], locale: str) -> str:
    """``a, b and c`` / ``a、b和c``: a list as the reader's language writes one."""
    return babel_format_list(list(items), locale=babel_locale(locale)) if items else ""


def formats(locale: str) -> Formats:
    """Dates and lists as ``locale`` writes them, for the order's rows (dialogs/order_fields)."""
    return Formats(lambda day: format_date(day, locale),
                   lambda items: format_list(items, locale))
