"""A physiotherapist's review of a case: acknowledge red flags, assign, choose another pathway,
refer on, record the call to a "call today" patient, close. Which status allows which action is
Case.allows (models.ALLOWED_ACTIONS).

Each function takes the case version the physiotherapist's form showed (services.locking).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from intake import audit
from intake.models import (
    Case,
    CaseAction,
    CaseStatus,
    Pathway,
    PlanStatus,
    QueuePriority,
    RedFlagAcknowledgement,
    TherapyPlan,
    validate_other_explained,
)
from intake.services.locking import case_locked, case_save
from intake.services.plans import plan_draft_from_template, refuse_over_red_flags


@transaction.atomic
def red_flag_acknowledge(
    *, case: Case, rule_id: str, actor: User, expected_version: int, note: str = ""
) -> RedFlagAcknowledgement:
    """A physiotherapist has seen one red flag and acted on it.

    When every red flag of the latest assessment is acknowledged, the case moves from
    *_UNACKNOWLEDGED to *_ACKNOWLEDGED in the queue (it stays above routine cases).
    """
    case = case_locked(case=case, expected_version=expected_version)
    assessment = case.latest_assessment()
    flags = {flag.rule: flag for flag in (assessment.engine_result.red_flags if assessment else ())}
    if rule_id not in flags:
        raise ValidationError(f"{rule_id} is not a red flag of this case's latest assessment.")
    if RedFlagAcknowledgement.objects.filter(case=case, rule_id=rule_id).exists():
        raise ValidationError(f"{rule_id} has already been acknowledged.")
    acknowledgement = RedFlagAcknowledgement(case=case, rule_id=rule_id, acknowledged_by=actor, note=note.strip())
    acknowledgement.full_clean()
    acknowledgement.save()
    acknowledged = set(RedFlagAcknowledgement.objects.filter(case=case).values_list("rule_id", flat=True))
    all_acknowledged = set(flags) <= acknowledged
    case.queue_priority = QueuePriority.for_urgency(
        case.urgency, acknowledged=all_acknowledged, call_today=case.call_today
    )
    case.start_review()
    case_save(case, fields=["queue_priority", "status"])
    audit.red_flag_acknowledged(
        case=case,
        actor=actor,
        acknowledgement=acknowledgement,
        urgency=flags[rule_id].urgency.value,
        all_acknowledged=all_acknowledged,
    )
    return acknowledgement


@transaction.atomic
def case_assign(*, case: Case, assignee: User, actor: User, expected_version: int) -> Case:
    """Give the case to a physiotherapist (the dashboard's "Assign to me")."""
    case = case_locked(case=case, expected_version=expected_version)
    case.refuse_unless_allowed(CaseAction.ASSIGN)
    if not assignee.has_perm("intake.review_case"):
        raise ValidationError("Cases can only be assigned to staff who review cases.")
    previous = case.assigned_to.get_username() if case.assigned_to else ""
    case.assigned_to = assignee
    case.start_review()
    case_save(case, fields=["assigned_to", "status"])
    audit.case_assigned(case=case, actor=actor, assignee=assignee, previous=previous)
    return case


@transaction.atomic
def case_override_pathway(
    *,
    case: Case,
    pathway: str,
    reason: str,
    comment: str,
    actor: User,
    expected_version: int,
) -> Case:
    """The physiotherapist decides on another pathway than the suggestion, with a coded reason.

    The suggestion itself (Case.pathway and the assessment snapshot) is kept as it was; the draft
    plan is replaced by the chosen pathway's template (none for urgent referral or insufficient).
    """
    case = case_locked(case=case, expected_version=expected_version)
    case.refuse_unless_allowed(CaseAction.OVERRIDE)
    current = case.effective_pathway
    if pathway == current:
        raise ValidationError(f"The case is already on the {Pathway(pathway).label.lower()} pathway.")
    validate_other_explained({"reason": reason, "comment": comment})
    case.overridden_pathway = pathway
    case.override_reason = reason
    case.override_comment = comment.strip()
    if case.status == CaseStatus.APPROVED:
        case.status = CaseStatus.IN_REVIEW  # the approved plan stays valid until a new one is approved
    case.start_review()
    case_save(case, fields=["overridden_pathway", "override_reason", "override_comment", "status"])
    # A self-care plan no longer fits once the physiotherapist routes the case to urgent referral.
    withdrawn = _patient_links_withdraw(case) if pathway == Pathway.URGENT_REFERRAL else 0
    audit.pathway_overridden(case=case, actor=actor, previous=current, reason=reason, links_withdrawn=withdrawn)
    assessment = case.latest_assessment()
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
def case_refer(*, case: Case, destination: str, note: str, actor: User, expected_version: int) -> Case:
    """Refer the case on (emergency department, GP, orthopaedics or sports medicine, other) with a note."""
    case = case_locked(case=case, expected_version=expected_version)
    case.refuse_unless_allowed(CaseAction.REFER)
    validate_other_explained({"destination": destination, "note": note})
    previous_status = case.status
    case.referred_to = destination
    case.referral_note = note.strip()
    case.status = CaseStatus.REFERRED
    case_save(case, fields=["referred_to", "referral_note", "status"])
    withdrawn = _patient_links_withdraw(case)
    audit.case_referred(case=case, actor=actor, from_status=previous_status, links_withdrawn=withdrawn)
    return case


@transaction.atomic
def case_patient_called(*, case: Case, actor: User, expected_version: int) -> Case:
    """The clinic phoned a "call today" patient: the mark is cleared and the case sorts as its urgency says.

    Which safety questions were answered Not sure stays on the case (``unsure_safety_keys``).
    """
    case = case_locked(case=case, expected_version=expected_version)
    case.refuse_unless_allowed(CaseAction.PATIENT_CALLED)
    if not case.call_today:
        raise ValidationError("This case is not marked call today: there is no call to record.")
    # Whether every red flag is acknowledged is what the priority already says for a red-flag case.
    acknowledged = case.queue_priority in (QueuePriority.EMERGENCY_ACKNOWLEDGED, QueuePriority.URGENT_ACKNOWLEDGED)
    case.call_today = False
    case.queue_priority = QueuePriority.for_urgency(case.urgency, acknowledged=acknowledged, call_today=False)
    case.start_review()
    case_save(case, fields=["call_today", "queue_priority", "status"])
    audit.patient_called(case=case, actor=actor)
    return case


@transaction.atomic
def case_close(*, case: Case, actor: User, expected_version: int, reason: str, note: str = "") -> Case:
    """Close a case with a reason (CloseReason; Other needs the note). Refused while a red flag is
    unacknowledged: nobody may close over a red flag."""
    validate_other_explained({"close_reason": reason, "note": note})
    case = case_locked(case=case, expected_version=expected_version)
    case.refuse_unless_allowed(CaseAction.CLOSE)
    refuse_over_red_flags(case, doing="closing the case")
    previous_status = case.status
    case.status = CaseStatus.CLOSED
    case.close_reason = reason
    case.close_note = note.strip()
    case_save(case, fields=["status", "close_reason", "close_note"])
    audit.case_closed(case=case, actor=actor, from_status=previous_status)
    return case


@transaction.atomic
def case_reopen(*, case: Case, actor: User, expected_version: int) -> Case:
    """Open a closed case again: back to "plan approved" when it has an approved plan, else in review.
    The reason it was closed stays in the timeline."""
    case = case_locked(case=case, expected_version=expected_version)
    case.refuse_unless_allowed(CaseAction.REOPEN)
    closed_reason = case.close_reason
    has_plan = TherapyPlan.objects.filter(case=case, status=PlanStatus.APPROVED).exists()
    case.status = CaseStatus.APPROVED if has_plan else CaseStatus.IN_REVIEW
    case.close_reason = ""
    case.close_note = ""
    case_save(case, fields=["status", "close_reason", "close_note"])
    audit.case_reopened(case=case, actor=actor, closed_reason=closed_reason)
    return case
