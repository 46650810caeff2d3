"""After the plan (issue 16): the plan's versions and editor, the patient's e-mail, follow-up check-ins and
their outcomes on the case page, closing with a reason and reopening."""

from __future__ import annotations

import datetime as dt
from http import HTTPStatus

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from intake import services
from intake.models import (
    AuditAction,
    AuditEvent,
    Case,
    CaseStatus,
    CheckIn,
    Outcome,
    PlanItem,
    PlanStatus,
    TherapyPlan,
)
from tests.alerts_support import run_queued
from tests.outcomes_support import answer_check_in, check_in_post_data
from tests.staff_support import case_url, draft_plan, load_library, plan_post_data, post_plan, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    load_library()


@pytest.fixture
def pf_case(library):
    case = submit(name="Margaret Ellison")
    case.patient.email = "margaret@patient.example"
    case.patient.save()
    return case


def refreshed(case: Case) -> Case:
    case.refresh_from_db()
    return case


def approve(client, case):
    """Approve as the editor does; the tasks queued on commit are queued (the test's transaction never commits)."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return post_plan(client, case, "approve", follow=True)


# --- The plan's life ------------------------------------------------------------------------------------------


def test_the_draft_handout_preview_shows_the_patients_words_marked_draft(physio_client, pf_case):
    response = physio_client.get(case_url(pf_case, "staff:case_plan_preview"))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Draft" in body and "not approved" in body
    assert "Sole-of-foot stretch" in body and "When to get help" in body
    assert "Checked and approved" not in body


def test_there_is_no_preview_without_a_draft(physio_client, pf_case):
    approve(physio_client, pf_case)
    assert physio_client.get(case_url(pf_case, "staff:case_plan_preview")).status_code == HTTPStatus.NOT_FOUND


def test_revising_an_approved_plan_keeps_the_approved_version_until_the_new_one_is_approved(
    client, physio_client, pf_case
):
    approve(physio_client, pf_case)
    first = TherapyPlan.objects.get(case=pf_case, status=PlanStatus.APPROVED)
    patient_url = reverse("patient_plan", kwargs={"token": first.patient_link_token})
    response = physio_client.post(
        case_url(pf_case, "staff:case_plan_revise"), {"version": refreshed(pf_case).version}, follow=True
    )
    assert "Version 2 of the plan is a draft" in response.content.decode()
    draft = draft_plan(pf_case)
    assert draft.version == 2 and draft.items.count() == first.items.count()
    item = draft.items.order_by("position").first()
    post_plan(physio_client, pf_case, "save", edits={item.pk: {"patient_instructions": "New words for version 2."}})
    first.refresh_from_db()
    assert first.status == PlanStatus.APPROVED and first.approved_at is not None
    assert "New words for version 2." not in client.get(patient_url).content.decode()

    later = timezone.now() + dt.timedelta(minutes=2)
    with time_machine.travel(later, tick=False):
        response = approve(physio_client, pf_case)
    assert "Plan approved" in response.content.decode(), response.content.decode()[-3000:]
    first.refresh_from_db()
    assert first.status == PlanStatus.SUPERSEDED and first.approved_by is not None
    body = client.get(patient_url).content.decode()
    assert "New words for version 2." in body and "Your plan was updated on" in body
    # Only the first approval schedules check-ins.
    assert CheckIn.objects.filter(case=pf_case).count() == 3


def test_a_free_text_item_with_a_duration_reaches_the_handout(physio_client, pf_case):
    post_plan(
        physio_client,
        pf_case,
        "add_own",
        own_name="Ice after work",
        own_kind="advice",
        own_instructions="Ten minutes of ice wrapped in a towel after a long shift.",
    )
    item = PlanItem.objects.get(plan=draft_plan(pf_case), name="Ice after work")
    assert item.exercise is None and item.kind == "advice"
    post_plan(physio_client, pf_case, "save", edits={item.pk: {"duration": "6 weeks"}})
    item.refresh_from_db()
    assert item.duration == "6 weeks"
    body = physio_client.get(case_url(pf_case, "staff:case_plan_preview")).content.decode()
    assert "Ice after work" in body and "Ten minutes of ice" in body and "6 weeks" in body


def test_a_free_text_item_needs_a_name_and_instructions(physio_client, pf_case):
    response = post_plan(physio_client, pf_case, "add_own", own_name="", own_instructions="")
    body = response.content.decode()
    assert "Give your item a name." in body and "Write the instructions the patient reads." in body


def test_advice_items_show_no_sets_or_reps_boxes_and_the_editor_is_linked_from_the_top(physio_client, pf_case):
    body = physio_client.get(case_url(pf_case)).content.decode()
    assert 'href="#plan">Edit the plan</a>' in body
    advice = draft_plan(pf_case).items.get(exercise__code="PF-01")
    index = list(draft_plan(pf_case).items.order_by("position")).index(advice)
    assert f'type="hidden" name="items-{index}-sets"' in body
    assert f'id="id_items-{index}-sets"' not in body


def test_long_instructions_are_shown_whole(physio_client, pf_case):
    item = draft_plan(pf_case).items.order_by("position").first()
    long_text = "Stand tall and breathe. " * 60
    post_plan(physio_client, pf_case, "save", edits={item.pk: {"patient_instructions": long_text.strip()}})
    body = physio_client.get(case_url(pf_case)).content.decode()
    assert long_text.strip() in body
    assert '<details class="item-texts' not in body


@pytest.mark.parametrize(
    "sets,reps,hold,expected",
    [
        (3, 1, 20, "hold 20 seconds, 3 times"),
        (1, 10, 10, "hold 10 seconds, 10 times"),
        (3, 10, None, "3 sets of 10"),
        (3, 1, None, "3 times"),
        (None, None, 30, "hold 30 seconds"),
        (3, 12, 2, "3 sets of 12, hold 2 seconds"),
    ],
)
def test_doses_read_naturally(sets, reps, hold, expected):
    assert PlanItem(sets=sets, reps=reps, hold_seconds=hold).dose_text() == expected


# --- The patient gets the plan ----------------------------------------------------------------------------------


def test_approval_emails_the_patient_their_link_in_their_language_without_health_details(
    client, physio_client, library
):
    case = submit(name="Lucía Fernández")
    case.language = "es"
    case.save(update_fields=["language"])
    case.patient.email = "lucia@patient.example"
    case.patient.save()
    response = approve(physio_client, case)
    assert "The patient is e-mailed the link" in response.content.decode()
    assert mail.outbox == []  # only the worker sends
    run_queued(now=timezone.now())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    plan = TherapyPlan.objects.get(case=case, status=PlanStatus.APPROVED)
    assert message.to == ["lucia@patient.example"]
    assert "Su plan" in message.subject
    assert plan.patient_link_token in message.body and "Ábralo aquí" in message.body
    for private in ("Lucía", "Fernández", "fascitis", "talón", "estiramiento"):
        assert private not in message.body and private not in message.subject
    assert AuditEvent.objects.filter(case=case, action=AuditAction.PLAN_EMAILED).exists()


def test_without_an_email_staff_are_told_to_give_the_patient_the_link(physio_client, library):
    case = submit()
    case.patient.email = ""
    case.patient.save()
    response = approve(physio_client, case)
    body = response.content.decode()
    assert "No e-mail address for this patient: tell the patient the link" in body
    assert "No e-mail: tell the patient the link." in body
    run_queued(now=timezone.now())
    assert mail.outbox == []


def test_the_plan_page_shows_the_clinic_phone_and_each_items_instructions(client, physio_client, pf_case, settings):
    settings.CLINIC_PHONE = "0161 496 0000"
    approve(physio_client, pf_case)
    plan = TherapyPlan.objects.get(case=pf_case, status=PlanStatus.APPROVED)
    body = client.get(reverse("patient_plan", kwargs={"token": plan.patient_link_token})).content.decode()
    assert 'href="tel:0161 496 0000"' in body and "Contact the clinic on 0161 496 0000" in body
    for item in plan.items.all():
        assert item.patient_instructions.split(".")[0] in body


# --- Follow-ups and outcomes --------------------------------------------------------------------------------------


def test_approval_schedules_check_ins_that_the_worker_emails_when_due(physio_client, pf_case):
    approved_at = timezone.now()
    with time_machine.travel(approved_at, tick=False):
        approve(physio_client, pf_case)
    check_ins = list(CheckIn.objects.filter(case=pf_case))
    assert [check_in.weeks for check_in in check_ins] == [2, 6, 12]
    assert check_ins[0].due_at == approved_at + dt.timedelta(weeks=2)
    run_queued(now=approved_at)  # the plan e-mail only
    assert len(mail.outbox) == 1
    with time_machine.travel(approved_at + dt.timedelta(weeks=2, minutes=1), tick=False):
        run_queued(now=timezone.now())
    assert len(mail.outbox) == 2
    assert reverse("patient_check_in", kwargs={"token": check_ins[0].token}) in mail.outbox[1].body
    assert "Margaret" not in mail.outbox[1].body


def test_a_patient_answers_a_check_in_and_the_physiotherapist_sees_scores_and_adherence(client, physio_client, pf_case):
    approved_at = timezone.now()
    with time_machine.travel(approved_at, tick=False):
        approve(physio_client, pf_case)
    check_in = CheckIn.objects.get(case=pf_case, weeks=2)
    url = reverse("patient_check_in", kwargs={"token": check_in.token})
    assert "This check-in is not open." in client.get(url).content.decode()
    with time_machine.travel(approved_at + dt.timedelta(weeks=2, hours=1), tick=False):
        page = client.get(url)
        assert page.status_code == HTTPStatus.OK and "How bad is your heel pain today?" in page.content.decode()
        missing = client.post(url, {"heel_pain": "4"})
        assert "Choose a number from 0 to 10 for your thigh pain" in missing.content.decode()
        done = answer_check_in(client, url, check_in_post_data(), follow=True)
        assert "Thank you" in done.content.decode()
        again = client.post(url, check_in_post_data(heel_pain=9, thigh_pain=9, global_change=-3), follow=True)
        assert "Thank you" in again.content.decode()
    outcome = Outcome.objects.get(check_in=check_in)
    assert (outcome.heel_pain, outcome.thigh_pain, outcome.global_change, outcome.adherence_days) == (4, 1, 2, 5)
    body = physio_client.get(case_url(pf_case)).content.decode()
    assert "Follow-up and outcomes" in body and "<polyline" in body
    assert "programme done on 5 of 7 days" in body and "Better" in body


def test_the_check_in_is_in_spanish_for_a_spanish_case(client, physio_client, library):
    case = submit()
    case.language = "es"
    case.save(update_fields=["language"])
    approved_at = timezone.now()
    with time_machine.travel(approved_at, tick=False):
        approve(physio_client, case)
    check_in = CheckIn.objects.get(case=case, weeks=2)
    with time_machine.travel(approved_at + dt.timedelta(weeks=3), tick=False):
        body = client.get(reverse("patient_check_in", kwargs={"token": check_in.token})).content.decode()
    assert "¿Cuánto le duele hoy el talón?" in body and "Paso 1 de 2" in body


def test_an_unknown_check_in_link_shows_nothing(client, db):
    assert client.get(reverse("patient_check_in", kwargs={"token": "nope"})).status_code == HTTPStatus.NOT_FOUND


# --- Closing and reopening ------------------------------------------------------------------------------------------


def test_closing_needs_a_reason_and_other_needs_a_note(physio_client, pf_case):
    url = case_url(pf_case, "staff:case_close")
    response = physio_client.post(url, {"version": refreshed(pf_case).version, "close_reason": "other", "note": ""})
    assert "Say why in the note when the reason for closing is Other." in response.content.decode()
    assert refreshed(pf_case).status != CaseStatus.CLOSED
    physio_client.post(url, {"version": refreshed(pf_case).version, "close_reason": "did_not_attend"})
    assert refreshed(pf_case).status == CaseStatus.CLOSED
    assert refreshed(pf_case).close_reason == "did_not_attend"


def test_a_closed_case_can_be_reopened_and_both_are_on_the_timeline(physio_client, pf_case):
    approve(physio_client, pf_case)
    physio_client.post(
        case_url(pf_case, "staff:case_close"),
        {"version": refreshed(pf_case).version, "close_reason": "discharged_improved"},
    )
    body = physio_client.get(case_url(pf_case)).content.decode()
    assert "Reopen the case" in body and "Discharged, improved" in body
    physio_client.post(case_url(pf_case, "staff:case_reopen"), {"version": refreshed(pf_case).version})
    assert refreshed(pf_case).status == CaseStatus.APPROVED
    actions = list(AuditEvent.objects.filter(case=pf_case).values_list("action", flat=True))
    assert AuditAction.CASE_CLOSED in actions and AuditAction.CASE_REOPENED in actions


def test_reopening_an_open_case_is_refused(pf_case, physiotherapist):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="cannot be reopened"):
        services.case_reopen(case=pf_case, actor=physiotherapist, expected_version=pf_case.version)


def test_approved_cases_stay_in_the_open_tab_until_closed(physio_client, pf_case):
    approve(physio_client, pf_case)
    assert pf_case.reference in physio_client.get(reverse("staff:queue")).content.decode()
    physio_client.post(
        case_url(pf_case, "staff:case_close"),
        {"version": refreshed(pf_case).version, "close_reason": "discharged_improved"},
    )
    assert pf_case.reference not in physio_client.get(reverse("staff:queue")).content.decode()


def test_post_data_helper_still_matches_the_editor(pf_case):
    assert "items-0-duration" in plan_post_data(pf_case, "save")


# --- Exercise pictures ---------------------------------------------------------------------------------------------

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_an_exercise_picture_is_shown_on_the_plan_and_served_as_an_image(
    client, physio_client, pf_case, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from intake.models import Exercise

    settings.MEDIA_ROOT = str(tmp_path)
    exercise = Exercise.objects.get(code="PF-02")
    exercise.picture = SimpleUploadedFile("sole-stretch.png", PNG, content_type="image/png")
    exercise.full_clean()
    exercise.save()
    approve(physio_client, pf_case)
    plan = TherapyPlan.objects.get(case=pf_case, status=PlanStatus.APPROVED)
    picture_url = reverse("exercise_picture", kwargs={"exercise_id": exercise.pk})
    assert (
        picture_url in client.get(reverse("patient_plan", kwargs={"token": plan.patient_link_token})).content.decode()
    )
    response = client.get(picture_url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG
    other = Exercise.objects.exclude(pk=exercise.pk).first()
    assert client.get(reverse("exercise_picture", kwargs={"exercise_id": other.pk})).status_code == 404


def test_an_exercise_picture_must_be_an_image_file(library):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from intake.models import Exercise

    exercise = Exercise.objects.get(code="PF-02")
    exercise.picture = SimpleUploadedFile("notes.html", b"<script>", content_type="text/html")
    with pytest.raises(ValidationError):
        exercise.full_clean()
