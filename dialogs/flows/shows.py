"""How answers are shown in summaries: labels for codes, masks for personal data, a tick for
a received file — never a raw value, key or dict (filing-details: no internal data to users)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from dialogs.i18n import Translator
from dialogs.steps import Display


def show_label(labels: Mapping[str, str]) -> Display:
    def show(value: object, translator: Translator) -> str:
        return translator.gettext(labels[str(value)]) if str(value) in labels else "—"

    return show


def show_labels(labels: Mapping[str, str]) -> Display:
    """A comma-separated list of codes (e.g. languages), each shown by its label."""
    def show(value: object, translator: Translator) -> str:
        return ", ".join(translator.gettext(labels[code]) for code in str(value).split(",")
                         if code in labels) or "—"

    return show


def masked(mask: Callable[[str], str]) -> Display:
    def show(value: object, _: Translator) -> str:
        return mask(str(value))

    return show


def label_or_masked(labels: Mapping[str, str], mask: Callable[[str], str]) -> Display:
    """A button's label when a button answered, else the typed answer masked."""
    def show(value: object, translator: Translator) -> str:
        if str(value) in labels:
            return translator.gettext(labels[str(value)])
        return mask(str(value))

    return show


def show_file(value: Any, _: Translator) -> str:
    """A received file is acknowledged, never shown as data (its name may be personal)."""
    return "✓" if isinstance(value, dict) and value.get("storage_key") else "—"
