"""Every write to the clinic's records goes through a function here, and leaves an AuditEvent.

Views, admin actions and management commands call these same functions. Names read
<entity>_<action>; arguments are keyword-only.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from intake import rules
from intake.models import (
    Answers,
    Assessment,
    AuditAction,
    AuditEvent,
    Case,
    IntakeDraft,
    Patient,
    PlanItem,
    PlanStatus,
    PlanTemplate,
    QueuePriority,
    TherapyPlan,
    Urgency,
)

# Pathways that get a self-care plan drafted from the admin-editable templates.
PLANNED_PATHWAYS = ("pf_compensation", "pf_only", "hamstring_strain", "sciatica")


def audit_event_record(
    *, action: str, case: Case | None = None, actor: AbstractBaseUser | None = None, details: dict | None = None
) -> AuditEvent:
    event = AuditEvent(action=action, case=case, actor=actor, details=details or {})
    event.full_clean()
    event.save()
    return event


def queue_priority_for(*, urgency: str, acknowledged: bool) -> int:
    if urgency == Urgency.EMERGENCY:
        return QueuePriority.EMERGENCY_ACKNOWLEDGED if acknowledged else QueuePriority.EMERGENCY_UNACKNOWLEDGED
    if urgency == Urgency.URGENT:
        return QueuePriority.URGENT_ACKNOWLEDGED if acknowledged else QueuePriority.URGENT_UNACKNOWLEDGED
    return QueuePriority.ROUTINE


@transaction.atomic
def case_submit(
    *,
    answers: Mapping[str, object],
    name: str,
    date_of_birth: date | None = None,
    email: str = "",
    phone: str = "",
    consent_given: bool,
    submission_key: uuid.UUID | None = None,
) -> Case:
    """Store the patient, their answers and the rules' assessment in one transaction.

    `submission_key` identifies one filled-in questionnaire: submitting it again (a double click,
    a re-sent form, back and submit) returns the case it already made instead of making a second.
    """
    if submission_key is not None:
        existing = Case.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    try:
        # A savepoint, so a lost race below leaves the surrounding transaction usable.
        with transaction.atomic():
            return _case_create(
                answers=answers,
                name=name,
                date_of_birth=date_of_birth,
                email=email,
                phone=phone,
                consent_given=consent_given,
                submission_key=submission_key,
            )
    except (IntegrityError, ValidationError):
        # Two requests with the same key raced past the check above; the unique key let one in.
        existing = Case.objects.filter(submission_key=submission_key).first() if submission_key else None
        if existing is None:
            raise
        return existing


def _case_create(
    *,
    answers: Mapping[str, object],
    name: str,
    date_of_birth: date | None,
    email: str,
    phone: str,
    consent_given: bool,
    submission_key: uuid.UUID | None,
) -> Case:
    validated = rules.validate(answers)
    patient = Patient(
        name=name,
        date_of_birth=date_of_birth,
        email=email,
        phone=phone,
        consent_given=consent_given,
        consent_at=timezone.now() if consent_given else None,
    )
    patient.full_clean()
    patient.save()
    case = Case(patient=patient, submission_key=submission_key)
    case.full_clean()
    case.save()
    stored = Answers(case=case, **dict(validated))
    stored.full_clean()
    stored.save()
    audit_event_record(action=AuditAction.CASE_SUBMITTED, case=case, details={"answered": len(dict(validated))})
    case_assess(case=case)
    return case


@transaction.atomic
def case_assess(*, case: Case, actor: AbstractBaseUser | None = None) -> Assessment:
    """Run the rules on the stored answers, keep a snapshot, set urgency and draft a plan.

    Re-assessing adds a new snapshot; earlier ones stay as history.
    """
    answers = Answers.objects.get(case=case)
    result = rules.assess(answers.as_dict())
    assessment = Assessment(
        case=case,
        pathway=result.pathway,
        urgency=result.urgency,
        result=result.to_dict(),
        rules_version=result.version,
    )
    assessment.full_clean()
    assessment.save()

    case.pathway = result.pathway
    case.urgency = result.urgency
    case.queue_priority = queue_priority_for(urgency=result.urgency, acknowledged=False)
    case.version += 1
    case.save(update_fields=["pathway", "urgency", "queue_priority", "version", "updated_at"])
    audit_event_record(
        action=AuditAction.CASE_ASSESSED,
        case=case,
        actor=actor,
        details={
            "pathway": result.pathway,
            "urgency": result.urgency,
            "red_flags": [flag["rule"] for flag in assessment.red_flags],
            "rules_version": result.version,
        },
    )
    plan_draft_from_template(case=case, assessment=assessment, actor=actor)
    return assessment


def plan_draft_from_template(
    *, case: Case, assessment: Assessment, actor: AbstractBaseUser | None = None
) -> TherapyPlan | None:
    """A draft plan copied from the pathway's active template; none for urgent referral or insufficient.

    An earlier draft is superseded, never edited in place; approved plans are left as they are.
    """
    TherapyPlan.objects.filter(case=case, status=PlanStatus.DRAFT).update(status=PlanStatus.SUPERSEDED)
    if assessment.pathway not in PLANNED_PATHWAYS:
        return None
    template = (
        PlanTemplate.objects.filter(pathway=assessment.pathway, is_active=True)
        .prefetch_related("items__exercise")
        .first()
    )
    if template is None:
        return None
    plan = TherapyPlan(case=case, assessment=assessment, pathway=assessment.pathway, status=PlanStatus.DRAFT)
    plan.full_clean()
    plan.save()
    PlanItem.objects.bulk_create(
        [
            PlanItem(
                plan=plan,
                exercise=item.exercise,
                position=position,
                name=item.exercise.name,
                kind=item.exercise.kind,
                patient_instructions=item.exercise.patient_instructions,
                sets=item.exercise.sets,
                reps=item.exercise.reps,
                hold_seconds=item.exercise.hold_seconds,
                frequency=item.exercise.frequency,
                time_of_day=item.exercise.time_of_day,
                duration=item.exercise.duration,
                staff_notes=item.exercise.staff_notes,
            )
            for position, item in enumerate(template.items.all(), start=1)
        ]
    )
    audit_event_record(
        action=AuditAction.PLAN_CREATED,
        case=case,
        actor=actor,
        details={"plan": plan.pk, "template": template.name, "items": template.items.count()},
    )
    return plan


# --- Personal data: export, erasure, retention -------------------------------------------------------

ERASED_NAME = "Erased patient"


def patient_export(*, patient: Patient, actor: AbstractBaseUser | None) -> dict:
    """Everything the clinic holds about one patient, as JSON-ready data (a subject access request)."""
    cases = []
    for case in patient.cases.select_related("answers").prefetch_related("assessments", "plans__items"):
        answers = getattr(case, "answers", None)
        cases.append(
            {
                "reference": case.reference,
                "status": case.status,
                "submitted_at": case.submitted_at.isoformat(),
                "answers": answers.as_dict() if answers else {},
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
            }
        )
    audit_event_record(
        action=AuditAction.PATIENT_EXPORTED,
        actor=actor,
        details={"patient": patient.pk, "cases": [case["reference"] for case in cases]},
    )
    return {
        "name": patient.name,
        "date_of_birth": patient.date_of_birth.isoformat() if patient.date_of_birth else None,
        "email": patient.email,
        "phone": patient.phone,
        "consent_given": patient.consent_given,
        "consent_at": patient.consent_at.isoformat() if patient.consent_at else None,
        "cases": cases,
    }


@transaction.atomic
def patient_erase(*, patient: Patient, actor: AbstractBaseUser | None, reason: str = "request") -> Patient:
    """Remove the patient's personal data; keep the cases, answers and audit trail, anonymised.

    Answers hold no identifying data (age in years, not a birth date), so the clinical record
    and every audit event still make sense after erasure.
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
    for case in patient.cases.all():
        # Drafts keep their secret link; an erased patient's handout must no longer open.
        TherapyPlan.objects.filter(case=case).update(patient_link_expires_at=patient.erased_at)
        audit_event_record(
            action=AuditAction.PATIENT_ERASED if reason == "request" else AuditAction.CASE_ANONYMISED,
            case=case,
            actor=actor,
            details={"patient": patient.pk, "reason": reason},
        )
    return patient


def patients_past_retention(*, retention_days: int, now=None):
    """Patients not yet erased whose every case was submitted more than retention_days ago."""
    cutoff = (now or timezone.now()) - timedelta(days=retention_days)
    return (
        Patient.objects.filter(erased_at__isnull=True)
        .annotate(last_submitted=Max("cases__submitted_at"))
        .filter(last_submitted__lt=cutoff)
        .order_by("pk")
    )


# --- Patient questionnaire (intake_*) ------------------------------------------------------------------
# Drafts are not clinical records (no case exists yet) and hold no audit trail; they are deleted on
# submission and once expired.


class IntakeDraftExpired(Exception):
    """The resume code existed but is past its expiry."""


def intake_draft_save(*, data: Mapping[str, object], resume_code: str | None = None) -> IntakeDraft:
    """Keep an unfinished questionnaire under a resume code valid for INTAKE_DRAFT_DAYS.

    Saving again with the code of a live draft updates it (same code, expiry renewed).
    """
    now = timezone.now()
    IntakeDraft.objects.filter(expires_at__lt=now).delete()  # nobody can resume these any more
    draft = None
    if resume_code:
        draft = IntakeDraft.objects.filter(resume_code=resume_code, expires_at__gte=now).first()
    if draft is None:
        draft = IntakeDraft()
    draft.data = dict(data)
    draft.expires_at = now + timedelta(days=settings.INTAKE_DRAFT_DAYS)
    draft.full_clean()
    draft.save()
    return draft


def intake_draft_find(*, resume_code: str) -> IntakeDraft:
    """The live draft with this code; IntakeDraft.DoesNotExist or IntakeDraftExpired otherwise."""
    draft = IntakeDraft.objects.get(resume_code=resume_code)
    if draft.expires_at <= timezone.now():
        raise IntakeDraftExpired(resume_code)
    return draft


def intake_draft_discard(*, resume_code: str) -> None:
    """A submitted questionnaire's draft is deleted: its answers now live in the case."""
    IntakeDraft.objects.filter(resume_code=resume_code).delete()
