"""``build_desk``: the one function that turns the services the desk uses into an aiohttp
application (served alone by ``icpbot web``, or mounted beside the webhook by ``icpbot run``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bot.web import audit_page, dashboard, decisions, login, materials, order_page, queue
from bot.web.context import DESK, Desk, MaterialReader, RegionRules
from bot.web.security import add_security_headers, sessions_and_roles
from dialogs.i18n import Translator
from dialogs.steps import Flow
from filing.ports import Clock
from filing.services import FilingService
from storage.audit import SqlAuditLog
from storage.desk_queries import SqlDeskQueries
from storage.desk_stats import SqlDeskStats
from storage.reviewers import SqlReviewerAccounts
from storage.submissions import SqlSubmissions

HERE = Path(__file__).resolve().parent
MAX_FORM_BYTES = 64 * 1024  # forms only: notes and reason codes, never uploads


def templates() -> Environment:
    return Environment(loader=FileSystemLoader(HERE / "templates"),
                       autoescape=select_autoescape(default=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def routes() -> list[web.AbstractRouteDef]:
    order = "/orders/{order_id}"
    material = order + "/materials/{number}"
    return [
        web.get("/", login.home, name="home"),
        web.get("/login", login.show, name="login"),
        web.post("/login", login.submit, name="login_submit"),
        web.post("/logout", login.logout, name="logout"),
        web.post("/account/language", login.language, name="language"),
        web.get("/queue", queue.show, name="queue"),
        web.get(order, order_page.show, name="order"),
        web.post(order + "/decision", decisions.ask, name="decision"),
        web.post(order + "/decision/confirm", decisions.confirm, name="decision_confirm"),
        web.get(material, materials.show, name="material"),
        web.get(material + "/image", materials.image, name="material_image"),
        web.get(material + "/pages/{page}", materials.pdf_page, name="material_page"),
        web.get(material + "/download", materials.download, name="material_download"),
        web.get("/audit", audit_page.show, name="audit"),
        web.get("/audit.csv", audit_page.export, name="audit_csv"),
        web.get("/dashboard", dashboard.show, name="dashboard"),
    ]


def build_desk(*, filing: FilingService, queries: SqlDeskQueries, stats: SqlDeskStats,
               submissions: SqlSubmissions, materials: MaterialReader, audit: SqlAuditLog,
               reviewers: SqlReviewerAccounts, translator: Callable[[str], Translator],
               format_datetime: Callable[[datetime, str], str], rules: RegionRules,
               flows: Mapping[str, Flow], clock: Clock, cookie_key: bytes,
               secure_cookies: bool = False) -> web.Application:
    app = web.Application(middlewares=[sessions_and_roles], client_max_size=MAX_FORM_BYTES)
    app[DESK] = Desk(filing, queries, stats, submissions, materials, audit, reviewers,
                     translator, format_datetime, rules, flows, clock, templates(), cookie_key,
                     secure_cookies)
    app.add_routes(routes())
    app.router.add_static("/static", HERE / "static", name="static", append_version=True)
    app.on_response_prepare.append(add_security_headers)
    return app
