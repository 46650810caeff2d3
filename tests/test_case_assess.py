"""case_submit and case_assess: a snapshot of what the rules said, urgency, and a draft plan."""

import pytest

from intake import rules, services
from intake.models import Assessment, AuditAction, AuditEvent, Exercise, PlanTemplate, QueuePriority
from tests.factories import PF_COMPENSATION_ANSWERS, PlanTemplateFactory, PlanTemplateItemFactory

pytestmark = pytest.mark.django_db


def submit(answers):
    return services.case_submit(answers=answers, name="Test Patient", consent_given=True)


def test_submitting_stores_answers_and_a_snapshot_of_the_rules_result():
    case = submit(PF_COMPENSATION_ANSWERS)
    assessment = case.assessments.get()
    assert case.answers.as_dict() == PF_COMPENSATION_ANSWERS
    assert assessment.pathway == case.pathway == "pf_compensation"
    assert assessment.rules_version == rules.RULES_VERSION
    assert assessment.result == rules.assess(PF_COMPENSATION_ANSWERS).to_dict()
    assert case.urgency == "routine" and case.queue_priority == QueuePriority.ROUTINE
    actions = list(AuditEvent.objects.filter(case=case).values_list("action", flat=True))
    assert actions[:2] == [AuditAction.CASE_SUBMITTED, AuditAction.CASE_ASSESSED]


def test_a_red_flag_makes_the_case_urgent_and_drafts_no_self_care_plan():
    template = PlanTemplateItemFactory(template__pathway="pf_compensation").template
    case = submit({**PF_COMPENSATION_ANSWERS, "calf_swelling": True})
    assert case.pathway == "urgent_referral"
    assert case.urgency == "emergency"
    assert case.queue_priority == QueuePriority.EMERGENCY_UNACKNOWLEDGED
    assert not case.plans.exists()
    assert template.items.exists()


def test_the_draft_plan_copies_the_pathway_template_in_order():
    template = PlanTemplateFactory(pathway="pf_compensation")
    stretch = PlanTemplateItemFactory(template=template, position=2, exercise__code="PF-02", exercise__name="Sole")
    calf = PlanTemplateItemFactory(template=template, position=1, exercise__code="PF-03", exercise__name="Calf")
    case = submit(PF_COMPENSATION_ANSWERS)
    plan = case.plans.get(status="draft")
    assert [item.name for item in plan.items.all()] == [calf.exercise.name, stretch.exercise.name]
    assert plan.assessment == case.assessments.get()


def test_editing_the_library_later_never_rewrites_a_drafted_plan():
    item = PlanTemplateItemFactory(template__pathway="pf_compensation", exercise__sets=3)
    case = submit(PF_COMPENSATION_ANSWERS)
    Exercise.objects.filter(pk=item.exercise.pk).update(sets=9, name="Renamed")
    plan_item = case.plans.get().items.get()
    assert plan_item.sets == 3 and plan_item.name != "Renamed"


def test_reassessing_keeps_the_history_and_supersedes_the_old_draft():
    PlanTemplateItemFactory(template__pathway="pf_compensation")
    case = submit(PF_COMPENSATION_ANSWERS)
    first_plan = case.plans.get()
    services.case_assess(case=case)
    assert Assessment.objects.filter(case=case).count() == 2
    first_plan.refresh_from_db()
    assert first_plan.status == "superseded"
    assert case.plans.filter(status="draft").count() == 1


def test_a_stored_snapshot_survives_a_rule_change():
    case = submit(PF_COMPENSATION_ANSWERS)
    assessment = case.assessments.get()
    snapshot = dict(assessment.result)
    Assessment.objects.filter(pk=assessment.pk).update(rules_version="older")
    assessment.refresh_from_db()
    assert assessment.result == snapshot


def test_no_template_for_the_pathway_means_no_draft_plan():
    assert not PlanTemplate.objects.exists()
    case = submit(PF_COMPENSATION_ANSWERS)
    assert not case.plans.exists()
