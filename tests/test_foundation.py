"""The foundation: database constraints, roles, Django admin for real use, settings that fail loudly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from intake.models import (
    Answers,
    AuditEvent,
    Case,
    Exercise,
    Patient,
    PlanItem,
    PlanTemplate,
    PlanTemplateItem,
    TherapyPlan,
)
from intake.roles import CLINIC_ADMIN, PHYSIOTHERAPIST, ROLES, ensure_roles
from intake.rules.questions import QUESTIONS, Kind
from tests.factories import (
    AnswersFactory,
    CaseFactory,
    ExerciseFactory,
    PatientFactory,
    PlanTemplateFactory,
    PlanTemplateItemFactory,
)

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def violates(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


# --- Constraints ----------------------------------------------------------------------------------


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


# --- Roles ----------------------------------------------------------------------------------------


def test_physiotherapists_review_cases_and_approve_plans_but_do_not_edit_the_library():
    physio = Group.objects.get(name=PHYSIOTHERAPIST)
    codenames = set(physio.permissions.values_list("codename", flat=True))
    assert {"review_case", "approve_therapyplan", "change_planitem", "export_cases"} <= codenames
    assert "change_exercise" not in codenames
    assert "change_plantemplate" not in codenames
    assert "change_answers" not in codenames and "change_assessment" not in codenames


def test_clinic_admins_manage_staff_exercises_and_templates_but_not_clinical_output():
    admin = Group.objects.get(name=CLINIC_ADMIN)
    codenames = set(admin.permissions.values_list("codename", flat=True))
    assert {"add_user", "change_user", "add_exercise", "change_plantemplate", "add_plantemplateitem"} <= codenames
    assert "review_case" in codenames
    assert not codenames & {"change_answers", "change_assessment", "change_auditevent", "delete_auditevent"}


def test_the_roles_match_their_one_definition_after_running_it_twice():
    Group.objects.get(name=PHYSIOTHERAPIST).permissions.clear()
    ensure_roles()
    ensure_roles()
    for name, grants in ROLES.items():
        permissions = Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename")
        assert set(permissions) == set(grants), name
    assert Group.objects.filter(name__in=ROLES).count() == len(ROLES)


@pytest.mark.django_db(transaction=True)
def test_the_roles_come_back_after_the_flush_that_ends_a_transactional_test():
    call_command("flush", interactive=False, verbosity=0)
    assert set(Group.objects.values_list("name", flat=True)) == {PHYSIOTHERAPIST, CLINIC_ADMIN}
    assert Group.objects.get(name=CLINIC_ADMIN).permissions.filter(codename="delete_totpdevice").exists()


# --- Django admin -------------------------------------------------------------------------------------

ADMIN_MODELS = [Patient, Case, Answers, PlanTemplate, Exercise, TherapyPlan, AuditEvent]


@pytest.fixture
def admin_records(clinic_admin):
    answers = AnswersFactory()
    template = PlanTemplateItemFactory().template
    plan = TherapyPlan.objects.create(case=answers.case, pathway="pf_only")
    PlanItem.objects.create(plan=plan, position=1, name="Stretch", patient_instructions="Do it.")
    event = AuditEvent.objects.create(action="case_submitted", case=answers.case)
    from intake.models import Assessment

    assessment = Assessment.objects.create(
        case=answers.case, pathway="pf_only", urgency="routine", result={"pathway": "pf_only"}, rules_version="test"
    )
    return {
        Patient: answers.case.patient,
        Case: answers.case,
        Answers: answers,
        PlanTemplate: template,
        Exercise: template.items.first().exercise,
        TherapyPlan: plan,
        AuditEvent: event,
        Assessment: assessment,
    }


def admin_url(model, page, obj=None):
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}"
    return reverse(name, args=[obj.pk] if obj is not None else [])


@pytest.mark.parametrize(
    "model", ADMIN_MODELS + [__import__("intake.models").models.Assessment], ids=lambda m: m.__name__
)
def test_admin_changelist_and_change_pages_answer_for_a_clinic_admin(clinic_admin_client, admin_records, model):
    assert clinic_admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert clinic_admin_client.get(admin_url(model, "changelist") + "?q=a").status_code == 200
    assert clinic_admin_client.get(admin_url(model, "change", admin_records[model])).status_code == 200


@pytest.mark.parametrize("model", [Exercise, PlanTemplate], ids=lambda m: m.__name__)
def test_admin_add_pages_answer_for_a_clinic_admin(clinic_admin_client, model):
    assert clinic_admin_client.get(admin_url(model, "add")).status_code == 200


def test_user_admin_answers_for_a_clinic_admin(clinic_admin_client):
    assert clinic_admin_client.get(reverse("admin:auth_user_changelist")).status_code == 200
    assert clinic_admin_client.get(reverse("admin:auth_user_add")).status_code == 200


@pytest.mark.parametrize("model", [Patient, Answers, TherapyPlan, AuditEvent, Case], ids=lambda m: m.__name__)
def test_clinical_records_cannot_be_added_in_admin(clinic_admin_client, model):
    assert clinic_admin_client.get(admin_url(model, "add")).status_code == 403


def test_a_clinic_admin_can_add_an_exercise_in_admin(clinic_admin_client):
    response = clinic_admin_client.post(
        admin_url(Exercise, "add"),
        {
            "code": "NEW-01",
            "name": "Towel scrunches",
            "kind": "exercise",
            "is_active": "on",
            "patient_instructions": "Scrunch a towel with your toes.",
            "sets": "3",
            "reps": "10",
            "hold_seconds": "",
            "frequency": "once a day",
            "time_of_day": "any_time",
            "duration": "",
            "staff_notes": "",
        },
    )
    assert response.status_code == 302
    assert Exercise.objects.get(code="NEW-01").dose_text() == "3 sets of 10, once a day"


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m.__name__)
def test_physiotherapists_are_sent_to_the_admin_login(physio_client, model):
    response = physio_client.get(admin_url(model, "changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_staff_user_without_a_role_is_refused_admin_pages(client, staff_user_without_role):
    client.force_login(staff_user_without_role)
    assert client.get(admin_url(Case, "changelist")).status_code == 403


# --- Settings -----------------------------------------------------------------------------------------


def run_settings(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DATABASE_URL", "DEBUG"}}
    env.update({"DJANGO_SETTINGS_MODULE": "clinic.settings", "DJANGO_READ_ENV_FILE": "false", **env_overrides})
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('ok')"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    result = run_settings({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_settings_refuse_a_malformed_database_url_with_a_clear_message():
    result = run_settings({"DEBUG": "true", "DATABASE_URL": "not a url at all"})
    assert result.returncode != 0
    assert "DATABASE_URL is not a valid database URL" in result.stderr


def test_settings_refuse_a_boolean_that_is_not_one():
    result = run_settings({"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_settings_start_with_a_secret_key_and_postgres_url():
    result = run_settings({"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@127.0.0.1:5432/db"})
    assert result.returncode == 0, result.stderr
