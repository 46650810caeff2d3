"""Personal data: a subject access export, and erasure (on request or after the retention period).

Which patients are past retention is a read: selectors.patients_past_retention.
"""

from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from intake import audit
from intake.models import (
    FIRST_VISIT_FINDINGS,
    Case,
    CheckIn,
    FirstVisit,
    Outcome,
    Patient,
    ProgrammeDay,
    RedFlagAcknowledgement,
    ReferralFinding,
    TherapyPlan,
)

ERASED_NAME = "Erased patient"
# What is left of a note or comment staff typed about an erased patient.
ERASED_TEXT = "(erased with the patient's personal data)"


def patient_export(*, patient: Patient, actor: User | None) -> dict[str, object]:
    """Everything the clinic holds about one patient, as JSON-ready data (a subject access request)."""
    cases = []
    cases_with_records = patient.cases.select_related("answers", "first_visit").prefetch_related(
        "assessments",
        "plans__items",
        "acknowledgements",
        "notes",
        "first_visit__addenda",
        "check_ins__safety",
        "check_ins__outcome",
        "programme_days__ticks__item",
        "referral_findings",
    )
    for case in cases_with_records:
        answers = getattr(case, "answers", None)
        cases.append(
            {
                "reference": case.reference,
                "status": case.status,
                "submitted_at": case.submitted_at.isoformat(),
                "answers": answers.as_dict() if answers else {},
                # What staff wrote about the patient is part of their record.
                "staff_decision": {
                    "pathway": case.overridden_pathway,
                    "reason": case.override_reason,
                    "comment": case.override_comment,
                }
                if case.overridden_pathway
                else None,
                "referral": {"destination": case.referred_to, "note": case.referral_note} if case.referred_to else None,
                "red_flags_acknowledged": [
                    {
                        "rule": acknowledgement.rule_id,
                        "acknowledged_at": acknowledgement.acknowledged_at.isoformat(),
                        "note": acknowledgement.note,
                    }
                    for acknowledgement in case.acknowledgements.all()
                ],
                "assessments": [
                    {"created_at": a.created_at.isoformat(), "rules_version": a.rules_version, "result": a.result}
                    for a in case.assessments.all()
                ],
                "plans": [
                    {
                        "status": plan.status,
                        "approved_at": plan.approved_at.isoformat() if plan.approved_at else None,
                        "items": [
                            {"name": item.name, "instructions": item.patient_instructions, "dose": item.dose_text()}
                            for item in plan.items.all()
                        ],
                    }
                    for plan in case.plans.all()
                ],
                "first_visit": _first_visit_export(case),
                "notes": [
                    {"kind": note.kind, "text": note.text, "created_at": note.created_at.isoformat()}
                    for note in case.notes.all()
                ],
                "check_ins": [_check_in_export(check_in) for check_in in case.check_ins.all()],
                # The patient's daily log of their home programme.
                "programme_log": [
                    {
                        "day": entry.day.isoformat(),
                        "pain": entry.pain,
                        "note": entry.note,
                        "done": [tick.item.name for tick in entry.ticks.all()],
                    }
                    for entry in case.programme_days.all()
                ],
                "referral_findings": [
                    {"outcome": finding.outcome, "note": finding.note, "recorded_at": finding.recorded_at.isoformat()}
                    for finding in case.referral_findings.all()
                ],
            }
        )
    audit.patient_exported(patient=patient, actor=actor, references=[case["reference"] for case in cases])
    return {
        "name": patient.name,
        "date_of_birth": patient.date_of_birth.isoformat() if patient.date_of_birth else None,
        "email": patient.email,
        "phone": patient.phone,
        "consent_given": patient.consent_given,
        "consent_at": patient.consent_at.isoformat() if patient.consent_at else None,
        "cases": cases,
    }


def _first_visit_export(case: Case) -> dict[str, object] | None:
    try:
        visit = case.first_visit
    except FirstVisit.DoesNotExist:
        return None
    return {
        "examined_at": visit.examined_at.isoformat(),
        "findings": {name: getattr(visit, name) for name in FIRST_VISIT_FINDINGS},
        "working_diagnosis": visit.working_diagnosis,
        "differential": visit.differential,
        "diagnosis_note": visit.diagnosis_note,
        "signed_at": visit.signed_at.isoformat() if visit.signed_at else None,
        "addenda": [
            {"text": addendum.text, "created_at": addendum.created_at.isoformat()} for addendum in visit.addenda.all()
        ],
    }


@transaction.atomic
def _check_in_export(check_in: CheckIn) -> dict[str, object]:
    """A follow-up check-in and, once answered, the patient's answers and their scores; its first page
    (safety and pain), stored as soon as it was sent, under ``first_page`` (a patient may stop there)."""
    outcome = getattr(check_in, "outcome", None)
    safety = getattr(check_in, "safety", None)
    return {
        "weeks": check_in.weeks,
        "due_at": check_in.due_at.isoformat(),
        "emailed_at": check_in.emailed_at.isoformat() if check_in.emailed_at else None,
        "answers": {
            "answered_at": outcome.answered_at.isoformat(),
            "heel_pain": outcome.heel_pain,
            "thigh_pain": outcome.thigh_pain,
            "global_change": outcome.global_change,
            "adherence_days": outcome.adherence_days,
            "lefs_items": outcome.lefs_items,
            "lefs_score": outcome.lefs_score,
            "psfs_activities": outcome.psfs_ratings,
            "psfs_score": str(outcome.psfs_score) if outcome.psfs_score is not None else None,
            "safety_answers": outcome.safety_answers,
            "new_red_flags": outcome.new_red_flags,
        }
        if outcome is not None
        else None,
        "first_page": {
            "answered_at": safety.answered_at.isoformat(),
            "heel_pain": safety.heel_pain,
            "thigh_pain": safety.thigh_pain,
            "safety_answers": safety.safety_answers,
            "new_red_flags": safety.new_red_flags,
        }
        if safety is not None
        else None,
    }


def patient_erase(*, patient: Patient, actor: User | None, reason: str = "request") -> Patient:
    """Remove the patient's personal data; keep the cases, answers and audit trail, anonymised.

    Answers hold no identifying data (age in years, not a birth date), so the clinical record
    and every audit event still make sense after erasure. Free text staff typed about the patient
    (override comments, referral notes and findings, red-flag acknowledgement notes) and the patient's own
    notes in their programme log may name them, so it goes
    too, and so does the name in Django admin's own log of changes. The audit trail never copied
    any of it (intake/audit.py), so nothing append-only needs rewriting.
    """
    patient = Patient.objects.select_for_update().get(pk=patient.pk)
    if patient.erased_at is not None:
        return patient
    patient.name = ERASED_NAME
    patient.date_of_birth = None
    patient.email = ""
    patient.phone = ""
    patient.erased_at = timezone.now()
    patient.full_clean()
    patient.save()
    cases = Case.objects.filter(patient=patient)
    for field in ("override_comment", "referral_note"):
        # The version moves on, so a form opened before the erasure cannot write the text back.
        cases.exclude(**{field: ""}).update(**{field: ERASED_TEXT, "version": F("version") + 1})
    RedFlagAcknowledgement.objects.filter(case__patient=patient).exclude(note="").update(note=ERASED_TEXT)
    # The PSFS activities are in the patient's own words, which may name people or places: the scores stay.
    for outcome in Outcome.objects.filter(check_in__case__patient=patient).exclude(psfs_ratings=[]):
        outcome.psfs_ratings = [{**rating, "activity": ERASED_TEXT} for rating in outcome.psfs_ratings]
        outcome.save(update_fields=["psfs_ratings"])
    # The notes the patient wrote in their daily programme log may say anything about them.
    ProgrammeDay.objects.filter(case__patient=patient).exclude(note="").update(note=ERASED_TEXT)
    ReferralFinding.objects.filter(case__patient=patient).exclude(note="").update(note=ERASED_TEXT)
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Patient), object_id=str(patient.pk)).update(
        object_repr=ERASED_NAME
    )
    for case in patient.cases.all():
        # Drafts keep their secret link; an erased patient's handout must no longer open.
        TherapyPlan.objects.filter(case=case).update(patient_link_expires_at=patient.erased_at)
        audit.patient_erased(case=case, patient=patient, actor=actor, reason=reason)
    return patient
