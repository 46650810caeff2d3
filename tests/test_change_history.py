"""Change history with values (django-simple-history) for the exercise library, plan templates, the
clinic policy, users and groups; on PostgreSQL the audit table refuses UPDATE and DELETE below the ORM."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from intake.models import AuditEvent, ClinicPolicy, Exercise, PlanTemplate
from intake.roles import CLINIC_ADMIN, PHYSIOTHERAPIST
from tests.factories import ExerciseFactory, PlanTemplateFactory
from tests.test_staff_accounts import change_form

pytestmark = pytest.mark.django_db


def exercise_form(exercise: Exercise, **changes) -> dict:
    data = {
        "code": exercise.code,
        "name": exercise.name,
        "kind": exercise.kind,
        "is_active": "on",
        "patient_instructions": exercise.patient_instructions,
        "sets": exercise.sets or "",
        "reps": exercise.reps or "",
        "hold_seconds": exercise.hold_seconds or "",
        "frequency": exercise.frequency,
        "time_of_day": exercise.time_of_day,
        "duration": exercise.duration,
        "staff_notes": exercise.staff_notes,
        # The inline of texts in other languages, left empty.
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_an_exercise_edit_keeps_the_old_and_new_values_and_who(clinic_admin_client, clinic_admin):
    exercise = ExerciseFactory(sets=3)
    response = clinic_admin_client.post(
        reverse("admin:intake_exercise_change", args=[exercise.pk]), exercise_form(exercise, sets="5")
    )
    assert response.status_code == HTTPStatus.FOUND
    latest, previous = exercise.history.order_by("-history_id")[:2]
    assert (previous.sets, latest.sets) == (3, 5)
    assert latest.history_user == clinic_admin
    assert latest.diff_against(previous).changed_fields == ["sets"]
    page = clinic_admin_client.get(reverse("admin:intake_exercise_history", args=[exercise.pk]))
    assert page.status_code == HTTPStatus.OK and "clinicadmin" in page.content.decode()


def test_a_plan_template_and_its_items_keep_their_history(clinic_admin_client):
    template = PlanTemplateFactory(name="Heel plan")
    template.items.create(exercise=ExerciseFactory(), position=1)
    template.name = "Heel plan, second edition"
    template.save()
    assert list(template.history.order_by("history_id").values_list("name", flat=True)) == [
        "Heel plan",
        "Heel plan, second edition",
    ]
    assert PlanTemplate.history.model is not None
    assert template.items.get().history.count() == 1


def test_the_clinic_policy_keeps_who_made_two_factor_mandatory(clinic_admin_client, clinic_admin):
    ClinicPolicy.current()
    clinic_admin_client.post(
        reverse("admin:intake_clinicpolicy_change", args=[1]),
        {"require_two_factor": "on", "escalate_after_minutes": "15"},
    )
    latest = ClinicPolicy.current().history.latest()
    assert latest.require_two_factor is True and latest.history_user == clinic_admin


def test_a_users_role_change_is_kept_without_the_password_hash(clinic_admin_client, clinic_admin, physiotherapist):
    admin_role = Group.objects.get(name=CLINIC_ADMIN)
    clinic_admin_client.post(
        reverse("admin:auth_user_change", args=[physiotherapist.pk]),
        change_form(physiotherapist, is_active="on", groups=[admin_role.pk]),
    )
    latest = physiotherapist.history.latest()
    assert latest.history_user == clinic_admin
    assert {group.group.name for group in latest.groups.all()} == {CLINIC_ADMIN}
    field_names = {field.name for field in type(latest)._meta.fields}
    assert "password" not in field_names and "last_login" not in field_names


def test_a_groups_permissions_change_is_kept():
    role = Group.objects.get(name=PHYSIOTHERAPIST)
    role.name = "Physiotherapists"
    role.save()
    assert role.history.latest().name == "Physiotherapists"


def test_history_is_read_only_in_admin(clinic_admin_client):
    exercise = ExerciseFactory()
    record = exercise.history.latest()
    url = reverse("admin:intake_exercise_simple_history", args=[exercise.pk, record.history_id])
    assert clinic_admin_client.get(url).status_code == HTTPStatus.OK
    response = clinic_admin_client.post(url, exercise_form(exercise, name="Reverted"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    exercise.refresh_from_db()
    assert exercise.name != "Reverted"


def test_the_history_page_is_no_way_round_the_superusers_protection(clinic_admin_client):
    from tests.factories import UserFactory

    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    record = superuser.history.latest()
    url = reverse("admin:auth_user_simple_history", args=[superuser.pk, record.history_id])
    response = clinic_admin_client.post(url, change_form(superuser))  # is_active unticked
    assert response.status_code == HTTPStatus.FORBIDDEN
    superuser.refresh_from_db()
    assert superuser.is_active


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "statement", ["UPDATE intake_auditevent SET action = 'case_closed'", "DELETE FROM intake_auditevent"]
)
def test_postgresql_refuses_changing_audit_events_below_the_orm(statement):
    AuditEvent.objects.create(action="case_submitted")
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.get().action == "case_submitted"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_still_takes_new_audit_events():
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO intake_auditevent (action, details, created_at) VALUES ('case_submitted', '{}', now())"
        )
    assert AuditEvent.objects.count() == 1
