"""A patient's data: export everything, erase on request, anonymise after the retention period."""

import datetime as dt
import json
from http import HTTPStatus

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from intake import services
from intake.models import AuditAction, AuditEvent, Patient, TherapyPlan
from tests.factories import AnswersFactory, CaseFactory, PatientFactory

pytestmark = pytest.mark.django_db


def test_export_holds_everything_about_one_patient_and_is_audited(clinic_admin):
    answers = AnswersFactory(case__patient__name="Sentinel Person", heel_pain=True, age=51)
    data = services.patient_export(patient=answers.case.patient, actor=clinic_admin)
    assert data["name"] == "Sentinel Person"
    assert data["cases"][0]["reference"] == answers.case.reference
    assert data["cases"][0]["answers"] == {"age": 51, "heel_pain": True}
    json.dumps(data)  # JSON-ready
    event = AuditEvent.objects.get(action=AuditAction.PATIENT_EXPORTED)
    assert event.actor == clinic_admin and "Sentinel" not in json.dumps(event.details)


def test_export_holds_the_first_visit_its_addenda_and_the_notes(clinic_admin, physiotherapist):
    answers = AnswersFactory(case__patient__name="Sentinel Person", heel_pain=True, age=51)
    case = answers.case
    values = {
        "windlass": "positive",
        "medial_calcaneal_tenderness": "positive",
        "calf_squeeze": "negative",
        "hamstring_palpation": "not_done",
        "resisted_knee_flexion": "not_done",
        "straight_leg_raise": "negative",
        "slump": "not_done",
        "neuro_screen": "negative",
        "working_diagnosis": "pf_only",
        "differential": "",
        "diagnosis_note": "Classic first-step pain.",
    }
    services.first_visit_save(case=case, values=values, actor=physiotherapist, expected_version=1, sign=True)
    services.first_visit_addendum_add(case=case, text="X-ray normal.", actor=physiotherapist)
    services.case_note_add(case=case, kind="left_message", text="Asked to ring back.", actor=physiotherapist)
    exported = services.patient_export(patient=case.patient, actor=clinic_admin)["cases"][0]
    assert exported["first_visit"]["findings"]["windlass"] == "positive"
    assert exported["first_visit"]["diagnosis_note"] == "Classic first-step pain."
    assert [addendum["text"] for addendum in exported["first_visit"]["addenda"]] == ["X-ray normal."]
    assert [(note["kind"], note["text"]) for note in exported["notes"]] == [("left_message", "Asked to ring back.")]
    json.dumps(exported)


def test_erasure_removes_personal_data_but_keeps_the_anonymised_case_and_audit_trail(clinic_admin):
    answers = AnswersFactory(case__patient__name="Sentinel Person", age=51)
    case = answers.case
    plan = TherapyPlan.objects.create(case=case, pathway="pf_only")
    services.patient_erase(patient=case.patient, actor=clinic_admin)
    patient = Patient.objects.get(pk=case.patient.pk)
    assert patient.name == services.ERASED_NAME
    assert (patient.email, patient.phone, patient.date_of_birth) == ("", "", None)
    assert patient.erased_at is not None
    case.refresh_from_db()
    answers.refresh_from_db()
    assert answers.age == 51
    plan.refresh_from_db()
    assert plan.patient_link_expires_at <= patient.erased_at
    event = AuditEvent.objects.get(action=AuditAction.PATIENT_ERASED)
    assert event.case == case and event.actor == clinic_admin


def test_erasing_twice_changes_nothing_more(clinic_admin):
    patient = CaseFactory().patient
    services.patient_erase(patient=patient, actor=clinic_admin)
    services.patient_erase(patient=patient, actor=clinic_admin)
    assert AuditEvent.objects.filter(action=AuditAction.PATIENT_ERASED).count() == 1


def test_admin_export_action_downloads_json_named_without_the_patient_name(clinic_admin_client):
    patient = CaseFactory(patient__name="Sentinel Person").patient
    response = clinic_admin_client.post(
        reverse("admin:intake_patient_changelist"),
        {"action": "export_patient_data", "_selected_action": [patient.pk]},
    )
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"] == f'attachment; filename="patient-{patient.pk}.json"'
    assert json.loads(response.content)["name"] == "Sentinel Person"


def test_admin_erase_action_asks_for_confirmation_first(clinic_admin_client):
    patient = CaseFactory(patient__name="Sentinel Person").patient
    url = reverse("admin:intake_patient_changelist")
    ask = clinic_admin_client.post(url, {"action": "erase_personal_data", "_selected_action": [patient.pk]})
    assert ask.status_code == HTTPStatus.OK and "cannot be undone" in ask.content.decode()
    patient.refresh_from_db()
    assert patient.erased_at is None
    done = clinic_admin_client.post(
        url, {"action": "erase_personal_data", "_selected_action": [patient.pk], "confirm": "yes"}
    )
    assert done.status_code == HTTPStatus.FOUND
    patient.refresh_from_db()
    assert patient.name == services.ERASED_NAME


def old_and_new_patients():
    with time_machine.travel(dt.datetime(2016, 1, 10, tzinfo=dt.UTC)):
        old = CaseFactory(patient=PatientFactory(name="Old Patient")).patient
    with time_machine.travel(dt.datetime(2026, 1, 10, tzinfo=dt.UTC)):
        recent = CaseFactory(patient=PatientFactory(name="Recent Patient")).patient
    return old, recent


def test_retention_dry_run_counts_and_changes_nothing(capsys):
    old, recent = old_and_new_patients()
    with time_machine.travel(dt.datetime(2026, 11, 24, tzinfo=dt.UTC)):
        call_command("anonymise_expired", "--dry-run", "--days", "3650")
    assert "1 patient(s)" in capsys.readouterr().out
    old.refresh_from_db()
    assert old.erased_at is None


def test_retention_anonymises_only_patients_older_than_the_period(capsys):
    old, recent = old_and_new_patients()
    with time_machine.travel(dt.datetime(2026, 11, 24, tzinfo=dt.UTC)):
        call_command("anonymise_expired", "--days", "3650")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.name == services.ERASED_NAME and old.erased_at is not None
    assert recent.name == "Recent Patient" and recent.erased_at is None
    assert AuditEvent.objects.filter(action=AuditAction.CASE_ANONYMISED).count() == 1
