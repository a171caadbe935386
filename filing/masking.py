"""Masking of personal data for summaries, reviewer views and logs."""

from __future__ import annotations

import re


def mask_id(value: str) -> str:
    """1101**********123X: enough to recognise, not enough to use."""
    if len(value) <= 8:
        return value[:1] + "*" * max(len(value) - 2, 1) + value[-1:]
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_email(value: str) -> str:
    local, _, host = value.partition("@")
    return (local[:1] + "***@" + host) if host else mask_name(value)


def mask_name(value: str) -> str:
    if len(value) <= 1:
        return "*"
    return value[0] + "*" * (len(value) - 1)


_ID_LIKE = re.compile(r"\b(\d{6})(\d{8})(\d{3}[\dXx])\b")
_MOBILE_LIKE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
_EMAIL_LIKE = re.compile(r"([A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]*@")


def scrub(text: str) -> str:
    """Mask ID numbers, mobiles and e-mail addresses wherever they appear in free text."""
    text = _ID_LIKE.sub(lambda m: m.group(1)[:4] + "*" * 10 + m.group(3)[-4:], text)
    text = _MOBILE_LIKE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
    return _EMAIL_LIKE.sub(lambda m: m.group(1) + "***@", text)
