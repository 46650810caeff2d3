"""The dashboard's service functions: each writes an AuditEvent with who and the version it made,
refuses a stale version without writing anything, and refuses what the clinic's rules forbid."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from intake import services
from intake.models import (
    AuditAction,
    AuditEvent,
    Case,
    Exercise,
    PlanStatus,
    QueuePriority,
    RedFlagAcknowledgement,
    TherapyPlan,
)
from tests.factories import UserFactory
from tests.staff_support import EMERGENCY_ANSWERS, URGENT_ANSWERS, draft_plan, load_library, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    load_library()


@pytest.fixture
def pf_case(library):
    return submit()


@pytest.fixture
def flagged_case(library):
    return submit(EMERGENCY_ANSWERS)


def version(case: Case) -> int:
    case.refresh_from_db()
    return case.version


def item_change(item, **values) -> services.PlanItemChange:
    fields = {name: getattr(item, name) for name in services.PLAN_ITEM_EDITABLE_FIELDS}
    return services.PlanItemChange(item_id=item.pk, **{**fields, **values})


def last_event(case: Case) -> AuditEvent:
    return AuditEvent.objects.filter(case=case).order_by("-id").first()


SERVICE_CALLS = {
    "red_flag_acknowledge": (
        "flagged",
        lambda case, actor, expected: services.red_flag_acknowledge(
            case=case, rule_id="RF-CES-SADDLE", actor=actor, expected_version=expected
        ),
        AuditAction.RED_FLAG_ACKNOWLEDGED,
    ),
    "case_assign": (
        "pf",
        lambda case, actor, expected: services.case_assign(
            case=case, assignee=actor, actor=actor, expected_version=expected
        ),
        AuditAction.CASE_ASSIGNED,
    ),
    "plan_update": (
        "pf",
        lambda case, actor, expected: services.plan_update(
            plan=draft_plan(case),
            actor=actor,
            expected_version=expected,
            changes=[item_change(draft_plan(case).items.first(), sets=7)],
        ),
        AuditAction.PLAN_EDITED,
    ),
    "plan_approve": (
        "pf",
        lambda case, actor, expected: services.plan_approve(
            plan=draft_plan(case), actor=actor, expected_version=expected
        ),
        AuditAction.PLAN_APPROVED,
    ),
    "case_override_pathway": (
        "pf",
        lambda case, actor, expected: services.case_override_pathway(
            case=case,
            pathway="hamstring_strain",
            reason="mixed_picture",
            comment="",
            actor=actor,
            expected_version=expected,
        ),
        AuditAction.PATHWAY_OVERRIDDEN,
    ),
    "case_refer": (
        "pf",
        lambda case, actor, expected: services.case_refer(
            case=case, destination="gp", note="", actor=actor, expected_version=expected
        ),
        AuditAction.CASE_REFERRED,
    ),
    "case_close": (
        "pf",
        lambda case, actor, expected: services.case_close(
            case=case, actor=actor, expected_version=expected, reason="discharged_improved"
        ),
        AuditAction.CASE_CLOSED,
    ),
}


@pytest.mark.parametrize("name", SERVICE_CALLS)
def test_every_service_leaves_an_audit_event_with_who_and_the_new_version(name, pf_case, flagged_case, physiotherapist):
    which, call, action = SERVICE_CALLS[name]
    case = flagged_case if which == "flagged" else pf_case
    before = version(case)
    call(case, physiotherapist, before)
    event = AuditEvent.objects.filter(case=case, action=action).order_by("-id").first()
    assert event is not None
    assert event.actor == physiotherapist
    assert version(case) == before + 1
    assert event.details["version"] == before + 1


@pytest.mark.parametrize("name", SERVICE_CALLS)
def test_every_service_refuses_a_stale_version_and_writes_nothing(name, pf_case, flagged_case, physiotherapist):
    which, call, _action = SERVICE_CALLS[name]
    case = flagged_case if which == "flagged" else pf_case
    stale = version(case)
    Case.objects.filter(pk=case.pk).update(version=stale + 1)  # someone else saved meanwhile
    events = AuditEvent.objects.count()
    with pytest.raises(services.CaseVersionConflict) as raised:
        call(case, physiotherapist, stale)
    assert raised.value.expected_version == stale and raised.value.current_version == stale + 1
    assert "changed by someone else" in str(raised.value)
    assert AuditEvent.objects.count() == events
    assert version(case) == stale + 1


def test_acknowledging_a_flag_the_case_does_not_have_is_refused(flagged_case, physiotherapist):
    with pytest.raises(ValidationError, match="not a red flag"):
        services.red_flag_acknowledge(
            case=flagged_case, rule_id="RF-DVT", actor=physiotherapist, expected_version=version(flagged_case)
        )


def test_a_red_flag_is_acknowledged_once(flagged_case, physiotherapist):
    services.red_flag_acknowledge(
        case=flagged_case, rule_id="RF-CES-SADDLE", actor=physiotherapist, expected_version=version(flagged_case)
    )
    with pytest.raises(ValidationError, match="already been acknowledged"):
        services.red_flag_acknowledge(
            case=flagged_case, rule_id="RF-CES-SADDLE", actor=physiotherapist, expected_version=version(flagged_case)
        )
    assert RedFlagAcknowledgement.objects.filter(case=flagged_case).count() == 1
    assert Case.objects.get(pk=flagged_case.pk).queue_priority == QueuePriority.EMERGENCY_ACKNOWLEDGED


def test_an_urgent_case_moves_to_urgent_acknowledged(library, physiotherapist):
    case = submit(URGENT_ANSWERS)
    assert case.queue_priority == QueuePriority.URGENT_UNACKNOWLEDGED
    services.red_flag_acknowledge(case=case, rule_id="RF-CANCER", actor=physiotherapist, expected_version=version(case))
    assert Case.objects.get(pk=case.pk).queue_priority == QueuePriority.URGENT_ACKNOWLEDGED


def test_cases_are_only_assigned_to_staff_who_review_cases(pf_case, physiotherapist):
    with pytest.raises(ValidationError, match="only be assigned"):
        services.case_assign(
            case=pf_case, assignee=UserFactory(), actor=physiotherapist, expected_version=version(pf_case)
        )


def test_an_approved_plan_cannot_be_edited_or_approved_again(pf_case, physiotherapist):
    plan = draft_plan(pf_case)
    services.plan_approve(plan=plan, actor=physiotherapist, expected_version=version(pf_case))
    with pytest.raises(ValidationError, match="Only a draft plan"):
        services.plan_update(
            plan=plan, actor=physiotherapist, expected_version=version(pf_case), remove_item_id=plan.items.first().pk
        )
    with pytest.raises(ValidationError, match="Only a draft plan"):
        services.plan_approve(plan=plan, actor=physiotherapist, expected_version=version(pf_case))


def test_an_empty_plan_cannot_be_approved(pf_case, physiotherapist):
    plan = draft_plan(pf_case)
    plan.items.all().delete()
    with pytest.raises(ValidationError, match="at least one"):
        services.plan_approve(plan=plan, actor=physiotherapist, expected_version=version(pf_case))


def test_approving_a_new_plan_supersedes_the_earlier_approved_one(pf_case, physiotherapist):
    first = draft_plan(pf_case)
    services.plan_approve(plan=first, actor=physiotherapist, expected_version=version(pf_case))
    services.case_assess(case=pf_case)
    second = draft_plan(pf_case)
    services.plan_approve(plan=second, actor=physiotherapist, expected_version=version(pf_case))
    assert TherapyPlan.objects.get(pk=first.pk).status == PlanStatus.SUPERSEDED
    assert TherapyPlan.objects.filter(case=pf_case, status=PlanStatus.APPROVED).get() == second


def test_plan_changes_are_recorded_item_by_item(pf_case, physiotherapist):
    plan = draft_plan(pf_case)
    first, second = list(plan.items.order_by("position"))[:2]
    services.plan_update(
        plan=plan,
        actor=physiotherapist,
        expected_version=version(pf_case),
        changes=[item_change(first, reps=12, staff_notes="Check technique")],
        move=(second.pk, -1),
        add_exercise=Exercise.objects.get(code="HS-01"),
    )
    details = last_event(pf_case).details
    assert details["edited"] == [{"item": first.name, "changes": {"reps": [None, 12], "staff_notes": "changed"}}]
    assert details["moved"] == f"{second.name} up"
    assert details["added"] == "Gentle start after a thigh strain"
    names = list(plan.items.order_by("position").values_list("name", flat=True))
    assert names[:2] == [second.name, first.name] and names[-1] == "Gentle start after a thigh strain"


def test_overriding_to_the_current_pathway_is_refused(pf_case, physiotherapist):
    with pytest.raises(ValidationError, match="already on"):
        services.case_override_pathway(
            case=pf_case,
            pathway="pf_compensation",
            reason="mixed_picture",
            comment="",
            actor=physiotherapist,
            expected_version=version(pf_case),
        )


def test_overriding_an_urgent_referral_to_a_self_care_pathway_drafts_its_plan(flagged_case, physiotherapist):
    assert not TherapyPlan.objects.filter(case=flagged_case, status=PlanStatus.DRAFT).exists()
    services.case_override_pathway(
        case=flagged_case,
        pathway="pf_only",
        reason="history_on_call",
        comment="Numbness was from a tight saddle on a bike ride, resolved",
        actor=physiotherapist,
        expected_version=version(flagged_case),
    )
    assert draft_plan(flagged_case).pathway == "pf_only"


def test_a_referred_case_cannot_be_referred_again_or_its_plan_edited(pf_case, physiotherapist):
    services.case_refer(
        case=pf_case, destination="gp", note="", actor=physiotherapist, expected_version=version(pf_case)
    )
    with pytest.raises(ValidationError, match="referred"):
        services.case_refer(
            case=pf_case, destination="gp", note="", actor=physiotherapist, expected_version=version(pf_case)
        )
    with pytest.raises(ValidationError, match="cannot be approved"):
        services.plan_approve(plan=draft_plan(pf_case), actor=physiotherapist, expected_version=version(pf_case))


def test_referring_to_other_needs_a_note(pf_case, physiotherapist):
    with pytest.raises(ValidationError):
        services.case_refer(
            case=pf_case, destination="other", note=" ", actor=physiotherapist, expected_version=version(pf_case)
        )
    assert Case.objects.get(pk=pf_case.pk).status == "submitted"


def test_approving_is_refused_while_a_red_flag_is_unacknowledged(flagged_case, physiotherapist):
    services.case_override_pathway(
        case=flagged_case,
        pathway="pf_only",
        reason="examination_findings",
        comment="",
        actor=physiotherapist,
        expected_version=version(flagged_case),
    )
    with pytest.raises(ValidationError, match="Acknowledge every red flag"):
        services.plan_approve(
            plan=draft_plan(flagged_case), actor=physiotherapist, expected_version=version(flagged_case)
        )


def test_approving_a_plan_needs_the_approve_permission(reviewer):
    load_library()
    case = submit()
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=draft_plan(case), actor=reviewer, expected_version=case.version)
    assert draft_plan(case).status == "draft"


def test_reassessing_keeps_acknowledged_red_flags_acknowledged_and_never_lowers_the_version(physiotherapist):
    load_library()
    case = submit(EMERGENCY_ANSWERS)
    stale = Case.objects.get(pk=case.pk)
    services.red_flag_acknowledge(
        case=case, rule_id="RF-CES-SADDLE", actor=physiotherapist, expected_version=case.version
    )
    case.refresh_from_db()
    version_after_acknowledging = case.version
    services.case_assess(case=stale)
    case.refresh_from_db()
    assert case.version == version_after_acknowledging + 1
    assert case.queue_priority == QueuePriority.EMERGENCY_ACKNOWLEDGED
