"""The READMEs and .env.example keep up with the code and with each other."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = (ROOT / "README.md").read_text()
CHINESE = (ROOT / "README.zh-CN.md").read_text()
ENV_EXAMPLE = (ROOT / ".env.example").read_text()
CONFIG = (ROOT / "bot" / "config.py").read_text()


def test_every_setting_is_documented_in_both_readmes_and_env_example() -> None:
    variables = set(re.findall(r'"((?:ICPBOT|TELEGRAM)_[A-Z_]+)"', CONFIG))
    assert variables
    for variable in variables:
        assert variable in ENGLISH and variable in CHINESE and variable in ENV_EXAMPLE, variable


def test_both_readmes_show_the_same_commands() -> None:
    def commands(text: str) -> set[str]:
        return set(re.findall(r"icpbot [a-z]+(?: [a-z-]+)?", text))

    assert commands(ENGLISH) == commands(CHINESE)


def test_each_readme_links_the_other() -> None:
    assert "README.zh-CN.md" in ENGLISH.split("\n", 5)[2]
    assert "README.md" in CHINESE.split("\n", 5)[2]


def test_the_lifecycles_document_shows_what_the_code_does() -> None:
    from filing.lifecycle_docs import render

    written = (ROOT / "docs" / "lifecycles.md").read_text(encoding="utf-8")
    assert written == render(), "run: python -m filing.lifecycle_docs docs/lifecycles.md"
