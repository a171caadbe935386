"""Debian's Chromium driven by Playwright (its own browser download cannot work offline),
and screenshots for docs/ when ICPBOT_SCREENSHOTS names a folder (``make screenshots``)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("ICPBOT_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = os.environ.get("ICPBOT_SCREENSHOTS", "")
VIEWPORT = {"width": 1400, "height": 900}


def need_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing: .ci/run installs it with apt-get")
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")


@asynccontextmanager
async def chromium() -> AsyncIterator[object]:
    from playwright.async_api import async_playwright

    need_chromium()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            await browser.close()


async def screenshot(page: object, name: str, *, full_page: bool = True) -> None:
    """Saved only when screenshots are asked for: tests do not write into docs/ otherwise."""
    if not SHOTS:
        return
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(folder / f"{name}.png"),  # type: ignore[attr-defined]
                          full_page=full_page)
