"""Therapy plans: the draft copied from the pathway's template, a physiotherapist's edits, approval.

A plan is edited only while it is a draft and the case allows it (Case.allows); approving makes the
patient's private link work for PATIENT_LINK_DAYS and supersedes an earlier approved plan.

An approved plan is never edited: ``plan_revise`` copies it into a draft of the next version, which is
edited and approved like any draft; the approved version stays as it was (who and when) until the new
one is approved. Every approval queues the patient's "your plan is ready" e-mail (services.follow_up);
the first also schedules the follow-up check-ins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from intake import audit, selectors
from intake.models import (
    PLANNED_PATHWAYS,
    Assessment,
    Case,
    CaseAction,
    CaseStatus,
    Exercise,
    PlanItem,
    PlanStatus,
    PlanTemplate,
    TherapyPlan,
)
from intake.services import follow_up
from intake.services.locking import case_locked, case_save


def plan_draft_from_template(
    *, case: Case, assessment: Assessment, actor: User | None = None, pathway: str | None = None
) -> TherapyPlan | None:
    """A draft plan copied from the pathway's active template; none for urgent referral or insufficient.

    The pathway is the assessment's unless a physiotherapist chose another (case_override_pathway).
    An earlier draft is superseded, never edited in place; approved plans are left as they are.
    """
    pathway = pathway or assessment.pathway
    TherapyPlan.objects.filter(case=case, status=PlanStatus.DRAFT).update(status=PlanStatus.SUPERSEDED)
    if pathway not in PLANNED_PATHWAYS:
        return None
    template = (
        PlanTemplate.objects.filter(pathway=pathway, is_active=True)
        .prefetch_related("items__exercise__translations")
        .first()
    )
    if template is None:
        return None
    # After an approved plan (a pathway chosen later), the new draft is the next version.
    last_version = TherapyPlan.objects.filter(case=case, approved_at__isnull=False).aggregate(Max("version"))
    version = (last_version["version__max"] or 0) + 1
    plan = TherapyPlan(case=case, assessment=assessment, pathway=pathway, status=PlanStatus.DRAFT, version=version)
    plan.full_clean()
    plan.save()
    template_items = template.items.all()
    PlanItem.objects.bulk_create(
        _plan_item_from_exercise(plan=plan, exercise=item.exercise, position=position)
        for position, item in enumerate(template_items, start=1)
    )
    audit.plan_created(case=case, actor=actor, plan=plan, template=template.name, items=template.items.count())
    return plan


def _plan_item_from_exercise(*, plan: TherapyPlan, exercise: Exercise, position: int) -> PlanItem:
    """A plan line copied from the library, so later library edits never rewrite a reviewed plan. The
    patient's text is copied in the language the patient answered in (Case.language), when the library
    has it; the physiotherapist edits it in that language."""
    return PlanItem(
        plan=plan,
        exercise=exercise,
        position=position,
        kind=exercise.kind,
        sets=exercise.sets,
        reps=exercise.reps,
        hold_seconds=exercise.hold_seconds,
        time_of_day=exercise.time_of_day,
        staff_notes=exercise.staff_notes,
        **exercise.patient_text(plan.case.language),
    )


def _plan_for_edit(*, plan: TherapyPlan, expected_version: int, action: CaseAction) -> tuple[Case, TherapyPlan]:
    case = case_locked(case=plan.case, expected_version=expected_version)
    plan = TherapyPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        doing = "edited" if action == CaseAction.EDIT_PLAN else "approved"
        raise ValidationError(f"Only a draft plan can be {doing}; this plan is {plan.get_status_display().lower()}.")
    case.refuse_unless_allowed(action)
    return case, plan


# --- Editing a draft -------------------------------------------------------------------------------------

# The fields of a plan item a physiotherapist edits on the case page.
PLAN_ITEM_DOSE_FIELDS = ("sets", "reps", "hold_seconds", "frequency", "time_of_day", "duration")
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
    duration: str = ""


@dataclass(frozen=True)
class FreeTextItem:
    """An item the physiotherapist writes themselves, not from the library: a name and instructions."""

    name: str
    kind: str
    patient_instructions: str


@transaction.atomic
def plan_update(
    *,
    plan: TherapyPlan,
    actor: User,
    expected_version: int,
    changes: Sequence[PlanItemChange] = (),
    add_exercise: Exercise | None = None,
    remove_item_id: int | None = None,
    move: tuple[int, int] | None = None,
    add_free_text: FreeTextItem | None = None,
) -> TherapyPlan:
    """Edit a draft plan in one step: item doses and notes, then remove, move (item id, -1 up or +1
    down) and add from the exercise library. One audit event lists everything that changed.

    Saving with nothing changed writes nothing and keeps the case version.
    """
    case, plan = _plan_for_edit(plan=plan, expected_version=expected_version, action=CaseAction.EDIT_PLAN)
    items = {item.pk: item for item in plan.items.order_by("position")}
    ordered = sorted(items.values(), key=lambda item: item.position)
    summary = {
        "edited": [_plan_item_edit(items, change) for change in changes],
        "removed": _plan_item_remove(items, ordered, remove_item_id) if remove_item_id is not None else "",
        "moved": _plan_item_move(items, ordered, move) if move is not None else "",
    }
    summary["edited"] = [edit for edit in summary["edited"] if edit]
    if summary["removed"] or summary["moved"]:
        _plan_renumber(plan=plan, ordered=ordered)
    summary["added"] = _plan_item_add(plan, add_exercise, position=len(ordered) + 1) if add_exercise else ""
    if add_free_text is not None:
        summary["added_own"] = _plan_item_add_free_text(plan, add_free_text, position=len(ordered) + 1)
    summary = {name: value for name, value in summary.items() if value}
    if not summary:
        return plan
    plan.full_clean()
    plan.save(update_fields=["updated_at"])
    case.start_review()
    case_save(case, fields=["status"])
    audit.plan_edited(case=case, actor=actor, plan=plan, changes=summary)
    return plan


def _plan_item_edit(items: dict[int, PlanItem], change: PlanItemChange) -> dict[str, object] | None:
    """Apply one item's typed values; what changed, for the audit trail, or None."""
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
    if not differences:
        return None
    item.full_clean()
    item.save(update_fields=list(differences))
    return {"item": item.name, "changes": differences}


def _plan_item_remove(items: dict[int, PlanItem], ordered: list[PlanItem], item_id: int) -> str:
    item = items.get(item_id)
    if item is None:
        raise ValidationError("That item is no longer on this plan.")
    ordered.remove(item)
    item.delete()
    return item.name


def _plan_item_move(items: dict[int, PlanItem], ordered: list[PlanItem], move: tuple[int, int]) -> str:
    """Swap the item with its neighbour (step -1 up, +1 down); nothing at either end of the list."""
    item_id, step = move
    item = items.get(item_id)
    if item is None or item not in ordered or step not in (-1, 1):
        raise ValidationError("That item is no longer on this plan.")
    index = ordered.index(item)
    if not 0 <= index + step < len(ordered):
        return ""
    ordered[index], ordered[index + step] = ordered[index + step], ordered[index]
    return f"{item.name} {'up' if step < 0 else 'down'}"


def _plan_item_add(plan: TherapyPlan, exercise: Exercise, *, position: int) -> str:
    if not exercise.is_active:
        raise ValidationError(f"{exercise} is no longer in the exercise library.")
    item = _plan_item_from_exercise(plan=plan, exercise=exercise, position=position)
    item.full_clean()
    item.save()
    return item.name


def _plan_item_add_free_text(plan: TherapyPlan, item: FreeTextItem, *, position: int) -> str:
    """A line written for this patient (in their language), with no library exercise behind it."""
    line = PlanItem(
        plan=plan,
        position=position,
        name=item.name,
        kind=item.kind,
        patient_instructions=item.patient_instructions,
    )
    line.full_clean()
    line.save()
    return line.name


def _plan_renumber(*, plan: TherapyPlan, ordered: Sequence[PlanItem]) -> None:
    """Positions 1..n in the given order. Items first move out of the way (+1000) because the
    (plan, position) unique constraint is checked row by row on PostgreSQL."""
    PlanItem.objects.filter(plan=plan).update(position=F("position") + 1000)
    for position, item in enumerate(ordered, start=1):
        item.position = position
    PlanItem.objects.bulk_update(ordered, ["position"])


# --- Approval ----------------------------------------------------------------------------------------------


@transaction.atomic
def plan_approve(*, plan: TherapyPlan, actor: User, expected_version: int) -> TherapyPlan:
    """Approve a draft plan: who and when, the patient's private link starts working for
    PATIENT_LINK_DAYS, and an earlier approved plan of the case is superseded (its link stops)."""
    if not actor.has_perm("intake.approve_therapyplan"):
        raise PermissionDenied("Approving a plan needs the permission to approve therapy plans.")
    case, plan = _plan_for_edit(plan=plan, expected_version=expected_version, action=CaseAction.APPROVE_PLAN)
    item_count = plan.items.count()
    if item_count == 0:
        raise ValidationError("Add at least one exercise or piece of advice before approving the plan.")
    refuse_over_red_flags(case, doing="approving a plan")
    now = timezone.now()
    first_approval = not TherapyPlan.objects.filter(case=case, approved_at__isnull=False).exists()
    TherapyPlan.objects.filter(case=case, status=PlanStatus.APPROVED).update(status=PlanStatus.SUPERSEDED)
    plan.status = PlanStatus.APPROVED
    plan.approved_by = actor
    plan.approved_at = now
    plan.patient_link_expires_at = now + timedelta(days=int(getattr(settings, "PATIENT_LINK_DAYS", 90)))
    plan.full_clean()
    plan.save(update_fields=["status", "approved_by", "approved_at", "patient_link_expires_at", "updated_at"])
    case.status = CaseStatus.APPROVED
    case_save(case, fields=["status"])
    audit.plan_approved(case=case, actor=actor, plan=plan, items=item_count)
    follow_up.plan_ready_notify(plan=plan)
    if first_approval:
        follow_up.check_ins_schedule(case=case, start=now)
    return plan


@transaction.atomic
def plan_revise(*, case: Case, actor: User, expected_version: int) -> TherapyPlan:
    """Start a new version of the approved plan: a draft copy of it, items and all, to edit and approve.

    The approved plan stays as it was (who approved it and when) and the patient keeps seeing it until
    the new version is approved.
    """
    case = case_locked(case=case, expected_version=expected_version)
    case.refuse_unless_allowed(CaseAction.EDIT_PLAN)
    approved = TherapyPlan.objects.filter(case=case, status=PlanStatus.APPROVED).order_by("-approved_at").first()
    if approved is None:
        raise ValidationError("This case has no approved plan to revise.")
    if TherapyPlan.objects.filter(case=case, status=PlanStatus.DRAFT).exists():
        raise ValidationError("A new version of this plan is already being drafted: edit it below.")
    draft = TherapyPlan(
        case=case,
        assessment=approved.assessment,
        pathway=approved.pathway,
        status=PlanStatus.DRAFT,
        version=approved.version + 1,
    )
    draft.full_clean()
    draft.save()
    copied = [
        PlanItem(
            plan=draft,
            **{
                field.name: getattr(item, field.name)
                for field in PlanItem._meta.concrete_fields
                if field.name not in ("id", "plan")
            },
        )
        for item in approved.items.order_by("position")
    ]
    PlanItem.objects.bulk_create(copied)
    case.start_review()
    case_save(case, fields=["status"])
    audit.plan_revised(case=case, actor=actor, plan=draft, revised=approved)
    return draft


def refuse_over_red_flags(case: Case, *, doing: str) -> None:
    """Nobody approves a plan for, or closes, a case with a red flag nobody has acknowledged."""
    unacknowledged = selectors.unacknowledged_red_flags(case=case)
    if unacknowledged:
        raise ValidationError(f"Acknowledge every red flag before {doing}: " + ", ".join(sorted(unacknowledged)) + ".")
