"""The first visit (findings, working diagnosis, signing, addenda), case notes and the contact log."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse

from intake import services
from intake.models import (
    FIRST_VISIT_SIGNED,
    AuditAction,
    AuditEvent,
    CaseNote,
    FirstVisit,
    FirstVisitAddendum,
)
from intake.services.visits import NOT_SIGNED_YET
from tests.staff_support import case_url, load_library, submit

pytestmark = pytest.mark.django_db

FINDINGS = {
    "windlass": "positive",
    "medial_calcaneal_tenderness": "positive",
    "calf_squeeze": "negative",
    "hamstring_palpation": "negative",
    "resisted_knee_flexion": "negative",
    "straight_leg_raise": "negative",
    "slump": "not_done",
    "neuro_screen": "negative",
}
PF_VISIT = {**FINDINGS, "working_diagnosis": "pf_compensation", "differential": "", "diagnosis_note": ""}


@pytest.fixture
def case(db):
    load_library()
    made = submit(name="Joan Whitfield")
    made.patient.phone = "07700 900456"
    made.patient.email = "joan.whitfield@example.org"
    made.patient.save()
    return made


def version(case):
    case.refresh_from_db()
    return case.version


def post_visit(client, case, op="save", **changes):
    data = {"version": version(case), "op": op, **PF_VISIT, **changes}
    return client.post(case_url(case, "staff:case_first_visit"), data)


def signed_visit(case, physiotherapist) -> FirstVisit:
    return services.first_visit_save(
        case=case, values=PF_VISIT, actor=physiotherapist, expected_version=version(case), sign=True
    )


# --- Recording and signing -------------------------------------------------------------------------------


def test_a_physiotherapist_records_the_findings_and_working_diagnosis(physio_client, case, physiotherapist):
    response = post_visit(physio_client, case, straight_leg_raise="positive")
    assert response.status_code == HTTPStatus.FOUND
    visit = FirstVisit.objects.get(case=case)
    assert (visit.windlass, visit.straight_leg_raise, visit.slump) == ("positive", "positive", "not_done")
    assert visit.working_diagnosis == "pf_compensation"
    assert visit.examined_by == physiotherapist and not visit.is_signed
    case.refresh_from_db()
    assert case.status == "in_review"
    event = AuditEvent.objects.get(case=case, action=AuditAction.FIRST_VISIT_RECORDED)
    assert event.actor == physiotherapist and event.details["working_diagnosis"] == "pf_compensation"
    body = physio_client.get(case_url(case)).content.decode()
    assert "First visit recorded" in body and "editable until signed" in body


def test_an_unsigned_first_visit_can_be_changed_and_the_change_is_recorded(physio_client, case):
    post_visit(physio_client, case)
    post_visit(physio_client, case, working_diagnosis="sciatica", slump="positive")
    visit = FirstVisit.objects.get(case=case)
    assert (visit.working_diagnosis, visit.slump) == ("sciatica", "positive")
    changed = AuditEvent.objects.filter(case=case, action=AuditAction.FIRST_VISIT_RECORDED).last()
    assert sorted(changed.details["changed"]) == ["slump", "working_diagnosis"]


def test_other_needs_a_coded_condition_or_words(physio_client, case):
    response = post_visit(physio_client, case, working_diagnosis="other")
    assert response.status_code == HTTPStatus.OK  # the form again, with the error
    assert "Choose the condition, or describe it" in response.content.decode()
    assert not FirstVisit.objects.exists()
    post_visit(physio_client, case, working_diagnosis="other", differential="fat_pad")
    assert FirstVisit.objects.get(case=case).get_differential_display() == "Heel fat pad syndrome / atrophy"


def test_a_coded_condition_goes_with_other_only(physio_client, case, physiotherapist):
    response = post_visit(physio_client, case, differential="dvt")
    assert "only when the working diagnosis is Other" in response.content.decode()
    with pytest.raises(ValidationError):
        services.first_visit_save(
            case=case, values={**PF_VISIT, "differential": "dvt"}, actor=physiotherapist, expected_version=version(case)
        )


def test_signing_keeps_the_record_and_the_page_shows_it_read_only(physio_client, case, physiotherapist):
    response = post_visit(physio_client, case, op="sign")
    assert response.status_code == HTTPStatus.FOUND
    visit = FirstVisit.objects.get(case=case)
    assert visit.signed_by == physiotherapist and visit.signed_at is not None
    assert AuditEvent.objects.filter(case=case, action=AuditAction.FIRST_VISIT_SIGNED).count() == 1
    body = physio_client.get(case_url(case)).content.decode()
    assert "Signed</span> by Priya Shah" in body
    assert 'action="' + case_url(case, "staff:case_first_visit") + '"' not in body  # no edit form any more
    assert "Add addendum" in body


def test_a_signed_first_visit_cannot_be_edited_through_the_service(case, physiotherapist):
    signed_visit(case, physiotherapist)
    with pytest.raises(ValidationError) as refused:
        services.first_visit_save(
            case=case,
            values={**PF_VISIT, "working_diagnosis": "sciatica"},
            actor=physiotherapist,
            expected_version=version(case),
        )
    assert refused.value.messages == [FIRST_VISIT_SIGNED]
    assert FirstVisit.objects.get(case=case).working_diagnosis == "pf_compensation"
    # Nor by saving the model directly: the row refuses whoever calls.
    visit = FirstVisit.objects.get(case=case)
    visit.working_diagnosis = "sciatica"
    with pytest.raises(ValidationError):
        visit.save()
    assert FirstVisit.objects.get(case=case).working_diagnosis == "pf_compensation"


def test_a_signed_first_visit_cannot_be_edited_through_the_page(physio_client, case, physiotherapist):
    signed_visit(case, physiotherapist)
    response = post_visit(physio_client, case, working_diagnosis="sciatica")
    assert FIRST_VISIT_SIGNED in response.content.decode()
    assert FirstVisit.objects.get(case=case).working_diagnosis == "pf_compensation"


def test_a_signed_first_visit_cannot_be_edited_in_django_admin_even_by_a_superuser(client, case, physiotherapist):
    visit = signed_visit(case, physiotherapist)
    superuser = User.objects.create_superuser("root", "root@clinic.example", "pw-for-tests-only")
    client.force_login(superuser)
    url = reverse("admin:intake_firstvisit_change", args=[visit.pk])
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert 'name="working_diagnosis"' not in page.content.decode()  # shown, not editable
    response = client.post(url, {**PF_VISIT, "working_diagnosis": "sciatica"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert client.post(reverse("admin:intake_firstvisit_delete", args=[visit.pk]), {"post": "yes"}).status_code == (
        HTTPStatus.FORBIDDEN
    )
    assert FirstVisit.objects.get(pk=visit.pk).working_diagnosis == "pf_compensation"


def test_an_addendum_is_added_after_signing_and_the_record_stays_as_signed(physio_client, case, physiotherapist):
    with pytest.raises(ValidationError) as refused:
        services.first_visit_addendum_add(case=case, text="X-ray normal.", actor=physiotherapist)
    assert refused.value.messages == [NOT_SIGNED_YET]
    visit = signed_visit(case, physiotherapist)
    signed_at = visit.signed_at
    response = physio_client.post(case_url(case, "staff:case_addendum"), {"text": "Heel X-ray normal, no fracture."})
    assert response.status_code == HTTPStatus.FOUND
    addendum = FirstVisitAddendum.objects.get()
    assert addendum.first_visit == visit and addendum.author == physiotherapist
    visit.refresh_from_db()
    assert visit.signed_at == signed_at and visit.working_diagnosis == "pf_compensation"
    body = physio_client.get(case_url(case)).content.decode()
    assert body.count("Heel X-ray normal, no fracture.") == 2  # in the first visit's addenda and on the timeline
    assert AuditEvent.objects.get(action=AuditAction.FIRST_VISIT_ADDENDUM).details == {"addendum": addendum.pk}


def test_someone_elses_change_keeps_what_was_typed_in_the_first_visit_form(physio_client, case, second_physiotherapist):
    stale = version(case)
    services.case_assign(
        case=case, assignee=second_physiotherapist, actor=second_physiotherapist, expected_version=stale
    )
    response = physio_client.post(
        case_url(case, "staff:case_first_visit"),
        {"version": stale, "op": "save", **PF_VISIT, "diagnosis_note": "Typed before the conflict"},
    )
    assert response.status_code == HTTPStatus.CONFLICT
    assert "Typed before the conflict" in response.content.decode()
    assert not FirstVisit.objects.exists()


def test_a_closed_case_takes_notes_but_no_new_first_visit(physio_client, case, physiotherapist):
    services.case_close(case=case, actor=physiotherapist, expected_version=version(case), reason="referred")
    post_visit(physio_client, case)
    assert not FirstVisit.objects.exists()
    physio_client.post(case_url(case, "staff:case_note"), {"kind": "phoned", "text": "Patient doing well."})
    assert CaseNote.objects.get().kind == "phoned"


# --- Notes and the contact log -----------------------------------------------------------------------------


def test_notes_and_contacts_are_on_the_timeline_with_who_and_when(physio_client, case, physiotherapist):
    physio_client.post(case_url(case, "staff:case_note"), {"kind": "no_answer", "text": ""})
    physio_client.post(case_url(case, "staff:case_note"), {"kind": "left_message", "text": "Asked to call back."})
    physio_client.post(case_url(case, "staff:case_note"), {"kind": "note", "text": "Works night shifts."})
    assert [note.kind for note in CaseNote.objects.order_by("id")] == ["no_answer", "left_message", "note"]
    assert all(note.author == physiotherapist and note.created_at for note in CaseNote.objects.all())
    events = AuditEvent.objects.filter(case=case, action__in=[AuditAction.NOTE_ADDED, AuditAction.CONTACT_LOGGED])
    assert [event.action for event in events.order_by("id")] == ["contact_logged", "contact_logged", "note_added"]
    # The audit trail holds the note's id and kind, never its text.
    assert all("text" not in event.details for event in events)
    timeline = physio_client.get(case_url(case)).context["timeline"]
    entries = [entry for entry in timeline if entry["action"] in ("note_added", "contact_logged")]
    assert [(entry["summary"], entry["text"], entry["actor"]) for entry in entries] == [
        ("Phoned, no answer.", "", "Priya Shah"),
        ("Phoned, left a message.", "Asked to call back.", "Priya Shah"),
        ("", "Works night shifts.", "Priya Shah"),
    ]


def test_a_note_needs_text_but_a_contact_does_not(physio_client, case):
    response = physio_client.post(case_url(case, "staff:case_note"), {"kind": "note", "text": "  "})
    assert "Write the note" in response.content.decode()
    assert not CaseNote.objects.exists()


def test_the_note_form_warns_not_to_paste_identifiers(physio_client, case):
    body = physio_client.get(case_url(case)).content.decode()
    assert "Do not paste the patient's name, phone number, e-mail or date of birth" in body


@pytest.mark.parametrize(
    "text,what",
    [
        ("Rang 07700 900456 twice", "phone number"),
        ("Sent the leaflet to JOAN.WHITFIELD@example.org", "e-mail address"),
        ("Joan Whitfield says the heel is better", "full name"),
    ],
)
def test_a_note_repeating_an_identifier_the_case_holds_is_refused(physio_client, case, text, what):
    response = physio_client.post(case_url(case, "staff:case_note"), {"kind": "note", "text": text})
    assert f"contains the patient&#x27;s {what}" in response.content.decode()
    assert text in response.content.decode()  # kept in the form to correct
    assert not CaseNote.objects.exists()
