"""Every write to the clinic's records goes through a function here, and leaves an AuditEvent.

Views, admin actions and management commands call these same functions. Names read
<entity>_<action>; arguments are keyword-only.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from intake import rules
from intake.models import (
    Answers,
    Assessment,
    AuditAction,
    AuditEvent,
    Case,
    CaseStatus,
    Exercise,
    IntakeDraft,
    OverrideReason,
    Pathway,
    Patient,
    PlanItem,
    PlanStatus,
    PlanTemplate,
    QueuePriority,
    RedFlagAcknowledgement,
    ReferralDestination,
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
    # rules.validate has checked every key, type and range; the database's CHECK constraints
    # enforce them again. Django would evaluate each of the ~20 constraints with its own query.
    stored.full_clean(validate_constraints=False)
    stored.save()
    audit_event_record(
        action=AuditAction.CASE_SUBMITTED,
        case=case,
        details={"answered": len(dict(validated)), "version": case.version},
    )
    case_assess(case=case)
    case.refresh_from_db()
    return case


@transaction.atomic
def case_assess(*, case: Case, actor: AbstractBaseUser | None = None) -> Assessment:
    """Run the rules on the stored answers, keep a snapshot, set urgency and draft a plan.

    Re-assessing adds a new snapshot; earlier ones stay as history.
    """
    # Lock the row and work on its current state: a stale object must never set the version back.
    case = Case.objects.select_for_update().get(pk=case.pk)
    answers = Answers.objects.get(case=case)
    result = rules.assess(answers.as_dict())
    assessment = Assessment(
        case=case,
        pathway=result.pathway,
        urgency=result.urgency,
        result=result.to_dict(emergency_number=settings.EMERGENCY_NUMBER),
        rules_version=result.version,
    )
    assessment.full_clean()
    assessment.save()

    case.pathway = result.pathway
    case.urgency = result.urgency
    fired = {flag["rule"] for flag in assessment.red_flags}
    acknowledged = set(case.acknowledgements.values_list("rule_id", flat=True))
    case.queue_priority = queue_priority_for(urgency=result.urgency, acknowledged=bool(fired) and fired <= acknowledged)
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
            "version": case.version,
        },
    )
    plan_draft_from_template(case=case, assessment=assessment, actor=actor)
    return assessment


def plan_draft_from_template(
    *, case: Case, assessment: Assessment, actor: AbstractBaseUser | None = None, pathway: str | None = None
) -> TherapyPlan | None:
    """A draft plan copied from the pathway's active template; none for urgent referral or insufficient.

    The pathway is the assessment's unless a physiotherapist chose another (case_override_pathway).
    An earlier draft is superseded, never edited in place; approved plans are left as they are.
    """
    pathway = pathway or assessment.pathway
    TherapyPlan.objects.filter(case=case, status=PlanStatus.DRAFT).update(status=PlanStatus.SUPERSEDED)
    if pathway not in PLANNED_PATHWAYS:
        return None
    template = PlanTemplate.objects.filter(pathway=pathway, is_active=True).prefetch_related("items__exercise").first()
    if template is None:
        return None
    plan = TherapyPlan(case=case, assessment=assessment, pathway=pathway, status=PlanStatus.DRAFT)
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
    # The draft's id only: the answers and the resume code stay out of the audit trail.
    audit_event_record(action=AuditAction.INTAKE_DRAFT_SAVED, details={"draft": draft.pk})
    return draft


def intake_draft_find(*, resume_code: str) -> IntakeDraft:
    """The live draft with this code; IntakeDraft.DoesNotExist or IntakeDraftExpired otherwise."""
    draft = IntakeDraft.objects.get(resume_code=resume_code)
    if draft.expires_at <= timezone.now():
        raise IntakeDraftExpired(resume_code)
    return draft


def intake_draft_discard(*, resume_code: str) -> None:
    """A submitted questionnaire's draft is deleted: its answers now live in the case."""
    for draft_id in IntakeDraft.objects.filter(resume_code=resume_code).values_list("pk", flat=True):
        audit_event_record(action=AuditAction.INTAKE_DRAFT_DISCARDED, details={"draft": draft_id})
    IntakeDraft.objects.filter(resume_code=resume_code).delete()


# --- Staff dashboard: review, plan editing, approval, referral ----------------------------------------
# Every function here that changes a case takes the version the physiotherapist's form was built
# from (optimistic locking): it locks the case row, refuses with CaseVersionConflict when someone
# else changed it since, and raises the version by one. Each event records the version it made, so
# a refused save can show exactly what changed in between (selectors.case_events_since).


class CaseVersionConflict(Exception):
    """The case changed since the form was loaded; nothing was saved."""

    def __init__(self, *, case: Case, expected_version: int) -> None:
        self.case = case
        self.expected_version = expected_version
        self.current_version = case.version
        super().__init__(
            f"Case {case.reference} was changed by someone else after you opened it "
            f"(your page showed version {expected_version}; it is now at version {case.version}). "
            "Nothing was saved."
        )


def patient_link_days() -> int:
    """How long a patient's private link to an approved handout works (setting PATIENT_LINK_DAYS)."""
    return int(getattr(settings, "PATIENT_LINK_DAYS", 90))


def _case_locked(*, case: Case, expected_version: int) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.version != expected_version:
        raise CaseVersionConflict(case=locked, expected_version=expected_version)
    return locked


def _case_save(case: Case, *, fields: list[str]) -> None:
    case.version += 1
    case.full_clean()
    case.save(update_fields=[*fields, "version", "updated_at"])


def _case_start_review(case: Case) -> None:
    """The first staff action on a submitted case puts it in review."""
    if case.status == CaseStatus.SUBMITTED:
        case.status = CaseStatus.IN_REVIEW


def _case_refuse_if(case: Case, *statuses: str, doing: str) -> None:
    if case.status in statuses:
        raise ValidationError(f"This case is {case.get_status_display().lower()}: it cannot be {doing}.")


def red_flag_rule_id(flag: Mapping[str, object]) -> str:
    return str(flag.get("rule") or "")


@transaction.atomic
def red_flag_acknowledge(
    *, case: Case, rule_id: str, actor: AbstractBaseUser, expected_version: int, note: str = ""
) -> RedFlagAcknowledgement:
    """A physiotherapist has seen one red flag and acted on it.

    When every red flag of the latest assessment is acknowledged, the case moves from
    *_UNACKNOWLEDGED to *_ACKNOWLEDGED in the queue (it stays above routine cases).
    """
    case = _case_locked(case=case, expected_version=expected_version)
    assessment = Assessment.objects.filter(case=case).order_by("-created_at", "-id").first()
    flags = {red_flag_rule_id(flag): flag for flag in (assessment.red_flags if assessment else [])}
    if rule_id not in flags:
        raise ValidationError(f"{rule_id} is not a red flag of this case's latest assessment.")
    if RedFlagAcknowledgement.objects.filter(case=case, rule_id=rule_id).exists():
        raise ValidationError(f"{rule_id} has already been acknowledged.")
    acknowledgement = RedFlagAcknowledgement(case=case, rule_id=rule_id, acknowledged_by=actor, note=note.strip())
    acknowledgement.full_clean()
    acknowledgement.save()
    acknowledged = set(RedFlagAcknowledgement.objects.filter(case=case).values_list("rule_id", flat=True))
    all_acknowledged = set(flags) <= acknowledged
    case.queue_priority = queue_priority_for(urgency=case.urgency, acknowledged=all_acknowledged)
    _case_start_review(case)
    _case_save(case, fields=["queue_priority", "status"])
    audit_event_record(
        action=AuditAction.RED_FLAG_ACKNOWLEDGED,
        case=case,
        actor=actor,
        details={
            "rule_id": rule_id,
            "urgency": flags[rule_id].get("urgency", ""),
            "note": acknowledgement.note,
            "all_acknowledged": all_acknowledged,
            "version": case.version,
        },
    )
    return acknowledgement


@transaction.atomic
def case_assign(*, case: Case, assignee: AbstractBaseUser, actor: AbstractBaseUser, expected_version: int) -> Case:
    """Give the case to a physiotherapist (the dashboard's "Assign to me")."""
    case = _case_locked(case=case, expected_version=expected_version)
    _case_refuse_if(case, CaseStatus.CLOSED, doing="assigned")
    if not assignee.has_perm("intake.review_case"):
        raise ValidationError("Cases can only be assigned to staff who review cases.")
    previous = case.assigned_to.get_username() if case.assigned_to else ""
    case.assigned_to = assignee
    _case_start_review(case)
    _case_save(case, fields=["assigned_to", "status"])
    audit_event_record(
        action=AuditAction.CASE_ASSIGNED,
        case=case,
        actor=actor,
        details={"assigned_to": assignee.get_username(), "previous": previous, "version": case.version},
    )
    return case


# The fields of a plan item a physiotherapist edits on the case page.
PLAN_ITEM_DOSE_FIELDS = ("sets", "reps", "hold_seconds", "frequency", "time_of_day")
PLAN_ITEM_TEXT_FIELDS = ("patient_instructions", "staff_notes")
PLAN_ITEM_EDITABLE_FIELDS = PLAN_ITEM_DOSE_FIELDS + PLAN_ITEM_TEXT_FIELDS


@dataclass(frozen=True)
class PlanItemChange:
    """The values a physiotherapist gave one plan item: its dose, instructions and staff notes."""

    item_id: int
    sets: int | None
    reps: int | None
    hold_seconds: int | None
    frequency: str
    time_of_day: str
    patient_instructions: str
    staff_notes: str


def _plan_for_edit(*, plan: TherapyPlan, expected_version: int, doing: str) -> tuple[Case, TherapyPlan]:
    case = _case_locked(case=plan.case, expected_version=expected_version)
    plan = TherapyPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(f"Only a draft plan can be {doing}; this plan is {plan.get_status_display().lower()}.")
    _case_refuse_if(case, CaseStatus.CLOSED, CaseStatus.REFERRED, doing=doing)
    return case, plan


def _plan_item_from_exercise(*, plan: TherapyPlan, exercise: Exercise, position: int) -> PlanItem:
    return PlanItem(
        plan=plan,
        exercise=exercise,
        position=position,
        name=exercise.name,
        kind=exercise.kind,
        patient_instructions=exercise.patient_instructions,
        sets=exercise.sets,
        reps=exercise.reps,
        hold_seconds=exercise.hold_seconds,
        frequency=exercise.frequency,
        time_of_day=exercise.time_of_day,
        duration=exercise.duration,
        staff_notes=exercise.staff_notes,
    )


@transaction.atomic
def plan_update(
    *,
    plan: TherapyPlan,
    actor: AbstractBaseUser,
    expected_version: int,
    changes: Sequence[PlanItemChange] = (),
    add_exercise: Exercise | None = None,
    remove_item_id: int | None = None,
    move: tuple[int, int] | None = None,
) -> TherapyPlan:
    """Edit a draft plan in one step: item doses and notes, then remove, move (item id, -1 up or +1
    down) and add from the exercise library. One audit event lists everything that changed.

    Saving with nothing changed writes nothing and keeps the case version.
    """
    case, plan = _plan_for_edit(plan=plan, expected_version=expected_version, doing="edited")
    items = {item.pk: item for item in plan.items.order_by("position")}
    edited: list[dict] = []
    for change in changes:
        item = items.get(change.item_id)
        if item is None:
            raise ValidationError("An item you edited is no longer on this plan.")
        differences = {}
        for name in PLAN_ITEM_EDITABLE_FIELDS:
            before, after = getattr(item, name), getattr(change, name)
            if before != after:
                # Doses are short and worth showing as before -> after; long texts only as "changed".
                differences[name] = [before, after] if name in PLAN_ITEM_DOSE_FIELDS else "changed"
                setattr(item, name, after)
        if differences:
            item.full_clean()
            item.save(update_fields=list(differences))
            edited.append({"item": item.name, "changes": differences})

    ordered = sorted(items.values(), key=lambda item: item.position)
    removed = ""
    if remove_item_id is not None:
        item = items.get(remove_item_id)
        if item is None:
            raise ValidationError("That item is no longer on this plan.")
        ordered.remove(item)
        item.delete()
        removed = item.name
    moved = ""
    if move is not None:
        item_id, step = move
        item = items.get(item_id)
        if item is None or item not in ordered or step not in (-1, 1):
            raise ValidationError("That item is no longer on this plan.")
        index = ordered.index(item)
        if 0 <= index + step < len(ordered):
            ordered[index], ordered[index + step] = ordered[index + step], ordered[index]
            moved = f"{item.name} {'up' if step < 0 else 'down'}"
    if removed or moved:
        _plan_renumber(plan=plan, ordered=ordered)
    added = ""
    if add_exercise is not None:
        if not add_exercise.is_active:
            raise ValidationError(f"{add_exercise} is no longer in the exercise library.")
        item = _plan_item_from_exercise(plan=plan, exercise=add_exercise, position=len(ordered) + 1)
        item.full_clean()
        item.save()
        added = item.name

    if not (edited or removed or moved or added):
        return plan
    plan.full_clean()
    plan.save(update_fields=["updated_at"])
    _case_start_review(case)
    _case_save(case, fields=["status"])
    details: dict[str, object] = {"plan": plan.pk, "version": case.version}
    if edited:
        details["edited"] = edited
    if removed:
        details["removed"] = removed
    if moved:
        details["moved"] = moved
    if added:
        details["added"] = added
    audit_event_record(action=AuditAction.PLAN_EDITED, case=case, actor=actor, details=details)
    return plan


def _plan_renumber(*, plan: TherapyPlan, ordered: Sequence[PlanItem]) -> None:
    """Positions 1..n in the given order. Items first move out of the way (+1000) because the
    (plan, position) unique constraint is checked row by row on PostgreSQL."""
    PlanItem.objects.filter(plan=plan).update(position=F("position") + 1000)
    for position, item in enumerate(ordered, start=1):
        item.position = position
    PlanItem.objects.bulk_update(ordered, ["position"])


@transaction.atomic
def plan_approve(*, plan: TherapyPlan, actor: AbstractBaseUser, expected_version: int) -> TherapyPlan:
    """Approve a draft plan: who and when, the patient's private link starts working for
    PATIENT_LINK_DAYS, and an earlier approved plan of the case is superseded (its link stops)."""
    if not actor.has_perm("intake.approve_therapyplan"):
        raise PermissionDenied("Approving a plan needs the permission to approve therapy plans.")
    case, plan = _plan_for_edit(plan=plan, expected_version=expected_version, doing="approved")
    item_count = plan.items.count()
    if item_count == 0:
        raise ValidationError("Add at least one exercise or piece of advice before approving the plan.")
    unacknowledged = _unacknowledged_red_flags(case)
    if unacknowledged:
        raise ValidationError(
            "Acknowledge every red flag before approving a plan: " + ", ".join(sorted(unacknowledged)) + "."
        )
    now = timezone.now()
    TherapyPlan.objects.filter(case=case, status=PlanStatus.APPROVED).update(status=PlanStatus.SUPERSEDED)
    plan.status = PlanStatus.APPROVED
    plan.approved_by = actor
    plan.approved_at = now
    plan.patient_link_expires_at = now + timedelta(days=patient_link_days())
    plan.full_clean()
    plan.save(update_fields=["status", "approved_by", "approved_at", "patient_link_expires_at", "updated_at"])
    case.status = CaseStatus.APPROVED
    _case_save(case, fields=["status"])
    audit_event_record(
        action=AuditAction.PLAN_APPROVED,
        case=case,
        actor=actor,
        details={
            "plan": plan.pk,
            "items": item_count,
            "patient_link_expires_at": plan.patient_link_expires_at.isoformat(),
            "version": case.version,
        },
    )
    return plan


def _unacknowledged_red_flags(case: Case) -> set[str]:
    assessment = Assessment.objects.filter(case=case).order_by("-created_at", "-id").first()
    flagged = {red_flag_rule_id(flag) for flag in (assessment.red_flags if assessment else [])}
    return flagged - set(RedFlagAcknowledgement.objects.filter(case=case).values_list("rule_id", flat=True))


@transaction.atomic
def case_override_pathway(
    *,
    case: Case,
    pathway: str,
    reason: str,
    comment: str,
    actor: AbstractBaseUser,
    expected_version: int,
) -> Case:
    """The physiotherapist decides on another pathway than the suggestion, with a coded reason.

    The suggestion itself (Case.pathway and the assessment snapshot) is kept as it was; the draft
    plan is replaced by the chosen pathway's template (none for urgent referral or insufficient).
    """
    case = _case_locked(case=case, expected_version=expected_version)
    _case_refuse_if(case, CaseStatus.CLOSED, CaseStatus.REFERRED, doing="given another pathway")
    current = case.overridden_pathway or case.pathway
    if pathway == current:
        raise ValidationError(f"The case is already on the {Pathway(pathway).label.lower()} pathway.")
    if reason == OverrideReason.OTHER and not comment.strip():
        raise ValidationError({"comment": "Say why in the comment when the reason is Other."})
    case.overridden_pathway = pathway
    case.override_reason = reason
    case.override_comment = comment.strip()
    if case.status == CaseStatus.APPROVED:
        case.status = CaseStatus.IN_REVIEW  # the approved plan stays valid until a new one is approved
    _case_start_review(case)
    _case_save(case, fields=["overridden_pathway", "override_reason", "override_comment", "status"])
    # A self-care plan no longer fits once the physiotherapist routes the case to urgent referral.
    withdrawn = _patient_links_withdraw(case) if pathway == Pathway.URGENT_REFERRAL else 0
    audit_event_record(
        action=AuditAction.PATHWAY_OVERRIDDEN,
        case=case,
        actor=actor,
        details={
            "from": current,
            "to": pathway,
            "reason": reason,
            "version": case.version,
            "patient_links_withdrawn": withdrawn,
        },
    )
    assessment = Assessment.objects.filter(case=case).order_by("-created_at", "-id").first()
    if assessment is not None:
        plan_draft_from_template(case=case, assessment=assessment, actor=actor, pathway=pathway)
    return case


def _patient_links_withdraw(case: Case) -> int:
    """The patient's link to an approved self-care plan stops working at once: a clinician has
    decided the case needs care elsewhere, so the exercises must not stay in front of the patient."""
    return TherapyPlan.objects.filter(
        case=case, status=PlanStatus.APPROVED, patient_link_expires_at__gt=timezone.now()
    ).update(patient_link_expires_at=timezone.now())


@transaction.atomic
def case_refer(*, case: Case, destination: str, note: str, actor: AbstractBaseUser, expected_version: int) -> Case:
    """Refer the case on (emergency department, GP, orthopaedics or sports medicine, other) with a note."""
    case = _case_locked(case=case, expected_version=expected_version)
    _case_refuse_if(case, CaseStatus.CLOSED, CaseStatus.REFERRED, doing="referred")
    if destination == ReferralDestination.OTHER and not note.strip():
        raise ValidationError({"note": "Say where to in the note when the destination is Other."})
    previous_status = case.status
    case.referred_to = destination
    case.referral_note = note.strip()
    case.status = CaseStatus.REFERRED
    _case_save(case, fields=["referred_to", "referral_note", "status"])
    withdrawn = _patient_links_withdraw(case)
    audit_event_record(
        action=AuditAction.CASE_REFERRED,
        case=case,
        actor=actor,
        details={
            "destination": destination,
            "from_status": previous_status,
            "version": case.version,
            "patient_links_withdrawn": withdrawn,
        },
    )
    return case


@transaction.atomic
def case_close(*, case: Case, actor: AbstractBaseUser, expected_version: int) -> Case:
    """Close a case. Refused while a red flag is unacknowledged: nobody may close over a red flag."""
    case = _case_locked(case=case, expected_version=expected_version)
    _case_refuse_if(case, CaseStatus.CLOSED, doing="closed again")
    unacknowledged = _unacknowledged_red_flags(case)
    if unacknowledged:
        raise ValidationError(
            "Acknowledge every red flag before closing the case: " + ", ".join(sorted(unacknowledged)) + "."
        )
    previous_status = case.status
    case.status = CaseStatus.CLOSED
    _case_save(case, fields=["status"])
    audit_event_record(
        action=AuditAction.CASE_CLOSED,
        case=case,
        actor=actor,
        details={"from_status": previous_status, "version": case.version},
    )
    return case
