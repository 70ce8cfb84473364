"""Geometry of the report's small SVG charts: one value per category (a run, a record count), drawn
as a line or as bars by the template macro in templates/_macros.html."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

WIDTH, HEIGHT = 560, 250
# The right margin leaves room for half of the last category's label, centred on its band.
LEFT, RIGHT, TOP, BOTTOM = 64, WIDTH - 36, 24, HEIGHT - 46
# Width of a character of the 11 px labels, and the gap between labels: more categories than their
# labels fit get every n-th label (always the last: the run the report is about).
LABEL_CHARACTER_WIDTH = 7
LABEL_GAP = 14
Y_TICKS = 4


@dataclass(frozen=True)
class Datum:
    category: str
    value: float | None  # None: nothing recorded for this category
    description: str  # the hover text, before the value


@dataclass(frozen=True)
class Mark:
    x: float
    y: float | None
    value_label: str  # empty when there is no value
    tooltip: str
    labelled: bool


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Chart:
    title: str
    kind: Literal["line", "bar"]
    x_title: str
    y_title: str
    marks: list[Mark]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    bar_width: float
    missing: str  # what a category without a value means, e.g. "no checks recorded"
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM

    @property
    def has_missing(self) -> bool:
        return any(mark.y is None for mark in self.marks)

    @property
    def polyline(self) -> str:
        return " ".join(f"{mark.x},{mark.y}" for mark in self.marks if mark.y is not None)


def chart(
    title: str,
    kind: Literal["line", "bar"],
    x_title: str,
    y_title: str,
    data: list[Datum],
    percent: bool = False,
    missing: str = "nothing recorded",
) -> Chart:
    """Categories share the plot width in equal bands; values scale from zero to a round maximum."""
    band = (RIGHT - LEFT) / max(len(data), 1)
    value_labels = ["" if datum.value is None else format_value(datum.value, percent) for datum in data]
    longest_label = max((len(text) for text in value_labels + [datum.category for datum in data]), default=0)
    stride = math.ceil((longest_label * LABEL_CHARACTER_WIDTH + LABEL_GAP) / band)
    tick_values = _tick_values(
        [datum.value for datum in data if datum.value is not None], integer=not percent
    )
    top_value = tick_values[-1]

    def y_of(value: float) -> float:
        return round(BOTTOM - value / top_value * (BOTTOM - TOP), 1)

    def labelled(index: int) -> bool:
        return (len(data) - 1 - index) % stride == 0

    marks = [
        Mark(
            x=round(LEFT + (index + 0.5) * band, 1),
            y=None if datum.value is None else y_of(datum.value),
            value_label=value_label,
            tooltip=f"{datum.description}: {value_label or missing}",
            labelled=labelled(index),
        )
        for index, (datum, value_label) in enumerate(zip(data, value_labels))
    ]
    return Chart(
        title=title,
        kind=kind,
        x_title=x_title,
        y_title=y_title,
        marks=marks,
        x_ticks=[
            Tick(mark.x, datum.category)
            for index, (mark, datum) in enumerate(zip(marks, data))
            if labelled(index)
        ],
        y_ticks=[Tick(y_of(value), _tick_label(value, percent)) for value in tick_values],
        bar_width=round(min(band * 0.7, 48), 1),
        missing=missing,
    )


def format_value(value: float, percent: bool = False) -> str:
    return f"{value:.2%}" if percent else f"{value:,.0f}"


def _tick_values(values: list[float], integer: bool) -> list[float]:
    """Zero to the first round step (1, 2, 2.5 or 5 times a power of ten) at or above the largest
    value, in about Y_TICKS steps."""
    largest = max(values, default=0) or 1
    rough_step = largest / Y_TICKS
    magnitude = 10 ** math.floor(math.log10(rough_step))
    step = next(factor * magnitude for factor in (1, 2, 2.5, 5, 10) if factor * magnitude >= rough_step)
    if integer:
        step = max(math.ceil(step), 1)
    return [round(step * index, 10) for index in range(math.ceil(round(largest / step, 10)) + 1)]


def _tick_label(value: float, percent: bool) -> str:
    if percent:
        return f"{value * 100:g}%"
    for size, suffix in ((1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"
