"""Materials, decrypted in memory for each response and never written to disk in clear.

Every response that carries a material's content is audited. Images and PDF pages are
re-rendered (bot.web.imaging); the original file is offered only as a download
(``attachment``, ``application/octet-stream``), so no upload is served with a type the
browser would execute or sniff.
"""

from __future__ import annotations

from functools import partial

from aiohttp import web

from bot.web.context import desk_of, run
from bot.web.imaging import Unreadable, pdf_page_count, reencode_image, render_pdf_page
from bot.web.order_page import load_order
from bot.web.pages import render
from filing.model import FilingOrder, Material

PRIVATE = {"Cache-Control": "no-store, max-age=0", "Pragma": "no-cache",
           "X-Content-Type-Options": "nosniff"}


async def _material(request: web.Request) -> tuple[FilingOrder, int, Material]:
    """The order's n-th material, or 404: the storage key never comes from the browser."""
    order = await load_order(request)
    number = request.match_info["number"]
    if not number.isdigit() or not 0 <= int(number) < len(order.materials):
        raise web.HTTPNotFound(text="No such material.")
    return order, int(number), order.materials[int(number)]


async def _bytes(request: web.Request, material: Material) -> bytes:
    return await run(partial(desk_of(request).materials.load, material.storage_key))


async def show(request: web.Request) -> web.StreamResponse:
    order, number, material = await _material(request)
    pages = 0
    if material.content_type == "application/pdf":
        try:
            pages = await run(partial(pdf_page_count, await _bytes(request, material)))
        except Unreadable:
            pages = 0
    return render(request, "material.html", order=order, number=number, material=material,
                  pages=range(pages))


async def image(request: web.Request) -> web.StreamResponse:
    order, number, material = await _material(request)
    if not material.content_type.startswith("image/"):
        raise web.HTTPNotFound(text="Not an image.")
    try:
        body, content_type = await run(partial(reencode_image, await _bytes(request, material)))
    except Unreadable:
        raise web.HTTPUnprocessableEntity(text="This image cannot be shown.") from None
    await desk_of(request).record(request, "view_material", order.id, f"{number} {material.kind}")
    extension = "png" if content_type == "image/png" else "jpg"
    return _private(body, content_type, f"inline; filename=\"{order.id}-{number}.{extension}\"")


async def pdf_page(request: web.Request) -> web.StreamResponse:
    order, number, material = await _material(request)
    page = request.match_info["page"]
    if material.content_type != "application/pdf" or not page.isdigit():
        raise web.HTTPNotFound(text="No such page.")
    try:
        body = await run(partial(render_pdf_page, await _bytes(request, material), int(page)))
    except Unreadable:
        raise web.HTTPNotFound(text="No such page.") from None
    await desk_of(request).record(request, "view_material", order.id,
                                  f"{number} {material.kind} page {int(page) + 1}")
    return _private(body, "image/png", f"inline; filename=\"{order.id}-{number}-{page}.png\"")


async def download(request: web.Request) -> web.StreamResponse:
    order, number, material = await _material(request)
    body = await _bytes(request, material)
    await desk_of(request).record(request, "download_material", order.id,
                                  f"{number} {material.kind}")
    extension = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}.get(
        material.content_type, "bin")
    return _private(body, "application/octet-stream",
                    f"attachment; filename=\"{order.id}-{number}.{extension}\"")


def _private(body: bytes, content_type: str, disposition: str) -> web.Response:
    response = web.Response(body=body, content_type=content_type, headers=PRIVATE)
    response.headers["Content-Disposition"] = disposition
    return response
