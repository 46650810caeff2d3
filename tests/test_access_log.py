"""Reading health data leaves a trace: opening a case, exporting the queue, searching or opening
patients in Django admin write audit events; the request log line carries the staff member's id."""

import logging

import pytest
from django.urls import reverse

from intake.models import AuditAction, AuditEvent
from tests.factories import CaseFactory
from tests.staff_support import case_url, load_library, submit

pytestmark = pytest.mark.django_db


def test_opening_a_case_is_in_the_access_log_but_not_on_the_timeline(physio_client, physiotherapist):
    load_library()
    case = submit()
    physio_client.get(case_url(case))
    event = AuditEvent.objects.get(action=AuditAction.CASE_VIEWED)
    assert (event.case, event.actor) == (case, physiotherapist)
    page = physio_client.get(case_url(case)).content.decode()
    assert "Case viewed" not in page
    assert AuditEvent.objects.filter(action=AuditAction.CASE_VIEWED).count() == 2


def test_a_case_that_does_not_exist_writes_no_event(physio_client):
    assert physio_client.get(reverse("staff:case", args=["ABCD-EFGH"])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_VIEWED).exists()


def test_exporting_the_queue_is_in_the_access_log_without_the_search_words(physio_client, physiotherapist):
    load_library()
    submit(name="Margaret Ellison")
    response = physio_client.get(reverse("staff:queue_export") + "?q=Ellison&status=all")
    b"".join(response.streaming_content)
    event = AuditEvent.objects.get(action=AuditAction.QUEUE_EXPORTED)
    assert event.actor == physiotherapist
    assert event.details["searched"] is True and event.details["status"] == "all"
    assert "Ellison" not in str(event.details)


def test_searching_patients_in_admin_is_in_the_access_log(clinic_admin_client, clinic_admin):
    found = CaseFactory(patient__name="Margaret Ellison").patient
    CaseFactory(patient__name="Someone Else")
    clinic_admin_client.get(reverse("admin:intake_patient_changelist") + "?q=Ellison")
    event = AuditEvent.objects.get(action=AuditAction.PATIENTS_SEARCHED)
    assert event.actor == clinic_admin and event.details["patients"] == [found.pk]
    assert "Ellison" not in str(event.details)


def test_searching_cases_by_patient_name_in_admin_is_in_the_access_log(clinic_admin_client):
    case = CaseFactory(patient__name="Margaret Ellison")
    clinic_admin_client.get(reverse("admin:intake_case_changelist") + "?q=Ellison")
    assert AuditEvent.objects.get(action=AuditAction.PATIENTS_SEARCHED).details["patients"] == [case.patient_id]


def test_the_admin_list_without_a_search_writes_no_event(clinic_admin_client):
    CaseFactory()
    clinic_admin_client.get(reverse("admin:intake_patient_changelist"))
    assert not AuditEvent.objects.filter(action=AuditAction.PATIENTS_SEARCHED).exists()


def test_opening_a_patient_in_admin_is_in_the_access_log(clinic_admin_client, clinic_admin):
    patient = CaseFactory().patient
    clinic_admin_client.get(reverse("admin:intake_patient_change", args=[patient.pk]))
    event = AuditEvent.objects.get(action=AuditAction.PATIENT_VIEWED)
    assert event.actor == clinic_admin and event.details == {"patient": patient.pk}


def test_the_request_log_line_carries_the_user_id_never_the_name(physio_client, physiotherapist, caplog):
    caplog.set_level(logging.INFO, logger="clinic.request")
    physio_client.get(reverse("staff:queue"))
    assert f"user={physiotherapist.pk} " in caplog.text
    assert "physio" not in caplog.text.replace("path=", "") and "Priya" not in caplog.text


def test_a_patients_request_is_logged_without_a_user(client, caplog):
    caplog.set_level(logging.INFO, logger="clinic.request")
    client.get(reverse("intake:start"))
    assert "user=- " in caplog.text
