"""The de-identified export for research and audit: one row per case, nothing that names a patient.

What is left out: names, contact details, birth dates, case references, database ids and every free
text (comments, notes, addenda, the diagnosis note). Ages and BMI are banded. Dates are whole days,
shifted by a number of days drawn for each patient (1 to 182 days, earlier or later), so the intervals
within one patient's cases stay true while no date is a real one. Patients and cases get pseudonyms
drawn from a secret made for this export alone: two exports cannot be linked with each other, nor
with the clinic's records. Only patients who consented are exported.

What stays: the answers (coded), the rules version, the suggestion, urgency and red-flag rule ids,
the physiotherapist's pathway change (coded reason), the first visit's findings and working diagnosis
(coded), status and referral destination (coded).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.models import User
from django.db.models import JSONField, OuterRef, Subquery
from django.utils import timezone

from intake import audit
from intake.models import FIRST_VISIT_FINDINGS, Assessment, Case, FirstVisit
from intake.rules.questions import QUESTIONS

BANDED_ANSWERS = ("age", "bmi")
ANSWER_COLUMNS: tuple[str, ...] = tuple(q.key for q in QUESTIONS if q.key not in BANDED_ANSWERS)
COLUMNS: tuple[str, ...] = (
    "patient",
    "case",
    "age_band",
    "bmi_band",
    "submitted_on",
    "status",
    "rules_version",
    "suggested_pathway",
    "scored_pathway",
    "urgency",
    "red_flags",
    "overridden_pathway",
    "override_reason",
    "referred_to",
    "first_visit_on",
    "first_visit_signed",
    *FIRST_VISIT_FINDINGS,
    "working_diagnosis",
    "differential",
    *ANSWER_COLUMNS,
)
MAX_SHIFT_DAYS = 182


def age_band(age: int | None) -> str:
    """Ten-year bands from 25; one band under 18, 18-24, and 85 or over (few enough to stand out)."""
    if age is None:
        return ""
    if age < 18:
        return "under 18"
    if age < 25:
        return "18-24"
    if age >= 85:
        return "85+"
    low = (age - 25) // 10 * 10 + 25
    return f"{low}-{low + 9}"


def bmi_band(bmi: int | None) -> str:
    """The WHO bands."""
    if bmi is None:
        return ""
    if bmi < 18.5:
        return "under 18.5"
    if bmi < 25:
        return "18.5-24.9"
    if bmi < 30:
        return "25-29.9"
    return "30+"


class _Pseudonyms:
    """Pseudonyms and date shifts from a secret made for one export (HMAC-SHA256), never stored."""

    def __init__(self) -> None:
        self._secret = secrets.token_bytes(32)

    def _digest(self, kind: str, value: int) -> bytes:
        return hmac.new(self._secret, f"{kind}:{value}".encode(), hashlib.sha256).digest()

    def name(self, kind: str, value: int) -> str:
        return self._digest(kind, value).hex()[:12]

    def shift(self, patient_id: int) -> dt.timedelta:
        """1 to MAX_SHIFT_DAYS days earlier or later (never 0), the same for every date of one patient."""
        number = int.from_bytes(self._digest("shift", patient_id)[:4], "big")
        days = number % MAX_SHIFT_DAYS + 1
        return dt.timedelta(days=days if number & 1 << 31 else -days)


def _shifted(moment: dt.datetime | None, shift: dt.timedelta) -> str:
    return "" if moment is None else (timezone.localdate(moment) + shift).isoformat()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def deidentified_export(*, actor: User) -> Iterator[dict[str, str]]:
    """Every consented patient's cases, de-identified, streamed; the export is audited (who, how many) first."""
    latest = Assessment.objects.filter(case=OuterRef("pk")).order_by("-created_at", "-id")
    cases = (
        Case.objects.filter(patient__consent_given=True, answers__isnull=False)
        .annotate(
            rules_version=Subquery(latest.values("rules_version")[:1]),
            result=Subquery(latest.values("result")[:1], output_field=JSONField()),
        )
        .select_related("answers", "first_visit")
        .order_by("pk")
    )
    audit.deidentified_exported(
        actor=actor, cases=cases.count(), patients=cases.values("patient_id").distinct().count()
    )
    return _rows(cases)


def _rows(cases: Any) -> Iterator[dict[str, str]]:
    pseudonyms = _Pseudonyms()
    for case in cases.iterator(chunk_size=1000):
        answers = case.answers
        shift = pseudonyms.shift(case.patient_id)
        result = case.result or {}
        try:
            visit: FirstVisit | None = case.first_visit
        except FirstVisit.DoesNotExist:
            visit = None
        row = {
            "patient": pseudonyms.name("patient", case.patient_id),
            "case": pseudonyms.name("case", case.pk),
            "age_band": age_band(answers.age),
            "bmi_band": bmi_band(answers.bmi),
            "submitted_on": _shifted(case.submitted_at, shift),
            "status": case.status,
            "rules_version": case.rules_version or "",
            "suggested_pathway": case.pathway,
            "scored_pathway": result.get("scored_pathway", ""),
            "urgency": case.urgency,
            "red_flags": " ".join(flag["rule"] for flag in result.get("red_flags", ())),
            "overridden_pathway": case.overridden_pathway,
            "override_reason": case.override_reason,
            "referred_to": case.referred_to,
            "first_visit_on": _shifted(visit.examined_at, shift) if visit else "",
            "first_visit_signed": _cell(visit.is_signed) if visit else "",
            "working_diagnosis": visit.working_diagnosis if visit else "",
            "differential": visit.differential if visit else "",
        }
        for name in FIRST_VISIT_FINDINGS:
            row[name] = getattr(visit, name) if visit else ""
        for key in ANSWER_COLUMNS:
            row[key] = _cell(getattr(answers, key))
        yield row
