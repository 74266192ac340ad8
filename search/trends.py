"""Trends: how many statements match each of a few queries, period by period.

Counts are taken from the selection's months (on the embedded index, the per-generation
month sets of search/facets.py: a series costs one search plus one `&` per month). The share of a period divides by every statement of
that period passing the same filters, so that a growing archive is not read as a rising
subject.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from .backends import Backend
from .errors import BadQuery
from .facets import MONTHLY_HISTOGRAM_MAX_MONTHS
from .models import SearchRequest

MAX_SERIES = 5
"""Most queries one chart compares."""
INTERVALS = ("auto", "month", "year")
"""auto: by month when the statements span at most MONTHLY_HISTOGRAM_MAX_MONTHS months."""
MEASURES = ("count", "share")


@dataclass(frozen=True)
class Period:
    key: str
    """'2018' or '2018-06'."""
    first: datetime.date
    last: datetime.date


@dataclass(frozen=True)
class Series:
    q: str
    counts: list[int]
    total: int
    """Statements the query finds over all periods (dated or not)."""
    timed_out: bool


@dataclass(frozen=True)
class Trends:
    interval: str
    """month or year: the interval actually used."""
    measure: str
    periods: list[Period]
    series: list[Series]
    totals: list[int]
    """Every statement of each period passing the filters: the denominator of a share."""
    notices: list[str]

    def value(self, series: Series, index: int) -> float:
        """The plotted value: a count, or a share in percent of the period's statements."""
        count = series.counts[index]
        if self.measure == "count":
            return float(count)
        total = self.totals[index]
        return 100.0 * count / total if total else 0.0

    def to_json(self) -> dict:
        return {
            "interval": self.interval,
            "measure": self.measure,
            "periods": [
                {"period": p.key, "from": p.first.isoformat(), "to": p.last.isoformat()}
                for p in self.periods
            ],
            "totals": self.totals,
            "series": [
                {
                    "q": s.q,
                    "total": s.total,
                    "counts": s.counts,
                    "values": [round(self.value(s, i), 3) for i in range(len(self.periods))],
                    "timed_out": s.timed_out,
                }
                for s in self.series
            ],
            "notices": self.notices,
        }


def _periods(first: int, last: int, interval: str) -> list[Period]:
    if interval == "year":
        return [
            Period(str(y), datetime.date(y, 1, 1), datetime.date(y, 12, 31))
            for y in range(first // 100, last // 100 + 1)
        ]
    periods = []
    year, month = divmod(first, 100)
    while year * 100 + month <= last:
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        periods.append(
            Period(
                f"{year}-{month:02d}",
                datetime.date(year, month, 1),
                following - datetime.timedelta(days=1),
            )
        )
        year, month = following.year, following.month
    return periods


def _per_period(months: dict[int, int], periods: list[Period], interval: str) -> list[int]:
    index = {p.key: i for i, p in enumerate(periods)}
    counts = [0] * len(periods)
    for month, n in months.items():
        key = str(month // 100) if interval == "year" else f"{month // 100}-{month % 100:02d}"
        if key in index:
            counts[index[key]] += n
    return counts


def trends(
    engine: Backend,
    base: SearchRequest,
    queries: list[str],
    interval: str = "auto",
    measure: str = "count",
) -> Trends:
    """Count each query's statements per period, under the filters of `base`."""
    if len(queries) > MAX_SERIES:
        raise BadQuery(f"A chart compares at most {MAX_SERIES} queries; {len(queries)} were given.")
    if interval not in INTERVALS:
        raise BadQuery(f"'interval' must be one of {', '.join(INTERVALS)}, not {interval!r}.")
    if measure not in MEASURES:
        raise BadQuery(f"'measure' must be one of {', '.join(MEASURES)}, not {measure!r}.")

    # Every statement passing the filters, whatever the words: the share's denominator.
    totals_by_month = engine.research(dataclasses.replace(base, q=""), lambda s: s.month_counts())
    found = []
    notices: list[str] = []
    for q in queries or [""]:
        request = dataclasses.replace(base, q=q)
        months, total, timed_out, said = engine.research(
            request, lambda s: (s.month_counts(), s.count(), s.timed_out, s.notices)
        )
        found.append((q, months, total, timed_out))
        notices += [n for n in said if n not in notices]
    if not totals_by_month:
        return Trends("year" if interval == "auto" else interval, measure, [], [], [], notices)
    first, last = min(totals_by_month), max(totals_by_month)
    span = (last // 100 - first // 100) * 12 + last % 100 - first % 100 + 1
    if interval == "auto":
        interval = "month" if span <= MONTHLY_HISTOGRAM_MAX_MONTHS else "year"
    periods = _periods(first, last, interval)
    series = [
        Series(q, _per_period(months, periods, interval), total, timed_out)
        for q, months, total, timed_out in found
    ]
    return Trends(
        interval,
        measure,
        periods,
        series,
        _per_period(totals_by_month, periods, interval),
        notices,
    )
