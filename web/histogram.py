"""The date histogram: one SVG bar per period, each a link narrowing the search to it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .url_state import UrlState, date_state
from .wording import parse_day, period_bounds, period_label, plural

# Histogram drawing area, in SVG user units.
CHART_WIDTH = 600
CHART_HEIGHT = 80


@dataclass(frozen=True)
class HistogramBar:
    period: str
    period_text: str
    """'June 2018'."""
    label: str
    """Read out and shown as the bar's tooltip: 'June 2018: 3 statements'."""
    count: int
    url: str
    x: float
    y: float
    width: float
    height: float
    selected: bool


def _bar_bounds(bar: dict) -> tuple[datetime.date, datetime.date] | None:
    """Return the bar's own from/to where the engine gives them, else its period's bounds."""
    first, last = parse_day(bar.get("from")), parse_day(bar.get("to"))
    if first and last:
        return first, last
    return period_bounds(str(bar["period"]))


def histogram_bars(histogram: list[dict], state: UrlState) -> list[HistogramBar]:
    """Lay out one bar per period, each a link narrowing the dates to its period."""
    periods = [(h["period"], int(h["count"]), _bar_bounds(h)) for h in histogram]
    periods = [p for p in periods if p[2]]
    if not periods:
        return []
    tallest = max(count for _, count, _ in periods) or 1
    slot = CHART_WIDTH / len(periods)
    gap = min(2.0, slot * 0.2)
    bars = []
    for i, (period, count, (first, last)) in enumerate(periods):
        height = round(CHART_HEIGHT * count / tallest, 2)
        selected = (state.get("from"), state.get("to")) == (first.isoformat(), last.isoformat())
        bars.append(
            HistogramBar(
                period=period,
                period_text=period_label(period),
                label=f"{period_label(period)}: {plural(count)}",
                count=count,
                url=date_state(state, first, last).url(),
                x=round(i * slot + gap / 2, 2),
                y=round(CHART_HEIGHT - height, 2),
                width=round(slot - gap, 2),
                height=height,
                selected=selected,
            )
        )
    return bars
