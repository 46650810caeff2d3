"""Database constraints: what the database itself refuses, whatever the code above it does."""

import pytest
from django.db import IntegrityError, transaction

from intake.models import (
    Answers,
    AuditEvent,
    Exercise,
    PlanItem,
    PlanTemplateItem,
    TherapyPlan,
)
from intake.rules.questions import QUESTIONS, Kind
from tests.factories import (
    AnswersFactory,
    CaseFactory,
    ExerciseFactory,
    PatientFactory,
    PlanTemplateFactory,
    PlanTemplateItemFactory,
)

pytestmark = pytest.mark.django_db


def violates(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_every_catalogue_key_is_a_nullable_answers_column():
    columns = {field.name: field for field in Answers._meta.get_fields()}
    for question in QUESTIONS:
        assert question.key in columns, question.key
        assert columns[question.key].null, f"{question.key} must store 'not answered' as NULL"


def test_an_unanswered_question_is_stored_as_null_not_as_no():
    answers = AnswersFactory(heel_pain=True)
    answers.refresh_from_db()
    assert answers.thigh_pain is None
    assert "thigh_pain" not in answers.as_dict()


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.kind is Kind.INT], ids=lambda q: q.key)
def test_database_rejects_an_integer_answer_out_of_range(question):
    assert violates(lambda: AnswersFactory(**{question.key: question.maximum + 1}))
    assert not violates(lambda: AnswersFactory(**{question.key: question.maximum}))


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.kind is Kind.CHOICE], ids=lambda q: q.key)
def test_database_rejects_a_choice_answer_outside_its_values(question):
    assert violates(lambda: AnswersFactory(**{question.key: "not_a_choice"}))
    assert not violates(lambda: AnswersFactory(**{question.key: question.values[0]}))


def test_database_rejects_consent_without_its_time():
    assert violates(lambda: PatientFactory(consent_given=True, consent_at=None))


def test_database_rejects_an_unknown_case_status_and_urgency():
    assert violates(lambda: CaseFactory(status="lost"))
    assert violates(lambda: CaseFactory(urgency="whenever"))
    assert violates(lambda: CaseFactory(pathway="astrology"))
    assert violates(lambda: CaseFactory(version=0))


def test_case_references_are_unique_and_unguessable_looking():
    first, second = CaseFactory(), CaseFactory()
    assert first.reference != second.reference
    assert len(first.reference) == 9 and first.reference[4] == "-"
    assert violates(lambda: CaseFactory(reference=first.reference))


def test_an_approved_plan_needs_who_and_when():
    case = CaseFactory()
    assert violates(lambda: TherapyPlan.objects.create(case=case, pathway="pf_only", status="approved"))


def test_a_case_has_at_most_one_draft_plan():
    case = CaseFactory()
    TherapyPlan.objects.create(case=case, pathway="pf_only")
    assert violates(lambda: TherapyPlan.objects.create(case=case, pathway="pf_only"))


def test_plan_item_positions_are_unique_within_a_plan():
    plan = TherapyPlan.objects.create(case=CaseFactory(), pathway="pf_only")
    PlanItem.objects.create(plan=plan, position=1, name="Stretch", patient_instructions="...")
    assert violates(lambda: PlanItem.objects.create(plan=plan, position=1, name="Other", patient_instructions="."))


def test_only_one_active_template_per_pathway():
    PlanTemplateFactory(pathway="sciatica")
    assert violates(lambda: PlanTemplateFactory(pathway="sciatica"))
    assert not violates(lambda: PlanTemplateFactory(pathway="sciatica", is_active=False))
    assert violates(lambda: PlanTemplateFactory(pathway="urgent_referral"))


def test_template_items_have_unique_positions_and_exercises():
    item = PlanTemplateItemFactory(position=1)
    assert violates(
        lambda: PlanTemplateItem.objects.create(template=item.template, exercise=ExerciseFactory(), position=1)
    )
    assert violates(lambda: PlanTemplateItem.objects.create(template=item.template, exercise=item.exercise, position=2))


def test_exercise_codes_are_unique():
    Exercise.objects.create(code="PF-02", name="A", patient_instructions="...")
    assert violates(lambda: Exercise.objects.create(code="PF-02", name="B", patient_instructions="..."))


def test_audit_events_are_append_only():
    event = AuditEvent.objects.create(action="case_submitted", case=CaseFactory())
    event.details = {"changed": True}
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(details={})
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


def test_clinical_records_are_protected_from_deletion():
    case = AnswersFactory().case
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        case.patient.delete()
