"""An order's timeline as a PNG: five steps on a line, done ones green, the current one
highlighted in blue, a failed one red, the rest grey; labels and dates under each."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from bot.documents.fonts import cjk_font
from dialogs.messages import Picture, TimelineStep

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 460
MARGIN = 120  # from the edges to the first and last step's centre
LINE_Y = 210
RADIUS = 26
HALO = 44  # the current step's highlight
LABEL_WIDTH = 210
BACKGROUND = "#ffffff"
INK = "#212121"
MUTED = "#757575"
COLOURS = {"done": "#2e7d32", "current": "#1565c0", "failed": "#c62828",
           "skipped": "#bdbdbd", "todo": "#bdbdbd"}
HALO_COLOUR = "#bbdefb"


def render_timeline(picture: Picture) -> bytes:
    """The PNG bytes of ``picture``."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    _title(draw, picture.title)
    centres = _centres(len(picture.steps))
    _line(draw, picture.steps, centres)
    for step, x in zip(picture.steps, centres, strict=True):
        _node(draw, step, x)
        _caption(draw, step, x)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _font(size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    font = cjk_font()
    return ImageFont.truetype(str(font.path), size, index=font.index)


def _centres(count: int) -> list[int]:
    if count == 1:
        return [WIDTH // 2]
    step = (WIDTH - 2 * MARGIN) / (count - 1)
    return [round(MARGIN + index * step) for index in range(count)]


def _title(draw: ImageDraw.ImageDraw, title: str) -> None:
    font = _font(34)
    text = _fit(draw, title, font, WIDTH - 80)
    draw.text((40, 40), text, font=font, fill=INK)


def _line(draw: ImageDraw.ImageDraw, steps: tuple[TimelineStep, ...],
          centres: list[int]) -> None:
    """Segments walked are green (red into a failed step); what is still ahead is grey."""
    for index in range(len(steps) - 1):
        here, there = steps[index].state, steps[index + 1].state
        walked = here != "todo" and there != "todo"
        colour = (COLOURS["failed"] if there == "failed" else COLOURS["done"]) if walked \
            else COLOURS["todo"]
        draw.line((centres[index], LINE_Y, centres[index + 1], LINE_Y), fill=colour,
                  width=8 if walked else 4)


def _node(draw: ImageDraw.ImageDraw, step: TimelineStep, x: int) -> None:
    colour = COLOURS.get(step.state, COLOURS["todo"])
    if step.state == "current":
        draw.ellipse((x - HALO, LINE_Y - HALO, x + HALO, LINE_Y + HALO), fill=HALO_COLOUR)
    filled = step.state in ("done", "current", "failed")
    draw.ellipse((x - RADIUS, LINE_Y - RADIUS, x + RADIUS, LINE_Y + RADIUS),
                 fill=colour if filled else BACKGROUND, outline=colour, width=5)
    if step.state == "done":  # a check mark
        draw.line((x - 12, LINE_Y, x - 3, LINE_Y + 10, x + 13, LINE_Y - 10), fill="#ffffff",
                  width=6, joint="curve")
    elif step.state == "failed":  # a cross
        for sign in (1, -1):
            draw.line((x - 10, LINE_Y - 10 * sign, x + 10, LINE_Y + 10 * sign),
                      fill="#ffffff", width=6)
    elif step.state == "current":  # a dot: "here"
        draw.ellipse((x - 8, LINE_Y - 8, x + 8, LINE_Y + 8), fill="#ffffff")


def _caption(draw: ImageDraw.ImageDraw, step: TimelineStep, x: int) -> None:
    current = step.state == "current"
    font = _font(28 if current else 25)
    y: float = LINE_Y + HALO + 18
    for line in _wrap(draw, step.label, font, LABEL_WIDTH):
        width = draw.textlength(line, font=font)
        colour = COLOURS["current"] if current else (INK if step.state != "todo" else MUTED)
        draw.text((x - width / 2, y), line, font=font, fill=colour)
        y += font.size + 8
    if step.when:
        small = _font(21)
        for part in step.when.split(" "):  # the date, then the time
            width = draw.textlength(part, font=small)
            draw.text((x - width / 2, y + 4), part, font=small, fill=MUTED)
            y += small.size + 6


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont,
          width: int) -> list[str]:
    """Lines no wider than ``width``: at spaces for Latin text, anywhere for Chinese."""
    lines: list[str] = []
    current = ""
    for word in _words(text):
        candidate = f"{current}{word}" if current else word.lstrip()
        if current and draw.textlength(candidate, font=font) > width:
            lines.append(current)
            candidate = word.lstrip()
        current = candidate
    return [*lines, current] if current else lines


def _words(text: str) -> list[str]:
    words: list[str] = []
    for char in text:
        if char == " " or not words or ord(char) > 0x2E80 or ord(words[-1][-1]) > 0x2E80:
            words.append(char)
        else:
            words[-1] += char
    return _join_spaces(words)


def _join_spaces(words: list[str]) -> list[str]:
    """A space belongs to the word after it, so that lines never start with one."""
    joined: list[str] = []
    for word in words:
        if joined and joined[-1] == " ":
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont,
         width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"
