"""Sources as users see them: a readable title with a link, or a named document.

The data files cite sources by short keys (``TC-prov-en``); ``_meta.json`` maps each key to
``{"title", "title_zh"?, "url"?, "date"}``. Keys never reach a user: :meth:`SourceCatalog.render`
turns them into "title — URL". ``date`` is the source's own date at the precision known
(``2025-12-31``, ``2026-06`` or ``2019``), never a made-up day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

DATE_FORMAT = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def is_before(date: str, year: str) -> bool:
    """Whether a date of any precision (``2019``, ``2019-06``, ``2019-06-30``) is before
    the start of ``year``."""
    return date[:4] < year


def latest(dates: Iterable[str]) -> str:
    """The latest of dates of mixed precision (a later year wins; same year: more precise)."""
    return max(dates, key=lambda d: (d[:4], d))


class SourceCatalog:
    def __init__(self, sources: Mapping[str, Any]) -> None:
        self.sources = dict(sources)

    def title(self, key: str, lang: str = "en") -> str:
        info = self.sources[key]
        if lang == "zh" and info.get("title_zh"):
            return str(info["title_zh"])
        return str(info["title"])

    def date(self, key: str) -> str:
        return str(self.sources[key]["date"])

    def render(self, keys: Iterable[str], lang: str) -> list[str]:
        """Readable references for source keys, in order, without duplicates."""
        out: list[str] = []
        for key in keys:
            info = self.sources.get(key)
            if info is None:
                continue  # an unknown key is a data error (tested), never shown
            title = self.title(key, lang)
            url = info.get("url")
            text = f"{title} — {url}" if url else title
            if text not in out:
                out.append(text)
        return out
