"""Marking of translatable message ids in the core, which must not import Babel."""


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message
