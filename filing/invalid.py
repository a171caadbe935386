"""The refusal every validator raises, the note some accepted answers carry, and cleaning."""

from __future__ import annotations

import unicodedata
from typing import Any

# An accepted answer's remark for the user: (message id, parameters).
Note = tuple[str, dict[str, Any]]


class Invalid(ValueError):
    """An answer that cannot be accepted, with the reason as a message id.

    ``example`` is a valid answer shown after repeated tries; ``suggestion`` is the corrected
    answer the user can accept with one tap (e.g. the domain cleaned of ``https://``).
    """

    def __init__(self, msgid: str, example: str | None = None, *,
                 suggestion: str | None = None, **params: Any) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params
        self.example = example
        self.suggestion = suggestion


def clean(text: str) -> str:
    """NFKC-normalise (full-width digits and letters become ASCII) and trim."""
    normalised = unicodedata.normalize("NFKC", text)
    if normalised.isprintable():  # no character of a "C" category: nothing to drop
        return normalised.strip()
    return "".join(ch for ch in normalised if unicodedata.category(ch)[0] != "C").strip()


def compact(text: str) -> str:
    """Cleaned, upper case, without spaces: how certificate numbers are compared."""
    return clean(text).upper().replace(" ", "")
