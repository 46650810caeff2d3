"""Reads of the follow-up check-ins' outcomes (re-exported by intake/selectors.py).

``outcomes_per_pathway``: for clinic admins (and the rules review page), per pathway the number of cases
followed up, the median change of each measure from the first to the latest answers, and the share of
cases whose change reached the MCID. One query: a row per case, its first and latest answers as
subqueries; medians in Python (the same on SQLite and PostgreSQL).

``follow_up_lists``: the queue's follow-up tab: check-ins due, check-ins overdue, and cases not improving
by the MCID at 6 weeks. Three queries whatever the number of cases (the tests pin it), each list capped at ``LIST_CAP``
rows with the most pressing first.

* due: not answered, due in the last ``OVERDUE_AFTER`` or the next ``DUE_AHEAD``, case not closed;
* overdue: not answered ``OVERDUE_AFTER`` after its due time, case not closed;
* not improving: the latest answered check-in at ``NOT_IMPROVING_AT_WEEKS`` weeks or later shows no
  measure better by its MCID than at the case's first answered check-in (the baseline: the intake does
  not ask the LEFS or the PSFS). A case with no earlier answer has no baseline and is not listed.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from intake.agreement import Figure
from intake.models import Case, CaseStatus, CheckIn, Outcome, Pathway
from intake.outcomes.measures import MEASURES, Measure, MeasureInfo

LIST_CAP = 100
DUE_AHEAD = dt.timedelta(days=7)
OVERDUE_AFTER = dt.timedelta(days=7)
NOT_IMPROVING_AT_WEEKS = 6
# An improvement that cannot be computed (a measure not answered) counts as none.
_NONE = Value(-1000)


@dataclass(frozen=True)
class FollowUpLists:
    due: list[CheckIn]
    overdue: list[CheckIn]
    not_improving: list[Outcome]
    cap: int = LIST_CAP


def _not_answered(now: dt.datetime):
    return (
        CheckIn.objects.filter(outcome__isnull=True)
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case", "case__assigned_to", "case__patient")
    )


def _first_outcome(field: str, output_field) -> Subquery:
    """The case's first answered check-in's value of ``field`` (the baseline)."""
    return Subquery(
        Outcome.objects.filter(check_in__case=OuterRef("check_in__case"))
        .order_by("answered_at", "id")
        .values(field)[:1],
        output_field=output_field,
    )


def not_improving_outcomes(*, cap: int = LIST_CAP) -> list[Outcome]:
    """Latest answers at 6 weeks or later with no measure better by its MCID than the first answers."""
    integer, decimal = IntegerField(), DecimalField(max_digits=6, decimal_places=2)
    later = Outcome.objects.filter(check_in__case=OuterRef("check_in__case"), answered_at__gt=OuterRef("answered_at"))
    mcid = {measure: Value(info.mcid, output_field=decimal) for measure, info in MEASURES.items()}
    return list(
        Outcome.objects.filter(check_in__weeks__gte=NOT_IMPROVING_AT_WEEKS)
        .exclude(check_in__case__status=CaseStatus.CLOSED)
        .filter(~Exists(later))
        .annotate(
            first_id=_first_outcome("id", integer),
            first_heel_pain=_first_outcome("heel_pain", integer),
            first_thigh_pain=_first_outcome("thigh_pain", integer),
            first_lefs=_first_outcome("lefs_score", integer),
            first_psfs=_first_outcome("psfs_score", decimal),
        )
        .exclude(first_id=F("id"))
        .annotate(
            heel_better=ExpressionWrapper(F("first_heel_pain") - F("heel_pain"), output_field=decimal),
            thigh_better=ExpressionWrapper(F("first_thigh_pain") - F("thigh_pain"), output_field=decimal),
            lefs_better=Coalesce(
                ExpressionWrapper(F("lefs_score") - F("first_lefs"), output_field=decimal), _NONE, output_field=decimal
            ),
            psfs_better=Coalesce(
                ExpressionWrapper(F("psfs_score") - F("first_psfs"), output_field=decimal), _NONE, output_field=decimal
            ),
        )
        .exclude(
            Q(heel_better__gte=mcid[Measure.HEEL_PAIN])
            | Q(thigh_better__gte=mcid[Measure.THIGH_PAIN])
            | Q(lefs_better__gte=mcid[Measure.LEFS])
            | Q(psfs_better__gte=mcid[Measure.PSFS])
        )
        .select_related("check_in__case", "check_in__case__assigned_to")
        .order_by("answered_at", "id")[:cap]
    )


def follow_up_lists(*, now: dt.datetime | None = None, cap: int = LIST_CAP) -> FollowUpLists:
    now = now or timezone.now()
    due = _not_answered(now).filter(due_at__gt=now - OVERDUE_AFTER, due_at__lte=now + DUE_AHEAD)
    overdue = _not_answered(now).filter(due_at__lte=now - OVERDUE_AFTER)
    return FollowUpLists(
        due=list(due.order_by("due_at", "id")[:cap]),
        overdue=list(overdue.order_by("due_at", "id")[:cap]),
        not_improving=not_improving_outcomes(cap=cap),
        cap=cap,
    )


# --- Outcomes per pathway ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureSummary:
    info: MeasureInfo
    cases: int  # cases with this measure answered at two check-ins or more
    median_change: Decimal | None  # better is positive
    reached_mcid: int

    @property
    def share_reaching_mcid(self) -> Decimal | None:
        if not self.cases:
            return None
        return (Decimal(100 * self.reached_mcid) / self.cases).quantize(Decimal("1"))

    @property
    def reaching_mcid(self) -> Figure:
        """The share as the rules review words every figure: its counts and 95 % interval, or "too few
        cases" below the review's minimum (a percentage of two cases would mislead)."""
        return Figure(count=self.reached_mcid, total=self.cases)


@dataclass(frozen=True)
class PathwayOutcomes:
    pathway: str
    label: str
    cases: int  # cases with at least one answered check-in
    measures: list[MeasureSummary]


_MEASURE_FIELDS = {
    Measure.HEEL_PAIN: "heel_pain",
    Measure.THIGH_PAIN: "thigh_pain",
    Measure.LEFS: "lefs_score",
    Measure.PSFS: "psfs_score",
}


def _answer_of_case(field: str, *, latest: bool) -> Subquery:
    """The case's first (or latest) answered check-in's value of ``field``, among those that have it."""
    order = ("-answered_at", "-id") if latest else ("answered_at", "id")
    return Subquery(
        Outcome.objects.filter(check_in__case=OuterRef("pk"), **{f"{field}__isnull": False})
        .order_by(*order)
        .values(field)[:1]
    )


def _answers_of_case(field: str) -> Subquery:
    return Subquery(
        Outcome.objects.filter(check_in__case=OuterRef("pk"), **{f"{field}__isnull": False})
        .values("check_in__case")
        .annotate(count=Count("id"))
        .values("count")[:1],
        output_field=IntegerField(),
    )


def outcomes_per_pathway() -> list[PathwayOutcomes]:
    """Per pathway the case is treated under (the physiotherapist's choice if they overrode the
    suggestion), in the order of the Pathway vocabulary; pathways without a followed-up case left out."""
    annotations = {}
    for measure, field in _MEASURE_FIELDS.items():
        annotations[f"{measure}_first"] = _answer_of_case(field, latest=False)
        annotations[f"{measure}_latest"] = _answer_of_case(field, latest=True)
        annotations[f"{measure}_count"] = _answers_of_case(field)
    rows = (
        Case.objects.filter(Exists(Outcome.objects.filter(check_in__case=OuterRef("pk"))))
        .annotate(**annotations)
        .values("pathway", "overridden_pathway", *annotations)
    )
    by_pathway: dict[str, list[dict]] = {}
    for row in rows:
        by_pathway.setdefault(row["overridden_pathway"] or row["pathway"], []).append(row)
    report = []
    for pathway, label in Pathway.choices:
        cases = by_pathway.get(pathway, [])
        if cases:
            report.append(
                PathwayOutcomes(pathway, label, len(cases), [_summary(info, cases) for info in MEASURES.values()])
            )
    return report


def _summary(info: MeasureInfo, cases: list[dict]) -> MeasureSummary:
    key = info.measure.value
    changes = [
        info.improvement(row[f"{key}_first"], row[f"{key}_latest"]) for row in cases if (row[f"{key}_count"] or 0) >= 2
    ]
    return MeasureSummary(
        info=info,
        cases=len(changes),
        median_change=Decimal(statistics.median(changes)).quantize(Decimal("0.1")) if changes else None,
        reached_mcid=sum(change >= info.mcid for change in changes),
    )
