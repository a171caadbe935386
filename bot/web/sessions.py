"""Signed session cookies (itsdangerous): who is logged in, their CSRF token, and expiry.
Nothing is stored server-side; the account is re-read on every request, so disabling it
ends its sessions at once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from aiohttp import web
from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "desk_session"
LOGIN_COOKIE = "desk_login"  # the CSRF token of the login form, before there is a session
SESSION_SECONDS = 8 * 3600  # one working day
LOGIN_FORM_SECONDS = 3600


@dataclass(frozen=True)
class Session:
    reviewer: str
    csrf: str


class CookieSigner:
    def __init__(self, key: bytes) -> None:
        self._sessions = URLSafeTimedSerializer(key, salt="desk-session")
        self._logins = URLSafeTimedSerializer(key, salt="desk-login-form")

    def session(self, request: web.Request) -> Session | None:
        cookie = request.cookies.get(SESSION_COOKIE)
        if not cookie:
            return None
        try:
            data = self._sessions.loads(cookie, max_age=SESSION_SECONDS)
            return Session(str(data["r"]), str(data["c"]))
        except (BadSignature, KeyError, TypeError):
            return None

    def start_session(self, response: web.StreamResponse, reviewer: str, *, path: str,
                      secure: bool) -> None:
        value = self._sessions.dumps({"r": reviewer, "c": secrets.token_urlsafe(24)})
        _set(response, SESSION_COOKIE, value, SESSION_SECONDS, path, secure)
        response.del_cookie(LOGIN_COOKIE, path=path)

    def end_session(self, response: web.StreamResponse, *, path: str) -> None:
        response.del_cookie(SESSION_COOKIE, path=path)

    def login_token(self, request: web.Request) -> str | None:
        cookie = request.cookies.get(LOGIN_COOKIE)
        if not cookie:
            return None
        try:
            return str(self._logins.loads(cookie, max_age=LOGIN_FORM_SECONDS))
        except BadSignature:
            return None

    def set_login_token(self, response: web.StreamResponse, token: str, *, path: str,
                        secure: bool) -> None:
        _set(response, LOGIN_COOKIE, self._logins.dumps(token), LOGIN_FORM_SECONDS, path,
             secure)


def _set(response: web.StreamResponse, name: str, value: str, seconds: int, path: str,
         secure: bool) -> None:
    response.set_cookie(name, value, max_age=seconds, path=path, httponly=True,
                        samesite="Strict", secure=secure)
