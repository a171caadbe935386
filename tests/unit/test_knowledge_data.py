"""The knowledge data files and the region name tables."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from knowledge import REGIONS, KnowledgeBase, find_region, region_by_code
from knowledge.aliases import LATIN_NAMES, all_aliases, places
from knowledge.base import CONFIDENCE_LEVELS, DEFAULT_DATA_DIR, NATIONAL
from knowledge.sources import DATE_FORMAT, latest

DATA_FILES = sorted(DEFAULT_DATA_DIR.glob("*.json"))
REGION_FILES = [p for p in DATA_FILES if p.name.startswith("CN")]
PARAPHRASES = json.loads((DEFAULT_DATA_DIR / "_paraphrases.json").read_text(encoding="utf-8"))
META = json.loads((DEFAULT_DATA_DIR / "_meta.json").read_text(encoding="utf-8"))
CJK = re.compile(r"[\u4e00-\u9fff]")

NATIONAL_TOPICS = {
    "filing-types", "process", "review-time", "sms-verification", "domain-not-ip",
    "domain-requirements", "domain-holder", "instance-requirements", "filing-number-format",
    "footer-display", "psb-filing", "claim-import", "cancel-access", "one-domain-per-website",
    "materials", "rejection-reasons",
    # §9 frequent questions
    "overseas-server", "international-account", "foreigners", "site-closed",
    "registrar-elsewhere", "sites-per-server", "one-entity-per-account",
    "domain-already-filed", "change-provider", "filing-password", "number-expiry",
    "individual-to-company", "ip-change", "sms-not-received", "after-rejection", "cdn", "cost",
    "apps",
}


def _entries(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["entries"]


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_every_data_file_parses(path: Path) -> None:
    assert isinstance(json.loads(path.read_text(encoding="utf-8")), dict)


def test_all_31_regions_and_national_have_entries() -> None:
    expected = {r.code for r in REGIONS} | {NATIONAL}
    assert {p.stem for p in REGION_FILES} == expected
    kb = KnowledgeBase.load()
    assert kb.regions_with_entries() == expected
    for path in REGION_FILES:
        assert json.loads(path.read_text(encoding="utf-8"))["region"] == path.stem
        assert _entries(path), path.name


@pytest.mark.parametrize("path", REGION_FILES, ids=lambda p: p.name)
def test_every_entry_has_both_languages_a_source_a_date_and_a_confidence(path: Path) -> None:
    topics = [e["topic"] for e in _entries(path)]
    assert len(topics) == len(set(topics)), "one entry per topic and region"
    for entry in _entries(path):
        assert re.fullmatch(r"[a-z0-9-]+", entry["topic"])
        assert CJK.search(entry["zh"]), entry["topic"]
        assert re.search(r"[A-Za-z]{3}", entry["en"]), entry["topic"]
        assert entry["sources"], entry["topic"]
        for key in entry["sources"]:
            assert key in META["sources"], f"{path.name}/{entry['topic']}: unknown source {key}"
        assert DATE_FORMAT.match(entry["checked"]), entry["topic"]
        assert entry["confidence"] in CONFIDENCE_LEVELS


def test_national_file_covers_the_required_topics_and_every_regional_topic() -> None:
    national = {e["topic"]: e for e in _entries(DEFAULT_DATA_DIR / "CN.json")}
    assert set(national) >= NATIONAL_TOPICS
    for topic, entry in national.items():
        assert entry["title"]["zh"] and entry["title"]["en"], topic
        assert entry["keywords"]["zh"] and entry["keywords"]["en"], topic
    for path in REGION_FILES:
        for entry in _entries(path):
            assert entry["topic"] in national, f"{path.name}: no national {entry['topic']}"


def test_every_source_is_a_readable_title_with_a_link_or_a_named_document_and_a_date() -> None:
    for key, info in META["sources"].items():
        assert len(info["title"]) > 15 and " " in info["title"], key  # words, not a key
        assert info["title_zh"], key
        assert "url" not in info or info["url"].startswith(("http://", "https://")), key
        assert DATE_FORMAT.match(info["date"]), key


def test_checked_is_the_date_of_the_newest_source_never_a_first_of_january_placeholder() -> None:
    for path in REGION_FILES:
        for entry in _entries(path):
            dates = [META["sources"][k]["date"] for k in entry["sources"]]
            assert entry["checked"] == latest(dates), f"{path.name}/{entry['topic']}"
            assert not entry["checked"].endswith("-01-01") or entry["checked"] in dates


def test_every_topic_has_many_paraphrases_in_both_languages() -> None:
    national = {e["topic"] for e in _entries(DEFAULT_DATA_DIR / "CN.json")}
    topics = PARAPHRASES["topics"]
    declines = {t for t in topics if t.startswith("_decline:")}
    rules = {r["id"] for r in json.loads(
        (DEFAULT_DATA_DIR / "_declines.json").read_text(encoding="utf-8"))["rules"]}
    assert {t.split(":", 1)[1] for t in declines} <= rules
    assert set(topics) - declines == national | {"_out_of_scope"}
    for topic, by_lang in topics.items():
        assert len(by_lang["zh"]) >= 3 and len(by_lang["en"]) >= 3, topic
        assert all(CJK.search(q) for q in by_lang["zh"]), topic


def test_framing_texts_are_bilingual() -> None:
    for key in ("sources", "as_of", "reminder", "unknown", "can_help", "no_region_rule"):
        assert META["messages"][key]["zh"] and META["messages"][key]["en"]
    assert "截至" in META["messages"]["as_of"]["zh"]
    assert "as of" in META["messages"]["as_of"]["en"]


@pytest.mark.parametrize("alias,code", sorted(all_aliases().items()))
def test_every_region_alias_resolves(alias: str, code: str) -> None:
    region = find_region(alias)
    assert region is not None and region.code == code


@pytest.mark.parametrize(
    "text,code",
    [
        ("川", "CN-SC"), ("蜀", "CN-SC"), ("贵", "CN-GZ"), ("黔", "CN-GZ"),
        ("甘", "CN-GS"), ("陇", "CN-GS"), ("云", "CN-YN"), ("滇", "CN-YN"),
        ("川ICP备10200063号-1", "CN-SC"), ("蜀ICP备12014244号-2", "CN-SC"),
        ("贵ICP备05052049号-13", "CN-GZ"), ("甘ICP备16003251号-1", "CN-GS"),
        ("这个陇ICP备2021003158号-1是哪里的", "CN-GS"), ("京公网安备11010802012345号", "CN-BJ"),
        ("浙江省", "CN-ZJ"), ("浙江", "CN-ZJ"), ("Zhejiang Province", "CN-ZJ"),
        ("广西壮族自治区", "CN-GX"), ("内蒙古", "CN-NM"), ("Inner Mongolia", "CN-NM"),
        ("nei menggu", "CN-NM"), ("Xizang", "CN-XZ"), ("Tibet", "CN-XZ"),
        ("shaanxi", "CN-SN"), ("Shanxi", "CN-SX"), ("Xi'an", "CN-SN"), ("Xian", "CN-SN"),
        ("CN-HL", "CN-HL"), ("cn-gd", "CN-GD"), ("I'm in Shenzhen", "CN-GD"),
        ("我在杭州", "CN-ZJ"), ("苏州的公司", "CN-JS"), ("Urumqi", "CN-XJ"),
        ("阿里云南京节点", "CN-JS"), ("Peking", "CN-BJ"), ("Szechuan", "CN-SC"),
    ],
)
def test_region_names_in_every_form(text: str, code: str) -> None:
    region = find_region(text)
    assert region is not None and region.code == code


@pytest.mark.parametrize(
    "text", ["新增接入怎么办", "腾讯云备案", "云服务器", "How long does it take?", "新网站", ""]
)
def test_words_containing_an_abbreviation_are_not_regions(text: str) -> None:
    assert find_region(text) is None


def test_alias_tables_cover_every_region() -> None:
    for region in REGIONS:
        assert LATIN_NAMES[region.code], region.code
        assert sum(1 for p in places() if p.code == region.code) >= 3, region.code
        assert region_by_code(region.code) is region
