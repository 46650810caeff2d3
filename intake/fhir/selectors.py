"""Reads for the FHIR API, each in a fixed number of queries whatever the size of the case."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q

from intake.fhir.resources import CaseRecord
from intake.models import Case, Outcome, PlanItem, PlanStatus, TherapyPlan


def case_record(*, reference: str) -> CaseRecord | None:
    """One case with its patient, answers, latest assessment, approved plan (with items) and outcomes:
    five queries."""
    case = Case.objects.select_related("patient", "answers").filter(reference=reference).first()
    if case is None:
        return None
    plan = (
        TherapyPlan.objects.filter(case=case, status=PlanStatus.APPROVED)
        .select_related("approved_by")
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.select_related("exercise")))
        .order_by("-approved_at", "-id")
        .first()
    )
    outcomes = list(Outcome.objects.filter(check_in__case=case).select_related("check_in").order_by("answered_at"))
    return CaseRecord(case=case, assessment=case.latest_assessment(), plan=plan, outcomes=outcomes)


def responses_changed_since(
    *, since: dt.datetime | None, after: tuple[dt.datetime, str] | None, count: int
) -> tuple[list[Case], bool]:
    """Cases with answers changed after ``since``, in (change time, reference) order, from after the
    ``after`` key; one page of ``count`` and whether another follows. One query."""
    cases = Case.objects.filter(answers__isnull=False).select_related("answers")
    if since is not None:
        cases = cases.filter(updated_at__gt=since)
    if after is not None:
        moment, reference = after
        cases = cases.filter(Q(updated_at__gt=moment) | Q(updated_at=moment, reference__gt=reference))
    page = list(cases.order_by("updated_at", "reference")[: count + 1])
    return page[:count], len(page) > count
