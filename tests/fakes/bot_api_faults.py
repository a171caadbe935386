"""Fault injection and Telegram-like flood limits for the fake Bot API."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass


@dataclass
class FaultRule:
    """Answer the next ``remaining`` matching calls with an error or a delay."""

    method: str  # lower-case Bot API method name, or "*" for any method
    remaining: int
    status: int | None = None
    retry_after: int | None = None
    description: str | None = None
    chat_id: int | None = None
    delay: float = 0.0

    def matches(self, method: str, chat_id: int | None) -> bool:
        if self.method not in ("*", method):
            return False
        return self.chat_id is None or self.chat_id == chat_id


class FaultPlan:
    """Ordered fault rules; the first matching rule wins and is used up."""

    def __init__(self) -> None:
        self._errors: list[FaultRule] = []
        self._delays: list[FaultRule] = []

    def add(self, rule: FaultRule) -> None:
        (self._delays if rule.status is None else self._errors).append(rule)

    def clear(self) -> None:
        self._errors.clear()
        self._delays.clear()

    def take_error(self, method: str, chat_id: int | None) -> FaultRule | None:
        return self._take(self._errors, method, chat_id)

    def take_delay(self, method: str, chat_id: int | None) -> float:
        rule = self._take(self._delays, method, chat_id)
        return rule.delay if rule else 0.0

    @staticmethod
    def _take(rules: list[FaultRule], method: str, chat_id: int | None) -> FaultRule | None:
        for rule in rules:
            if rule.matches(method, chat_id):
                rule.remaining -= 1
                if rule.remaining <= 0:
                    rules.remove(rule)
                return rule
        return None


class FloodLimiter:
    """Sliding-window limits: at most N accepted sends in any ``window`` seconds.

    Telegram's real limits are undocumented and dynamic (about 30 messages/s overall and
    1 message/s per chat); a sliding window gives benchmarks a deterministic approximation.
    Refused calls do not count against the window, just like on Telegram.
    """

    def __init__(self, global_per_second: int, per_chat_per_second: int,
                 window: float = 1.0) -> None:
        self.global_limit = global_per_second
        self.per_chat_limit = per_chat_per_second
        self.window = window
        self._global: deque[float] = deque()
        self._chats: dict[int, deque[float]] = {}

    def admit(self, chat_id: int | None, now: float) -> int | None:
        """Record an accepted send, or return the ``retry_after`` seconds for a refusal."""
        chat = self._chats.setdefault(chat_id, deque()) if chat_id is not None else None
        for stamps, limit in ((self._global, self.global_limit), (chat, self.per_chat_limit)):
            if stamps is None:
                continue
            while stamps and stamps[0] <= now - self.window:
                stamps.popleft()
            if len(stamps) >= limit:
                return max(1, math.ceil(stamps[0] + self.window - now))
        self._global.append(now)
        if chat is not None:
            chat.append(now)
        return None
