"""Marking of translatable message ids in the core, which must not import Babel."""


def N_(message: str) -> str:  # noqa: N802 - the gettext convention pybabel extracts
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message
