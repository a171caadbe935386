"""Every request passes here: security headers, the session, the role, the CSRF token.

Fail closed: a route is served only if its name is in ``ROLES`` (login and static files are
the public exceptions), so a route added without a rule is refused, not opened.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from functools import partial

from aiohttp import web

from bot.web.context import CSRF, REVIEWER, desk_of, run
from bot.web.sessions import CookieSigner

PUBLIC = frozenset({"login", "login_submit", "static"})
EVERYONE = frozenset({"reviewer", "auditor"})
DECIDERS = frozenset({"reviewer"})
AUDITORS = frozenset({"auditor"})
ROLES: dict[str, frozenset[str]] = {
    "home": EVERYONE, "logout": EVERYONE, "language": EVERYONE, "dashboard": EVERYONE,
    "queue": DECIDERS, "order": DECIDERS, "material": DECIDERS, "material_image": DECIDERS,
    "material_page": DECIDERS, "material_download": DECIDERS, "decision": DECIDERS,
    "decision_confirm": DECIDERS,
    "audit": AUDITORS, "audit_csv": AUDITORS,
}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.match_info.route.name != "static":
        # Pages carry personal data: no browser or proxy keeps a copy.
        response.headers["Cache-Control"] = "no-store"
    if request.secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"


def cookie_path(request: web.Request) -> str:
    """The desk's own prefix (``/`` alone, ``/desk/`` beside the webhook)."""
    return str(request.app.router["home"].url_for())


def signer_of(request: web.Request) -> CookieSigner:
    return CookieSigner(desk_of(request).cookie_key)


@web.middleware
async def sessions_and_roles(request: web.Request, handler: Handler) -> web.StreamResponse:
    name = request.match_info.route.name
    if name in PUBLIC:
        return await handler(request)
    if request.match_info.http_exception is not None:  # no such page (or method)
        raise request.match_info.http_exception
    session = signer_of(request).session(request)
    desk = desk_of(request)
    reviewer = (await run(partial(desk.reviewers.get, session.reviewer))
                if session is not None else None)
    if session is None or reviewer is None or not reviewer.active:
        return _to_login(request)
    if name is None or reviewer.role not in ROLES.get(name, frozenset()):
        raise web.HTTPForbidden(text="This page is not for your role.")
    request[REVIEWER] = reviewer
    request[CSRF] = session.csrf
    if request.method not in ("GET", "HEAD"):
        form = await request.post()
        if not hmac.compare_digest(str(form.get("csrf", "")), session.csrf):
            raise web.HTTPForbidden(text="The form's security token is missing or stale; "
                                         "reload the page and try again.")
    return await handler(request)


def _to_login(request: web.Request) -> web.StreamResponse:
    if request.method not in ("GET", "HEAD"):
        raise web.HTTPUnauthorized(text="Your session has ended; log in again.")
    target = request.app.router["login"].url_for()
    if request.match_info.route.name not in ("home", None):
        target = target.with_query(next=request.rel_url.path_qs)
    raise web.HTTPSeeOther(target)
