"""ICP filing numbers as MIIT writes them (icp-filing.md §5.6, filing-details.md §6).

An entity's number is ``<region abbreviation>ICP备<4-digit year><6-digit serial>号``, e.g.
``浙ICP备2026000001号``; its n-th website is that number with ``-n``. Apps, mini-programs and
quick apps share the same series with a letter after n (``-2A``), so the serial is n.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from knowledge.regions import region_by_code

CHINA_TIME = ZoneInfo("Asia/Shanghai")
_NUMBER = re.compile(r"(?P<entity>.ICP备\d+号)(?:-(?P<serial>\d+)[AXK]?)?")


def entity_number(region: str, year: int, serial: int) -> str:
    prefix = region_by_code(region).icp_prefix
    return f"{prefix}ICP备{year:04d}{serial:06d}号"


def website_number(entity: str, serial: int) -> str:
    return f"{entity}-{serial}"


def format_icp_number(region: str, year: int, serial: int, site_index: int = 1) -> str:
    """The number of the ``site_index``-th website of a new entity."""
    return website_number(entity_number(region, year, serial), site_index)


def split_number(number: str) -> tuple[str, int | None]:
    """(the entity's number, the website's serial or None for an entity's number); a
    number in another layout is its own entity number (old numbers vary, §5.6)."""
    match = _NUMBER.fullmatch(number.strip())
    if match is None:
        return number.strip(), None
    serial = match.group("serial")
    return match.group("entity"), int(serial) if serial else None


def number_year(moment: datetime) -> int:
    """The year a number issued at ``moment`` carries: MIIT's calendar is China's."""
    return moment.astimezone(CHINA_TIME).year
