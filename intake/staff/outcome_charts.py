"""The case page's outcome charts: each measure over the answered check-ins as a small server-drawn SVG,
with the MCID marked, and the same numbers as a table beside it (for screen readers and print).

Hand-built SVG rather than pygal: pygal's charts carry an inline <style> element and a script reference,
which the site's Content-Security-Policy refuses (no inline styles or scripts). These charts use only
SVG presentation attributes and classes from the site's stylesheet, and no script.

Built from the check-ins the case page already reads (one query, whatever their number).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from intake.models import CheckIn, Outcome
from intake.outcomes.measures import MEASURES, Measure, MeasureInfo

# The chart's box in SVG units: the plot area sits inside the margins (axis labels on the left).
WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 34, 10, 10, 24


@dataclass(frozen=True)
class ChartRow:
    weeks: int
    score: Decimal
    change: Decimal | None  # improvement since the first answered check-in (positive = better)
    reached_mcid: bool


@dataclass(frozen=True)
class OutcomeChart:
    """One measure's chart and table."""

    info: MeasureInfo
    rows: list[ChartRow]
    points: list[tuple[float, float]]
    mcid_y: float | None  # the height the first score plus the MCID reaches (None: off the scale)
    y_ticks: list[tuple[float, int]]
    x_labels: list[tuple[float, str, str]]  # x, text, text-anchor (the ends align inside the box)

    @property
    def slug(self) -> str:
        return self.info.measure.value

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)

    @property
    def target(self) -> Decimal | None:
        """The score that would mean a change of one MCID for the better since the first check-in."""
        if not self.rows:
            return None
        first = self.rows[0].score
        return first + self.info.mcid if self.info.higher_is_better else first - self.info.mcid

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return HEIGHT

    @property
    def plot_left(self) -> int:
        return LEFT

    @property
    def plot_right(self) -> int:
        return WIDTH - RIGHT

    @property
    def middle_x(self) -> float:
        """Where the MCID line's label sits: half way, clear of the first and last points."""
        return (LEFT + WIDTH - RIGHT) / 2

    @property
    def latest(self) -> ChartRow | None:
        return self.rows[-1] if self.rows else None


def _score(outcome: Outcome, measure: Measure) -> Decimal | None:
    value = {
        Measure.HEEL_PAIN: outcome.heel_pain,
        Measure.THIGH_PAIN: outcome.thigh_pain,
        Measure.LEFS: outcome.lefs_score,
        Measure.PSFS: outcome.psfs_score,
    }[measure]
    return None if value is None else Decimal(value)


def _y(info: MeasureInfo, value: Decimal) -> float:
    span = HEIGHT - TOP - BOTTOM
    return TOP + span * float(Decimal(info.maximum) - value) / (info.maximum - info.minimum)


def _chart(info: MeasureInfo, answered: list[tuple[int, Decimal]]) -> OutcomeChart:
    first = answered[0][1] if answered else None
    rows = [
        ChartRow(
            weeks=weeks,
            score=score,
            change=info.improvement(first, score) if first is not None and index else None,
            reached_mcid=bool(index) and first is not None and info.reached_mcid(first, score),
        )
        for index, (weeks, score) in enumerate(answered)
    ]
    plot_width = WIDTH - LEFT - RIGHT
    step = plot_width / max(len(answered) - 1, 1)
    points = [(LEFT + index * step, _y(info, score)) for index, (_, score) in enumerate(answered)]
    mcid_y = None
    if first is not None:
        target = first + info.mcid if info.higher_is_better else first - info.mcid
        if info.minimum <= target <= info.maximum:
            mcid_y = _y(info, target)
    # The first and last check-in under the x axis (every label would crowd a long series).
    ends = [(0, answered[0][0])] + ([(len(answered) - 1, answered[-1][0])] if len(answered) > 1 else [])
    x_labels = [
        (LEFT + index * step, f"{weeks} wk", "end" if index and index == len(answered) - 1 else "start")
        for index, weeks in ends
    ]
    middle = (info.minimum + info.maximum) // 2
    y_ticks = [(_y(info, Decimal(value)), value) for value in (info.maximum, middle, info.minimum)]
    return OutcomeChart(info, rows, points, mcid_y, y_ticks, x_labels)


def outcome_charts(check_ins: list[CheckIn]) -> list[OutcomeChart]:
    """One chart per measure with at least one answer, in the order of MEASURES."""
    outcomes = [
        (check_in.weeks, outcome)
        for check_in in check_ins
        if (outcome := getattr(check_in, "outcome", None)) is not None
    ]
    charts = []
    for measure, info in MEASURES.items():
        answered = [(weeks, score) for weeks, outcome in outcomes if (score := _score(outcome, measure)) is not None]
        if answered:
            charts.append(_chart(info, answered))
    return charts
