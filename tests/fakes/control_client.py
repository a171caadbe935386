"""Synchronous HTTP client for the fake Bot API's ``/_control/`` endpoints.

For drivers in another process (benchmarks, a test that only has the URL); in-process tests
call the same methods directly on :class:`~tests.fakes.bot_api_server.FakeBotApi`.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from typing import Any

from tests.fakes.bot_api_shapes import JSONDict


class ControlError(RuntimeError):
    """The fake refused a control call (bad arguments, timeout while waiting, …)."""


class ControlClient:
    def __init__(self, root_url: str, timeout: float = 10.0) -> None:
        self.root_url = root_url.rstrip("/")
        self.timeout = timeout

    def call(self, action: str, http_timeout: float | None = None, **kwargs: Any) -> Any:
        """POST the keyword arguments as JSON; ``data=bytes`` travels as base64."""
        if isinstance(kwargs.get("data"), bytes):
            kwargs["data_b64"] = base64.b64encode(kwargs.pop("data")).decode("ascii")
        request = urllib.request.Request(
            f"{self.root_url}/_control/{action}", data=json.dumps(kwargs).encode("utf-8"),
            headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=http_timeout or self.timeout) as reply:
                body = json.loads(reply.read())
        except urllib.error.HTTPError as error:
            body = json.loads(error.read() or b"{}")
        if not body.get("ok"):
            raise ControlError(body.get("description", "control call failed"))
        return body["result"]

    def inject_text(self, user_id: int, text: str, language_code: str | None = "en"
                    ) -> JSONDict:
        result: JSONDict = self.call("inject_text", user_id=user_id, text=text,
                                     language_code=language_code)
        return result

    def inject_callback(self, user_id: int, data: str, message_id: int | None = None) -> str:
        return str(self.call("inject_callback", user_id=user_id, data=data,
                             message_id=message_id))

    def sent_messages(self, chat_id: int) -> list[JSONDict]:
        return list(self.call("sent_messages", chat_id=chat_id))

    def wait_for_messages(self, chat_id: int, count: int, timeout: float = 5.0
                          ) -> list[JSONDict]:
        # The HTTP timeout must outlast the server-side wait so its TimeoutError reaches us.
        return list(self.call("wait_for_messages", http_timeout=timeout + 5.0,
                              chat_id=chat_id, count=count, timeout=timeout))

    def fail_next(self, method: str, status: int, times: int = 1,
                  retry_after: int | None = None, description: str | None = None,
                  chat_id: int | None = None) -> None:
        self.call("fail_next", method=method, status=status, times=times,
                  retry_after=retry_after, description=description, chat_id=chat_id)

    def enforce_limits(self, global_per_second: int = 30, per_chat_per_second: int = 1) -> None:
        self.call("enforce_limits", global_per_second=global_per_second,
                  per_chat_per_second=per_chat_per_second)

    def stats(self) -> JSONDict:
        result: JSONDict = self.call("stats")
        return result
