"""The knowledge engine kept on disk between processes (knowledge/engine_cache.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knowledge import KnowledgeBase, engine_cache


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ICPBOT_KB_CACHE", str(tmp_path))
    return tmp_path


def stored(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("kb-engine-*.pickle"))


def test_a_second_process_reads_the_engine_the_first_built(cache_dir: Path) -> None:
    first = KnowledgeBase.load()
    answer = first.ask("上海个人备案需要居住证吗")
    assert len(stored(cache_dir)) == 1
    second = KnowledgeBase.load()
    assert second._stored_or_built_engine() is not None
    again = second.ask("上海个人备案需要居住证吗")
    assert (again.region, again.topic, again.answer) == (answer.region, answer.topic,
                                                         answer.answer)


def test_a_broken_or_foreign_writable_file_is_rebuilt_not_read(cache_dir: Path) -> None:
    KnowledgeBase.load().ask("how long does the review take")
    (path,) = stored(cache_dir)
    path.write_bytes(b"not a pickle")
    assert KnowledgeBase.load().ask("how long does the review take").topic == "review-time"
    os.chmod(path, 0o666)
    assert engine_cache.load(path.stem.removeprefix("kb-engine-")) is None


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ICPBOT_KB_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    KnowledgeBase.load().ask("how long does the review take")
    assert not list(tmp_path.rglob("kb-engine-*"))


def test_a_change_to_the_data_gives_another_key(tmp_path: Path) -> None:
    data = tmp_path / "CN.json"
    data.write_text("{}", encoding="utf-8")
    before = engine_cache.key([data])
    data.write_text('{"changed": true}', encoding="utf-8")
    assert engine_cache.key([data]) != before
