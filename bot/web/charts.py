"""Horizontal bar charts as geometry; templates/_charts.html draws them as inline SVG.

Server-side, no script: the numbers come from the database and the picture from the template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ROW_HEIGHT = 22
BAR_HEIGHT = 14
LABEL_WIDTH = 230
BAR_WIDTH = 230
VALUE_WIDTH = 240
LABEL_UNITS = 30  # what fits in LABEL_WIDTH at 12 px: a Chinese character counts as two


@dataclass(frozen=True)
class Segment:
    value: float
    css: str  # a class of static/desk.css: the colour says what the part means


@dataclass(frozen=True)
class Bar:
    label: str
    segments: Sequence[Segment]
    text: str  # the figure printed after the bar


@dataclass(frozen=True)
class Rect:
    x: float
    width: float
    css: str


@dataclass(frozen=True)
class Row:
    label: str  # shortened to fit; the full text is the row's tooltip
    full_label: str
    text: str
    y: int
    rects: list[Rect]


@dataclass(frozen=True)
class Chart:
    title: str
    rows: list[Row]
    width: int = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return max(len(self.rows), 1) * ROW_HEIGHT + 6

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + BAR_WIDTH + 8


def bar_chart(title: str, bars: Sequence[Bar], *, overlay: bool = False) -> Chart:
    """Stacked segments by default; ``overlay`` draws each segment from zero (p90 behind p50)."""
    longest = max((_length(bar, overlay) for bar in bars), default=0) or 1
    scale = BAR_WIDTH / longest
    rows = []
    for index, bar in enumerate(bars):
        x, rects = float(LABEL_WIDTH), []
        for segment in bar.segments:
            width = segment.value * scale
            rects.append(Rect(LABEL_WIDTH if overlay else x, width, segment.css))
            x += 0 if overlay else width
        rows.append(Row(shorten(bar.label), bar.label, bar.text, index * ROW_HEIGHT + 4, rects))
    return Chart(title, rows)


def shorten(label: str, units: int = LABEL_UNITS) -> str:
    """``label`` cut to ``units`` (wide characters count twice), with an ellipsis if cut."""
    used = 0
    for index, char in enumerate(label):
        used += 2 if ord(char) > 0x2E80 else 1
        if used > units - 1:
            return label[:index].rstrip() + "…"
    return label


def _length(bar: Bar, overlay: bool) -> float:
    values = [segment.value for segment in bar.segments]
    return max(values, default=0) if overlay else sum(values)
