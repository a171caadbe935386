"""Rendering a page in the reviewer's language, with links that know the desk's prefix."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from aiohttp import web

from bot.web.context import CSRF, REVIEWER, desk_of
from bot.web.decision_form import ACTION_NAMES
from dialogs.i18n import lang_of
from dialogs.labels import ORDER_TYPES, STATUSES
from dialogs.order_fields import FILE_FORMATS
from dialogs.render import message, region_name
from filing.errors import DomainError

LANGUAGES = {"en": "English", "zh_Hans": "简体中文"}


def locale_of(request: web.Request) -> str:
    reviewer = request.get(REVIEWER)
    if reviewer is not None:
        return str(reviewer.locale)
    asked = request.query.get("lang", "")
    if asked in LANGUAGES:
        return asked
    accepted = request.headers.get("Accept-Language", "").lower()
    return "zh_Hans" if accepted.startswith("zh") else "en"


def url(request: web.Request, name: str, query: Mapping[str, Any] | None = None,
        **parts: str) -> str:
    target = request.app.router[name].url_for(**parts)
    if query:
        target = target.with_query({k: str(v) for k, v in query.items() if v not in ("", None)})
    return str(target)


def render(request: web.Request, template: str, status: int = 200,
           **context: Any) -> web.Response:
    desk = desk_of(request)
    locale = locale_of(request)
    t = desk.translator(locale)
    lang = lang_of(locale)

    reader = desk.reader(locale)

    def when(moment: datetime | None) -> str:
        return desk.format_datetime(moment, locale) if moment else "—"

    page = desk.templates.get_template(template).render(
        _=t.gettext, when=when, request_path=request.rel_url.path_qs,
        ngettext=lambda one, many, n: t.ngettext(one, many, n).format(n=n),
        lang=lang, locale=locale,
        languages=LANGUAGES, reviewer=request.get(REVIEWER), csrf=request.get(CSRF, ""),
        url=lambda name, query=None, **parts: url(request, name, query, **parts),
        status_label=lambda code: t.gettext(STATUSES.get(code) or code),
        type_label=lambda code: t.gettext(ORDER_TYPES.get(code) or code),
        action_label=lambda code: t.gettext(ACTION_NAMES.get(code) or code),
        region_label=lambda code: region_name(code, lang),
        reader=reader, material_label=reader.material_label, reason_label=reader.reason,
        field_label=reader.label_of, who=reader.applicant,
        file_format=lambda content_type: FILE_FORMATS.get(content_type, ""),
        error_text=lambda error: error_message(request, error),
        **context)
    return web.Response(text=page, content_type="text/html", status=status)


def error_message(request: web.Request, error: DomainError) -> str:
    locale = locale_of(request)
    return message(desk_of(request).translator(locale), error.msgid, error.params,
                   lang_of(locale))
