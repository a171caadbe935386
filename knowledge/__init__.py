"""Region-keyed knowledge base: the 31 provincial regions, national rules, and retrieval.

Nothing is loaded at import time: call :meth:`KnowledgeBase.load` (reads the JSON data files)
and :meth:`KnowledgeBase.ask`. jieba is imported on the first Chinese question only.
"""

from knowledge.base import NATIONAL, Answer, Entry, KnowledgeBase, detect_lang
from knowledge.mentions import find_region_code
from knowledge.regions import (
    ALL_ICP_PREFIXES,
    REGIONS,
    Region,
    region_by_code,
    region_of_resident_id,
)


def find_region(text: str) -> Region | None:
    """The region a text names (Chinese/English/pinyin name, abbreviation, city or ISO code)."""
    code = find_region_code(text)
    return region_by_code(code) if code else None


__all__ = [
    "ALL_ICP_PREFIXES",
    "NATIONAL",
    "REGIONS",
    "Answer",
    "Entry",
    "KnowledgeBase",
    "Region",
    "detect_lang",
    "find_region",
    "region_by_code",
    "region_of_resident_id",
]
