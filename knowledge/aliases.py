"""Every name applicants use for a provincial region: the tables, not the matching.

Families: the full and short Chinese names and one-character abbreviations (from
``regions.REGIONS``), English names, exonyms and pinyin of the provinces (below), and the
places below provincial level — every prefecture-level division and the major districts and
counties — in ``data/places.json`` (with its source). :mod:`knowledge.mentions` finds them in
text. Nothing is read at import time.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from knowledge.regions import REGIONS

PLACES_FILE = Path(__file__).resolve().parent / "data" / "places.json"

# Province names in Latin script: English names, older romanisations (Wade-Giles, postal) and
# pinyin. Spaces, hyphens and apostrophes are ignored when matching.
LATIN_NAMES: dict[str, tuple[str, ...]] = {
    "CN-BJ": ("Beijing", "Peking", "Peiping", "Pekin"),
    "CN-TJ": ("Tianjin", "Tientsin"),
    "CN-HE": ("Hebei", "Hopei", "Hopeh"),
    "CN-SX": ("Shanxi", "Shansi"),
    "CN-NM": ("Inner Mongolia", "Nei Mongol", "Nei Menggu", "Neimenggu", "Neimeng"),
    "CN-LN": ("Liaoning",),
    "CN-JL": ("Jilin", "Kirin"),
    "CN-HL": ("Heilongjiang", "Heilungkiang"),
    "CN-SH": ("Shanghai",),
    "CN-JS": ("Jiangsu", "Kiangsu"),
    "CN-ZJ": ("Zhejiang", "Chekiang"),
    "CN-AH": ("Anhui", "Anhwei"),
    "CN-FJ": ("Fujian", "Fukien", "Hokkien"),
    "CN-JX": ("Jiangxi", "Kiangsi"),
    "CN-SD": ("Shandong", "Shantung"),
    "CN-HA": ("Henan", "Honan"),
    "CN-HB": ("Hubei", "Hupeh", "Hupei"),
    "CN-HN": ("Hunan",),
    "CN-GD": ("Guangdong", "Kwangtung", "Canton"),
    "CN-GX": ("Guangxi", "Kwangsi", "Guangxi Zhuang"),
    "CN-HI": ("Hainan",),
    "CN-CQ": ("Chongqing", "Chungking"),
    "CN-SC": ("Sichuan", "Szechuan", "Szechwan", "Sichuen"),
    "CN-GZ": ("Guizhou", "Kweichow"),
    "CN-YN": ("Yunnan",),
    "CN-XZ": ("Tibet", "Xizang"),
    "CN-SN": ("Shaanxi", "Shensi"),
    "CN-GS": ("Gansu", "Kansu"),
    "CN-QH": ("Qinghai", "Tsinghai"),
    "CN-NX": ("Ningxia", "Ningsia"),
    "CN-XJ": ("Xinjiang", "Sinkiang"),
}

# Chinese forms beyond REGIONS' full and short names (older or colloquial).
EXTRA_ZH: dict[str, tuple[str, ...]] = {
    "CN-NM": ("内蒙",),
    "CN-GX": ("广西壮族",),
    "CN-NX": ("宁夏回族",),
    "CN-XJ": ("新疆维吾尔",),
    "CN-SC": ("巴蜀",),
    "CN-HL": ("黑省",),
    "CN-BJ": ("帝都",),
    "CN-SH": ("魔都", "申城"),
}

# Words that contain a region name or abbreviation but are not about that region. They are
# read before any place name, so 阿里云 is not 阿里 and 犹豫 is not 豫.
BLOCKERS_ZH: tuple[str, ...] = (
    "阿里云", "阿里巴巴", "腾讯云", "华为云", "京东", "天翼云", "百度云", "金山云", "新网",
    "东京", "北京时间", "蒙古国", "犹豫", "晋升", "晋级", "复苏", "苏醒", "苏打", "桂花", "桂冠",
    "川流", "津贴", "鲁莽", "鲁棒", "辽阔", "希冀", "隐藏", "宝藏", "收藏", "青年", "黑名单",
    "吉利", "宁可", "甘心", "宝贵", "昂贵", "贵的", "云服务", "云盘", "新增", "新的", "新版",
    "躲藏", "冷藏", "储藏", "藏匿", "珍藏", "矿藏", "埋藏", "藏起", "藏着", "藏好", "暗藏",
    "包藏", "藏在", "藏到", "藏进",
)

# One-character abbreviations that are rarely anything else: they count on their own
# (在皖备案, 沪上). The others (京 in 北京 is caught as 北京 first, but 新 新增, 云 云服务器,
# 宁 宁可, 青 青年 ...) count only in a filing number (新ICP备...).
DISTINCT_ABBREVIATIONS = frozenset("冀沪皖豫黔鲁赣湘粤琼渝闽鄂陇滇晋辽浙陕蜀桂川苏京津藏")


@dataclass(frozen=True, slots=True)
class Place:
    """A place below provincial level, in the region ``code``."""

    code: str
    zh: str
    latin: tuple[str, ...]
    level: str  # "prefecture" or "district" (districts, county-level cities, zones)
    needs_context: bool = False


@cache
def places() -> tuple[Place, ...]:
    data = json.loads(PLACES_FILE.read_text(encoding="utf-8"))
    out = []
    for code, items in data["places"].items():
        for item in items:
            out.append(
                Place(
                    code=code,
                    zh=item["zh"],
                    latin=tuple(item.get("latin", ())),
                    level=item["level"],
                    needs_context=bool(item.get("needs_context", False)),
                )
            )
    return tuple(out)


def places_source() -> dict[str, str]:
    """Where the place list comes from (title, url, date)."""
    return dict(json.loads(PLACES_FILE.read_text(encoding="utf-8"))["source"])


def latin_key(name: str) -> str:
    """The matching key of a Latin name: lower case without spaces, hyphens or apostrophes."""
    return re.sub(r"[\s\-'’]+", "", name).lower()


def all_aliases() -> dict[str, str]:
    """Every alias mapped to its region code (for tests and docs).

    Latin aliases are keys as written in the tables; ambiguous Chinese words (those that need
    context) are left out because they name a region only next to a place marker.
    """
    out: dict[str, str] = {}
    for region in REGIONS:
        for name in (region.name_zh, region.short_zh, *EXTRA_ZH.get(region.code, ())):
            out[name] = region.code
        for name in (region.name_en, *LATIN_NAMES.get(region.code, ())):
            out[name] = region.code
        for prefix in region.icp_prefixes:
            out[prefix] = region.code
    for place in places():
        if not place.needs_context:
            out.setdefault(place.zh, place.code)
        for name in place.latin:
            out.setdefault(name, place.code)
    return out
