"""A claim's figures over time as PNG images, drawn with matplotlib (``Figure`` without pyplot: thread-safe,
nothing global), cached by what they plot.

Only figures in the claim's most common unit are plotted (counts of soldiers and kilometres do not share an
axis); a vague amount ("several hundred") has no number to plot and stays in the page's table; a range is a
vertical bar from low to high."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, DateFormatter, date2num
from matplotlib.figure import Figure as Canvas
from matplotlib.ticker import FuncFormatter

from dossier.model import Figure

Point = tuple[date, float | None, float | None, float | None]  # (date, value, low, high)

_INK = "#1f4e79"
_RANGE = "#7a9cc6"
_GRID = "#d9dee5"
_TEXT = "#3b4350"
@dataclass(frozen=True, slots=True)
class Plotted:
    """What a chart of these figures shows: the unit plotted, its points, and how many figures were left out."""

    unit: str | None
    points: tuple[Point, ...]
    left_out: int

    @property
    def unit_label(self) -> str:
        return self.unit or "count"


def plottable(figures: Sequence[Figure]) -> Plotted:
    """The figures a chart plots: dated, not vague, with a value or both ends of a range, in the most common unit
    among those (ties: the unit of the earliest)."""
    usable = [f for f in figures if f.plottable]
    if not usable:
        return Plotted(None, (), len(figures))
    counted = Counter(f.unit for f in usable)
    unit = max(counted, key=lambda u: (counted[u], -next(i for i, f in enumerate(usable) if f.unit == u)))
    points = tuple(sorted(_point(f) for f in usable if f.unit == unit))
    return Plotted(unit, points, len(figures) - len(points))


def _point(figure: Figure) -> Point:
    assert figure.date is not None  # a plottable figure is dated
    if figure.low is not None and figure.high is not None:
        return (figure.date, figure.value, figure.low, figure.high)
    return (figure.date, figure.value, None, None)


def sparkline(figures: Sequence[Figure]) -> bytes:
    """A 160×36 px line of the plotted figures, transparent, no axes (for figures with at least one to plot)."""
    return _sparkline(plottable(figures).points)


def timeline(figures: Sequence[Figure]) -> bytes:
    """A 720×300 px chart: date across, value up; a point per figure, a bar per range."""
    plotted = plottable(figures)
    return _timeline(plotted.points, plotted.unit_label)


def _trend(points: tuple[Point, ...]) -> tuple[list[date], list[float]]:
    """The line through the points: one per day, the median of that day's figures."""
    days = sorted({p[0] for p in points})
    middles = []
    for day in days:
        values = sorted(_middle(p) for p in points if p[0] == day)
        half = len(values) // 2
        middles.append(values[half] if len(values) % 2 else (values[half - 1] + values[half]) / 2)
    return days, middles


def _x(days: Sequence[date]) -> list[float]:
    """Dates as matplotlib's day numbers (the axis's locator and formatter read them as dates)."""
    return [float(date2num(day)) for day in days]  # type: ignore[no-untyped-call]


def _one_day(ax: Any, days: list[date], margin: float) -> None:
    if len(days) == 1:
        middle = _x(days)[0]
        ax.set_xlim(middle - margin, middle + margin)


def _middle(point: Point) -> float:
    _, value, low, high = point
    if value is not None:
        return value
    assert low is not None and high is not None
    return (low + high) / 2


@lru_cache(maxsize=1024)
def _sparkline(points: tuple[Point, ...]) -> bytes:
    canvas = Canvas(figsize=(1.6, 0.36), dpi=100)
    ax = canvas.add_axes((0.03, 0.12, 0.94, 0.76))
    days, middles = _trend(points)
    for day, _, low, high in points:
        if low is not None and high is not None:
            ax.vlines(_x([day]), [low], [high], color=_RANGE, linewidth=1.5)
    ax.plot(_x(days), middles, color=_INK, linewidth=1.2, marker="o", markersize=2)
    ax.plot(_x(days[-1:]), middles[-1:], color=_INK, marker="o", markersize=3.5)
    _one_day(ax, days, 1)
    ax.set_axis_off()
    return _png(canvas, transparent=True)


@lru_cache(maxsize=256)
def _timeline(points: tuple[Point, ...], unit: str) -> bytes:
    canvas = Canvas(figsize=(7.2, 3.0), dpi=100)
    ax = canvas.add_axes((0.1, 0.16, 0.83, 0.76))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(_GRID)
    ax.grid(axis="y", color=_GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(colors=_TEXT, labelsize=8)
    ax.set_ylabel(unit, color=_TEXT, fontsize=9)
    if points:
        ranges = [(day, low, high) for day, _, low, high in points if low is not None and high is not None]
        values = [(day, value) for day, value, low, _ in points if value is not None and low is None]
        if ranges:
            ax.vlines(_x([r[0] for r in ranges]), [r[1] for r in ranges], [r[2] for r in ranges], color=_RANGE,
                      linewidth=4, label="range")
        if values:
            ax.plot(_x([v[0] for v in values]), [v[1] for v in values], linestyle="none", marker="o", markersize=6,
                    color=_INK, label="figure")
        days, middles = _trend(points)
        ax.plot(_x(days), middles, color=_INK, linewidth=0.8, alpha=0.4)
        _one_day(ax, days, 3)
        top = max(p[3] if p[3] is not None else _middle(p) for p in points)
        ax.set_ylim(0, top * 1.12 if top > 0 else 1)
    else:
        ax.text(0.5, 0.5, "No figures to plot", transform=ax.transAxes, ha="center", va="center", color=_TEXT)
    ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=6))  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(DateFormatter("%Y-%m-%d"))  # type: ignore[no-untyped-call]
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 10 else f"{v:g}"))
    return _png(canvas, transparent=False)


def _png(canvas: Canvas, *, transparent: bool) -> bytes:
    FigureCanvasAgg(canvas)
    buffer = io.BytesIO()
    canvas.savefig(buffer, format="png", transparent=transparent, metadata={"Software": None})
    return buffer.getvalue()
