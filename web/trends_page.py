"""The trends page: one SVG line per query over time, the same numbers as a table, options."""

from __future__ import annotations

from dataclasses import dataclass

from .active_filters import chips_and_words, interpreted_query
from .labels import Labels
from .url_state import LinkChoice, UrlState, date_state, research_choices, search_state_of
from .wording import period_label, plural

TREND_WIDTH = 640
TREND_HEIGHT = 220
TREND_LEFT = 48
"""Room for the value axis' labels, in SVG user units."""
TREND_TOP = 10
TREND_BOTTOM = 24
TREND_RIGHT = 10


@dataclass(frozen=True)
class TrendPoint:
    x: float
    y: float
    value_text: str
    label: str
    """'energy, 2019: 3 statements'."""
    url: str
    """The search for this query in this period."""
    period: str


@dataclass(frozen=True)
class TrendSeriesView:
    number: int
    """0-4: picks the series' colour class."""
    q: str
    label: str
    total: int
    polyline: str
    """The SVG points attribute: 'x,y x,y ...'."""
    points: list[TrendPoint]


@dataclass(frozen=True)
class TrendRow:
    period_text: str
    cells: list[TrendPoint]
    total: int


@dataclass(frozen=True)
class TrendsView:
    queries: list[str]
    query_inputs: list[str]
    """The text of each of the five query boxes (blank where unused)."""
    interpreted: str
    measure: str
    interval: str
    series: list[TrendSeriesView]
    rows: list[TrendRow]
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    top_label: str
    first_period: str
    last_period: str
    measures: list[LinkChoice]
    intervals: list[LinkChoice]
    notices: list[str]
    csv_url: str
    hidden_inputs: list[tuple[str, str]]
    """The filters and options, carried by the query form."""


def _value_text(value: float, measure: str) -> str:
    return f"{value:.1f}%" if measure == "share" else f"{int(value):,}"


def present_trends(trends, state: UrlState, queries: list[str], max_series: int) -> TrendsView:
    """Lay out the trend lines and their table; each point links to its period's results."""
    labels = Labels({})
    _, words = chips_and_words(state, labels)
    base = search_state_of(state).without("q")
    periods = trends.periods
    values = [[trends.value(s, i) for i in range(len(periods))] for s in trends.series]
    top = max((v for row in values for v in row), default=0.0) or 1.0
    plot_width = TREND_WIDTH - TREND_LEFT - TREND_RIGHT
    plot_height = TREND_HEIGHT - TREND_TOP - TREND_BOTTOM
    step = plot_width / max(1, len(periods) - 1)
    series_views = []
    for number, (series, row) in enumerate(zip(trends.series, values, strict=True)):
        label = series.q or "all statements"
        points = []
        for i, period in enumerate(periods):
            x = round(TREND_LEFT + (i * step if len(periods) > 1 else plot_width / 2), 2)
            y = round(TREND_TOP + plot_height * (1 - row[i] / top), 2)
            text = _value_text(row[i], trends.measure)
            said = plural(series.counts[i])
            if trends.measure == "share":
                said += f", {text} of {plural(trends.totals[i])}"
            points.append(
                TrendPoint(
                    x=x,
                    y=y,
                    value_text=text,
                    label=f"{label}, {period_label(period.key)}: {said}",
                    url=date_state(
                        base.setting(q=series.q or None), period.first, period.last
                    ).url(),
                    period=period.key,
                )
            )
        series_views.append(
            TrendSeriesView(
                number=number,
                q=series.q,
                label=label,
                total=series.total,
                polyline=" ".join(f"{p.x},{p.y}" for p in points),
                points=points,
            )
        )
    rows = [
        TrendRow(
            period_text=period_label(period.key),
            cells=[s.points[i] for s in series_views],
            total=trends.totals[i],
        )
        for i, period in enumerate(periods)
    ]
    options = state.without("q")
    return TrendsView(
        queries=queries,
        query_inputs=(queries + [""] * max_series)[:max_series],
        interpreted=interpreted_query(" | ".join(queries), words),
        measure=trends.measure,
        interval=trends.interval,
        series=series_views,
        rows=rows,
        width=TREND_WIDTH,
        height=TREND_HEIGHT,
        plot_left=TREND_LEFT,
        plot_right=TREND_WIDTH - TREND_RIGHT,
        plot_top=TREND_TOP,
        plot_bottom=TREND_HEIGHT - TREND_BOTTOM,
        top_label=_value_text(top, trends.measure),
        first_period=period_label(periods[0].key) if periods else "",
        last_period=period_label(periods[-1].key) if periods else "",
        measures=research_choices(
            state,
            "measure",
            [("count", "Statements"), ("share", "Share of all statements")],
            trends.measure,
            "count",
        ),
        intervals=research_choices(
            state,
            "interval",
            [("auto", "Automatic"), ("month", "By month"), ("year", "By year")],
            state.get("interval") or "auto",
            "auto",
        ),
        notices=trends.notices,
        csv_url=state.without("page").url("/trends.csv"),
        hidden_inputs=[(k, v) for k, v in options.pairs],
    )
