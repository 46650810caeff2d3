"""Free text staff type about a patient is part of the patient's record: erasure and retention redact
it (case fields, acknowledgement notes, Django admin's log), the audit trail refers to it instead of
copying it, and the subject access export includes it."""

import io
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from intake import services
from intake.models import AuditEvent, Case, RedFlagAcknowledgement
from tests.staff_support import EMERGENCY_ANSWERS, load_library, submit

pytestmark = pytest.mark.django_db

NAME = "Zebulon Quillfeather"
ABOUT_HIM = f"Phoned {NAME} on 07700 900777"


@pytest.fixture
def noted_case(physiotherapist) -> Case:
    """A red-flag case on which a physiotherapist wrote the patient's name in every free-text field."""
    load_library()
    case = submit(EMERGENCY_ANSWERS, name=NAME)
    services.red_flag_acknowledge(
        case=case, rule_id="RF-CES-SADDLE", note=ABOUT_HIM, actor=physiotherapist, expected_version=case.version
    )
    case.refresh_from_db()
    services.case_override_pathway(
        case=case,
        pathway="sciatica",
        reason="other",
        comment=ABOUT_HIM,
        actor=physiotherapist,
        expected_version=case.version,
    )
    case.refresh_from_db()
    services.case_refer(
        case=case, destination="gp", note=ABOUT_HIM, actor=physiotherapist, expected_version=case.version
    )
    case.refresh_from_db()
    return case


def everything_kept_about(case: Case) -> str:
    case.refresh_from_db()
    kept = [case.override_comment, case.referral_note, case.patient.name]
    kept += list(RedFlagAcknowledgement.objects.filter(case=case).values_list("note", flat=True))
    kept += [json.dumps(event.details) for event in AuditEvent.objects.all()]
    kept += list(LogEntry.objects.values_list("object_repr", flat=True))
    kept += list(LogEntry.objects.values_list("change_message", flat=True))
    return "\n".join(kept)


def test_the_audit_trail_refers_to_an_acknowledgement_note_instead_of_copying_it(noted_case):
    assert "Quillfeather" not in json.dumps([event.details for event in AuditEvent.objects.all()])
    acknowledged = AuditEvent.objects.get(action="red_flag_acknowledged")
    note = RedFlagAcknowledgement.objects.get(case=noted_case)
    assert acknowledged.details["acknowledgement"] == note.pk and acknowledged.details["noted"] is True


def test_the_timeline_says_a_note_was_written_and_the_red_flag_shows_it(physio_client, noted_case):
    page = physio_client.get(reverse("staff:case", args=[noted_case.reference])).content.decode()
    assert "RF-CES-SADDLE acknowledged with a note." in page
    assert ABOUT_HIM in page


def test_erasure_redacts_what_staff_wrote_about_the_patient(noted_case, clinic_admin, clinic_admin_client):
    patient = noted_case.patient
    # A clinic admin corrects the patient's phone number in Django admin: the admin log keeps the name.
    clinic_admin_client.post(
        reverse("admin:intake_patient_change", args=[patient.pk]),
        {"name": NAME, "date_of_birth": "", "email": "", "phone": "07700 900778"},
    )
    assert LogEntry.objects.get().object_repr == NAME

    services.patient_erase(patient=patient, actor=clinic_admin)

    assert "Quillfeather" not in everything_kept_about(noted_case)
    assert noted_case.override_comment == services.privacy.ERASED_TEXT
    assert LogEntry.objects.get().object_repr == services.ERASED_NAME


def test_retention_redacts_what_staff_wrote_about_the_patient(noted_case, time_machine):
    time_machine.move_to("2040-01-01")
    call_command("anonymise_expired", days=365, stdout=io.StringIO())
    assert "Quillfeather" not in everything_kept_about(noted_case)


def test_the_export_includes_what_staff_wrote_about_the_patient(noted_case, clinic_admin):
    exported = services.patient_export(patient=noted_case.patient, actor=clinic_admin)["cases"][0]
    assert exported["staff_decision"] == {"pathway": "sciatica", "reason": "other", "comment": ABOUT_HIM}
    assert exported["referral"] == {"destination": "gp", "note": ABOUT_HIM}
    assert exported["red_flags_acknowledged"][0]["rule"] == "RF-CES-SADDLE"
    assert exported["red_flags_acknowledged"][0]["note"] == ABOUT_HIM
