"""ICP filing numbers: ``<region abbreviation>ICP备<4-digit year><6-digit serial>号-<site>``."""

from __future__ import annotations

from knowledge.regions import region_by_code


def format_icp_number(region: str, year: int, serial: int, site_index: int = 1) -> str:
    prefix = region_by_code(region).icp_prefix
    return f"{prefix}ICP备{year:04d}{serial:06d}号-{site_index}"
