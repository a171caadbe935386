"""Catalog chores for the i18n workflow (``make update-catalogs``) and the catalog tests."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

PLACEHOLDER = re.compile(r"\{(\w*)\}")


def load(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def save(catalog: Catalog, path: Path) -> None:
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_by_file=True, ignore_obsolete=True)


def fill_english(path: Path) -> None:
    """The English catalog says exactly what the msgids say (a guessed, fuzzy match of an
    older string would show the wrong text)."""
    catalog = load(path)
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable:
            message.string = tuple(message.id)
        else:
            message.string = message.id
        message.flags.discard("fuzzy")
    save(catalog, path)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "fill-english":
        fill_english(Path(argv[1]))
        return 0
    print("usage: python -m bot.catalog_tools fill-english PO_FILE", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
