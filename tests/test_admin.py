"""Django admin for real use: clinic admins run the clinic there, clinical records stay read-only,
and nobody else gets in."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from intake.models import (
    Answers,
    AuditEvent,
    Case,
    Exercise,
    Patient,
    PlanItem,
    PlanTemplate,
    TherapyPlan,
)
from tests.factories import (
    AnswersFactory,
    PlanTemplateItemFactory,
)
from tests.staff_support import EMERGENCY_ANSWERS, load_library, sign_in, submit

pytestmark = pytest.mark.django_db

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
    assert clinic_admin_client.get(admin_url(model, "changelist")).status_code == HTTPStatus.OK
    assert clinic_admin_client.get(admin_url(model, "changelist") + "?q=a").status_code == HTTPStatus.OK
    assert clinic_admin_client.get(admin_url(model, "change", admin_records[model])).status_code == HTTPStatus.OK


@pytest.mark.parametrize("model", [Exercise, PlanTemplate], ids=lambda m: m.__name__)
def test_admin_add_pages_answer_for_a_clinic_admin(clinic_admin_client, model):
    assert clinic_admin_client.get(admin_url(model, "add")).status_code == HTTPStatus.OK


def test_user_admin_answers_for_a_clinic_admin(clinic_admin_client):
    assert clinic_admin_client.get(reverse("admin:auth_user_changelist")).status_code == HTTPStatus.OK
    assert clinic_admin_client.get(reverse("admin:auth_user_add")).status_code == HTTPStatus.OK


@pytest.mark.parametrize("model", [Patient, Answers, TherapyPlan, AuditEvent, Case], ids=lambda m: m.__name__)
def test_clinical_records_cannot_be_added_in_admin(clinic_admin_client, model):
    assert clinic_admin_client.get(admin_url(model, "add")).status_code == HTTPStatus.FORBIDDEN


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
            # The patient text in other languages (an inline): none yet.
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Exercise.objects.get(code="NEW-01").dose_text() == "3 sets of 10, once a day"


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m.__name__)
def test_physiotherapists_are_sent_to_the_admin_login(physio_client, model):
    response = physio_client.get(admin_url(model, "changelist"))
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("admin:login") in response["Location"]


def test_a_staff_user_without_a_role_is_refused_admin_pages(client, staff_user_without_role):
    client.force_login(staff_user_without_role)
    assert client.get(admin_url(Case, "changelist")).status_code == HTTPStatus.FORBIDDEN


def test_case_status_and_assignment_cannot_be_changed_in_admin(clinic_admin_client):
    load_library()
    case = submit(EMERGENCY_ANSWERS)
    page = clinic_admin_client.get(reverse("admin:intake_case_change", args=[case.pk])).content.decode()
    assert 'name="status"' not in page and 'name="assigned_to"' not in page


def test_a_clinic_admin_cannot_make_anyone_a_superuser(clinic_admin_client, clinic_admin):
    page = clinic_admin_client.get(reverse("admin:auth_user_change", args=[clinic_admin.pk])).content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    assert 'name="groups"' in page


def test_a_clinic_admin_signs_in_to_admin_with_the_staff_form(clinic_admin):
    admin = clinic_admin
    client = Client()
    response = sign_in(client, admin.username)
    assert response.status_code == HTTPStatus.FOUND
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK
    assert admin.is_staff
