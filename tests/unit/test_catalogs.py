"""The message catalogs: current with the code, complete, and faithful to placeholders."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from bot.catalog_tools import load, placeholders

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
CATALOGS = [LOCALES / locale / "LC_MESSAGES" / "messages.po" for locale in ("en", "zh_Hans")]
GETTEXT_NAMES = {"gettext", "ngettext", "pgettext", "npgettext", "N_", "_"}


def _extract(target: Path) -> None:
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run([str(pybabel), "extract", "-F", "pyproject.toml", "-o", str(target),
                    "--add-comments=TRANSLATORS:", "--no-wrap", "bot", "dialogs", "filing"],
                   cwd=ROOT, check=True, capture_output=True, timeout=120)


def test_pot_is_current_with_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    _extract(fresh)
    extracted = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in load(fresh)}
    committed = {(m.context, m.id if isinstance(m.id, str) else m.id[0])
                 for m in load(LOCALES / "messages.pot")}
    assert extracted - committed == set(), "run `make update-catalogs` and translate"
    assert committed - extracted == set(), "run `make update-catalogs`"


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_catalog_has_no_untranslated_or_fuzzy_entries(path: Path) -> None:
    catalog = load(path)
    template = {m.id for m in load(LOCALES / "messages.pot") if m.id}
    entries = {m.id: m for m in catalog if m.id}
    assert template - set(entries) == set(), "catalog misses entries of the template"
    untranslated = [m.id for m in entries.values()
                    if not (all(m.string) if m.pluralizable else m.string)]
    fuzzy = [m.id for m in entries.values() if m.fuzzy]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_translations_keep_every_placeholder(path: Path) -> None:
    broken = []
    for message in load(path):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) \
            else (message.string,)
        expected = set().union(*(placeholders(i) for i in ids))
        for string in strings:
            if string and placeholders(string) != expected:
                broken.append((message.id, string))
    assert broken == []


def _gettext_calls_on_fstrings(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else \
            getattr(node.func, "id", "")
        if name in GETTEXT_NAMES and any(isinstance(a, ast.JoinedStr) for a in node.args):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_gettext_is_never_called_on_an_f_string() -> None:
    sources = [path for package in ("bot", "dialogs", "filing")
               for path in (ROOT / package).rglob("*.py")]
    offenders = [hit for path in sources for hit in _gettext_calls_on_fstrings(path)]
    assert offenders == []


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
def test_no_catalog_is_marked_fuzzy_as_a_whole(locale: str) -> None:
    # pybabel compile skips a catalog whose header is fuzzy: that language would silently
    # fall back to the message ids on a fresh machine.
    catalog = load(LOCALES / locale / "LC_MESSAGES" / "messages.po")
    assert not catalog.fuzzy
