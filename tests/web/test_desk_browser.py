"""The desk in a real browser: logging in and out, filters, materials, decisions that reach the
applicant over the fake Bot API, two reviewers at once, and an auditor who cannot decide."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from bot.bootstrap import App, build, desk_app
from bot.tg.app import make_relay, relay_bot
from filing.events import OrderStatusChanged
from filing.lifecycle import Action, Status
from filing.model import Material
from filing.services import ReviewDecision
from filing.types import OrderType
from tests.fakes.bot_api_server import FakeBotApi
from tests.integration.test_callback_api import settings_for
from tests.web.browser import VIEWPORT, chromium, screenshot
from tests.web.desk_support import (
    AUDITOR,
    PASSWORD,
    add_accounts,
    png_bytes,
    resubmit_after_rejection,
    submit_order,
)
from tests.web.full_orders import full_order, store_rejected_and_corrected
from tests.web.showcase import seed_showcase

APPLICANT = 5550001


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    async with chromium() as browser:
        yield browser


async def serve(app: App) -> tuple[TestServer, str]:
    server = TestServer(desk_app(app), host="127.0.0.1")
    await server.start_server()
    return server, str(server.make_url("/")).rstrip("/")


@pytest.fixture
async def desk(app: App) -> AsyncIterator[str]:
    server, root = await serve(app)
    yield root
    await server.close()


async def logged_in(browser: Any, root: str, name: str, password: str = PASSWORD) -> Any:
    page = await (await browser.new_context(viewport=VIEWPORT, locale="en-US")).new_page()
    await page.goto(root + "/")
    await page.fill("input[name=name]", name)
    await page.fill("input[name=password]", password)
    async with page.expect_navigation():
        await page.click("button[type=submit]")
    return page


async def test_login_then_logout_and_the_root_asks_for_a_login(
        browser: Any, desk: str) -> None:
    page = await (await browser.new_context(viewport=VIEWPORT)).new_page()
    await page.goto(desk + "/")
    assert "/login" in page.url
    await page.fill("input[name=name]", "alice")
    await page.fill("input[name=password]", PASSWORD)
    async with page.expect_navigation():
        await page.click("button[type=submit]")
    assert page.url.endswith("/queue")
    async with page.expect_navigation():
        await page.click("#logout")
    assert "/login" in page.url
    await page.goto(desk + "/queue")
    assert "/login" in page.url


async def test_a_wrong_password_is_refused_and_recorded(browser: Any, desk: str,
                                                         app: App) -> None:
    page = await logged_in(browser, desk, "alice", "not the password")
    assert "/login" in page.url
    assert await page.locator(".error").inner_text() == "Wrong name, password or code."
    auditor = await logged_in(browser, desk, AUDITOR)
    await auditor.goto(desk + "/audit?action=login_failed")
    assert "alice" in await auditor.locator("table.audit tbody").inner_text()


async def test_a_form_with_a_forged_csrf_token_is_refused(browser: Any, desk: str,
                                                         app: App) -> None:
    order = submit_order(app)
    page = await logged_in(browser, desk, "alice")
    await page.goto(f"{desk}/orders/{order.id}")
    await page.eval_on_selector("#decision input[name=csrf]", "e => e.value = 'forged'")
    await page.check("input[value=approve]")
    async with page.expect_navigation() as navigation:
        await page.click("#decision button[type=submit]")
    assert (await navigation.value).status == 403
    assert "security token" in await page.content()
    assert app.filing.get(order.id).status is Status.PROVIDER_REVIEW


async def test_queue_filters_by_status_type_region_and_search(browser: Any, desk: str,
                                                              app: App) -> None:
    first = submit_order(app, domain="alpha.cn", name="杭州甲乙科技有限公司")
    second = submit_order(app, domain="beta.cn", name="李四")
    app.filing.decide(ReviewDecision(second.id, Action.APPROVE, "alice"))
    third = submit_order(app, domain="gamma.cn", name="王五", materials=False)
    page = await logged_in(browser, desk, "alice")
    rows = page.locator("table.queue tbody tr")
    assert await rows.count() == 2  # the default: waiting for the provider's review
    await page.select_option("select[name=status]", "sms_verification")
    await page.wait_for_url("**status=sms_verification**")
    assert await rows.count() == 1 and second.id in await rows.inner_text()
    await page.select_option("select[name=status]", "all")
    await page.wait_for_url("**status=all**")
    assert await rows.count() == 3
    await page.select_option("select[name=region]", "CN-BJ")
    await page.wait_for_url("**region=CN-BJ**")
    assert "No orders match" in await rows.inner_text()
    await page.goto(desk + "/queue?status=all")
    await page.select_option("select[name=type]", OrderType.FIRST_FILING.value)
    await page.wait_for_url("**type=first_filing**")
    assert await rows.count() == 3
    for term, expected in (("gamma.cn", third.id), ("杭州甲乙科技有限公司", first.id),
                           (second.id.lower(), second.id)):
        await page.fill("input[name=q]", term)
        async with page.expect_navigation():
            await page.click(".filters button[type=submit]")
        assert await rows.count() == 1, term
        assert expected in await rows.inner_text()


async def test_a_material_opens_decrypted_and_reencoded(browser: Any, desk: str,
                                                        app: App) -> None:
    order = submit_order(app)
    page = await logged_in(browser, desk, "alice")
    await page.goto(f"{desk}/orders/{order.id}")
    await page.wait_for_load_state("networkidle")
    await page.locator(".material-link").first.click()
    shown = await page.wait_for_function(
        "() => { const i = document.querySelector('.viewer img');"
        " return i && i.complete && i.naturalWidth; }")
    assert await shown.json_value() == 640
    await screenshot(page, "material")
    await page.goto(f"{desk}/orders/{order.id}/materials/1")
    assert await page.locator(".viewer img").count() == 2
    widths = await page.wait_for_function(
        "() => { const all = [...document.querySelectorAll('.viewer img')];"
        " return all.every(i => i.complete && i.naturalWidth) && all.map(i => i.naturalWidth); }")
    assert all(width > 500 for width in await widths.json_value())
    views = [e for e in _audit(app) if e.action == "view_material"]
    assert len(views) >= 3 and all(e.order_id == order.id for e in views)


def _audit(app: App) -> list[Any]:
    from storage.audit import AuditFilter, SqlAuditLog
    from storage.db import make_engine, session_factory

    return list(SqlAuditLog(session_factory(make_engine(app.database_url)))
                .export(AuditFilter()))


async def test_a_rejection_with_two_reasons_and_a_note_reaches_the_applicant(
        browser: Any, tmp_path: Path) -> None:
    async with FakeBotApi() as fake:
        settings = dataclasses.replace(settings_for(tmp_path), telegram_token=fake.token,
                                       telegram_api_url=fake.root_url)
        app = build(settings)
        add_accounts(app)
        order = submit_order(app, f"telegram:{APPLICANT}")
        order = resubmit_after_rejection(app, order)
        server, root = await serve(app)
        try:
            page = await logged_in(browser, root, "alice")
            await page.goto(f"{root}/orders/{order.id}")
            await page.wait_for_load_state("networkidle")
            assert "美食分享日记本" in await page.locator(".diff .after").inner_text()
            await screenshot(page, "order")
            await page.check("input[value=reject]")
            await page.check("input[value=website_name]")
            await page.check("input[value=other]")
            async with page.expect_navigation():
                await page.click("#decision button[type=submit]")
            assert "Explain “other”" in await page.locator("#decision-error").inner_text()
            await page.fill("textarea[name=note]", "Please use the name on your licence.")
            async with page.expect_navigation():
                await page.click("#decision button[type=submit]")
            await screenshot(page, "confirm", full_page=False)
            async with page.expect_navigation():
                await page.click("#confirm")
            assert "Decision recorded" in await page.locator(".notice").inner_text()
        finally:
            await server.close()
        async with relay_bot(settings) as bot:
            relay = make_relay(app, bot)
            while await relay.run_once():
                pass
        texts = [message["text"] for message in fake.sent_messages(APPLICANT)]
        rejection = texts[-1]
        assert "Please use the name on your licence." in rejection
        assert "website name" in rejection.lower() and "another problem" in rejection.lower()
        assert app.filing.get(order.id).status is Status.PROVIDER_REJECTED


async def test_two_reviewers_deciding_at_once_one_wins_and_the_other_is_told(
        browser: Any, desk: str, app: App) -> None:
    order = submit_order(app)
    alice = await logged_in(browser, desk, "alice")
    bob = await logged_in(browser, desk, "bob")
    for page, action in ((alice, "approve"), (bob, "reject")):
        await page.goto(f"{desk}/orders/{order.id}")
        await page.check(f"input[value={action}]")
        if action == "reject":
            await page.check("input[value=materials_unclear]")
        await page.click("#decision button[type=submit]")
        await page.locator("#confirm").wait_for()

    async def confirm(page: Any) -> str:
        async with page.expect_navigation():
            await page.click("#confirm")
        return str(await page.locator(".notice, #decision-error").inner_text())

    said = dict(zip(("alice", "bob"), await asyncio.gather(confirm(alice), confirm(bob)),
                    strict=True))
    winners = [name for name, text in said.items() if text.startswith("Decision recorded")]
    assert len(winners) == 1, said
    loser = "bob" if winners == ["alice"] else "alice"
    assert "Another reviewer decided" in said[loser] and "nothing was recorded" in said[loser]
    await screenshot(bob if loser == "bob" else alice, "conflict", full_page=False)
    stored = app.filing.get(order.id)
    assert stored.status is (Status.SMS_VERIFICATION if winners == ["alice"]
                             else Status.PROVIDER_REJECTED)
    assert [h.actor for h in stored.history][1:] == winners
    changes = [n.event.new_status for n in app.outbox.claim(100)
               if isinstance(n.event, OrderStatusChanged) and n.event.order_id == order.id]
    assert changes == ["provider_review", stored.status.value]  # the winner's, once


async def test_an_auditor_reads_the_log_and_cannot_decide(browser: Any, desk: str,
                                                         app: App) -> None:
    order = submit_order(app)
    other = submit_order(app, domain="second.cn", name="李四")
    app.filing.decide(ReviewDecision(other.id, Action.REJECT, "bob", ("materials_unclear",)))
    alice = await logged_in(browser, desk, "alice")
    await alice.goto(f"{desk}/orders/{order.id}")
    await alice.wait_for_load_state("networkidle")
    await logged_in(browser, desk, "mallory", "guessing")
    carol = await logged_in(browser, desk, AUDITOR)
    assert carol.url.endswith("/audit")
    log = await carol.locator("table.audit tbody").inner_text()
    assert "view_order" in log and order.id in log and "alice" in log
    assert "login_failed" in log and "mallory" in log
    await screenshot(carol, "audit-log")
    response = await carol.goto(f"{desk}/orders/{order.id}")
    assert response.status == 403
    csrf = await _csrf_of(carol, desk)
    refused = await carol.request.post(
        f"{desk}/orders/{order.id}/decision/confirm",
        form={"csrf": csrf, "action": "approve", "version": "1"})
    status = refused.status
    assert status == 403
    assert app.filing.get(order.id).status is Status.PROVIDER_REVIEW
    async with carol.expect_download() as download:
        await carol.goto(f"{desk}/audit")
        await carol.click("#export")
    body = Path(await (await download.value).path()).read_text()
    assert body.startswith("id,at,actor,action") and "view_order" in body


async def _csrf_of(page: Any, desk: str) -> str:
    await page.goto(f"{desk}/audit")
    return str(await page.locator("input[name=csrf]").first.get_attribute("value"))


async def test_the_dashboard_draws_every_chart_from_the_database(
        browser: Any, desk: str, app: App) -> None:
    seed_showcase(app)
    page = await logged_in(browser, desk, "alice")
    await page.goto(desk + "/queue?status=all")
    assert await page.locator("table.queue tbody tr").count() == 48
    await screenshot(page, "queue", full_page=False)
    await page.goto(desk + "/dashboard")
    charts = page.locator("figure.chart")
    assert await charts.count() == 5 + 3  # five figures, and a funnel for each of 3 flows
    assert await page.locator("figure.chart svg rect").count() > 60
    text = await page.locator("main").inner_text()
    assert "Hangzhou" not in text and "Zhejiang" in text and "First-time filing" in text
    await screenshot(page, "dashboard")


async def test_the_reviewers_language_is_remembered(browser: Any, desk: str,
                                                    app: App) -> None:
    seed_showcase(app)
    page = await logged_in(browser, desk, "alice")
    async with page.expect_navigation():
        await page.select_option("select[name=locale]", "zh_Hans")
    assert "队列" in await page.locator("h1").inner_text()
    async with page.expect_navigation():
        await page.click("#logout")
    again = await logged_in(browser, desk, "alice")
    await again.goto(desk + "/dashboard")
    assert "仪表盘" in await again.locator("h1").inner_text()
    await screenshot(again, "dashboard-zh")
    applicant = "telegram:5550001"
    order = store_rejected_and_corrected(app, full_order(OrderType.FIRST_FILING, [
        Material(**app.materials.save(applicant, kind, f"{kind}.png", "image/png",
                                      png_bytes(text=text)))
        for kind, text in (("entity_certificate", "LICENCE"), ("leader_id_front", "ID CARD"),
                           ("admin_id_front", "PASSPORT"))]))
    await again.goto(f"{desk}/orders/{order.id}")
    await again.wait_for_load_state("networkidle")
    data = await again.locator(".data").inner_text()
    assert "主体负责人为法定代表人" in data and "网站 1 · 网站名称" in data
    await screenshot(again, "order-zh")
