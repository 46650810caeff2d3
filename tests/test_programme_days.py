"""The patient's daily checklist on their plan page (issue 16): ticks, today's pain and a note, saved
again the same day as an update; and what staff see of it on the case page (adherence, pain trend)."""

from __future__ import annotations

import datetime as dt
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus

import pytest
import time_machine
from django import db
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from intake import services
from intake.models import ItemKind, PlanItem, ProgrammeDay, ProgrammeTick, TherapyPlan
from intake.services.privacy import ERASED_TEXT
from tests.staff_support import REQUEST_OVERHEAD, approved_case, case_url
from tests.test_staff_case import CASE_QUERIES

pytestmark = pytest.mark.django_db
# The constraint's name on PostgreSQL; SQLite names the columns instead.
DUPLICATE_DAY = "programmeday_one_per_case_and_day|UNIQUE constraint failed: intake_programmeday"
DUPLICATE_TICK = "programmetick_one_per_day_and_item|UNIQUE constraint failed: intake_programmetick"


@pytest.fixture
def approved(physiotherapist):
    return approved_case(physiotherapist)


def plan_url(plan: TherapyPlan) -> str:
    return reverse("patient_plan", kwargs={"token": plan.patient_link_token})


def exercises(plan: TherapyPlan) -> list[PlanItem]:
    return list(plan.items.filter(kind=ItemKind.EXERCISE).order_by("position"))


def checked(body: str, name: str, value: object) -> bool:
    """Whether the page shows that checkbox or radio button ticked."""
    return re.search(rf'name="{name}" value="{value}"[^>]*\bchecked\b', body) is not None


def log(plan: TherapyPlan, day: dt.date, *, pain: int, done: int = 0, note: str = "") -> ProgrammeDay:
    return services.programme_day_record(
        plan=plan, day=day, done_item_ids=[item.pk for item in exercises(plan)[:done]], pain=pain, note=note
    )


# --- The patient's checklist -----------------------------------------------------------------------------


def test_the_plan_page_offers_todays_checklist_of_the_exercises_only(client, approved):
    _case, plan = approved
    body = client.get(plan_url(plan)).content.decode()
    assert "Which exercises did you do today?" in body and "How bad is your pain today?" in body
    for item in plan.items.all():
        checkbox = f'name="done" value="{item.pk}"'
        # Advice (footwear, a splint) is followed, not done as a session: nothing to tick.
        assert (checkbox in body) == (item.kind == ItemKind.EXERCISE), item.name
    assert "<script>" not in body and "style=" not in body


def test_ticking_and_rating_saves_todays_entry_and_shows_it_back(client, approved):
    case, plan = approved
    first, second = exercises(plan)[:2]
    response = client.post(plan_url(plan), {"done": [first.pk, second.pk], "pain": "4", "note": "Easier after a walk"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == plan_url(plan) + "?saved=1#today"
    entry = ProgrammeDay.objects.get(case=case)
    assert (entry.day, entry.pain, entry.note, entry.plan) == (timezone.localdate(), 4, "Easier after a walk", plan)
    assert {tick.item for tick in entry.ticks.all()} == {first, second}
    body = client.get(response["Location"]).content.decode()
    assert "Saved. Thank you" in body
    assert checked(body, "done", first.pk)
    assert checked(body, "pain", 4)
    assert "Easier after a walk</textarea>" in body


def test_saving_again_the_same_day_updates_the_entry(client, approved):
    case, plan = approved
    first, second = exercises(plan)[:2]
    client.post(plan_url(plan), {"done": [first.pk], "pain": "6"})
    client.post(plan_url(plan), {"done": [second.pk], "pain": "3", "note": "Did the other one"})
    entry = ProgrammeDay.objects.get(case=case)
    assert (entry.pain, entry.note) == (3, "Did the other one")
    assert [tick.item for tick in entry.ticks.all()] == [second]


def test_what_was_ticked_today_stays_ticked_when_the_plan_is_revised_the_same_day(client, approved, physiotherapist):
    """The physiotherapist revises the plan after the patient saved this morning: the new version's items
    are copies, and the evening's page still shows the morning's ticks, so saving again loses none."""
    case, plan = approved
    first, second = exercises(plan)[:2]
    client.post(plan_url(plan), {"done": [first.pk, second.pk], "pain": "4"})
    case.refresh_from_db()
    draft = services.plan_revise(case=case, actor=physiotherapist, expected_version=case.version)
    case.refresh_from_db()
    revised = services.plan_approve(plan=draft, actor=physiotherapist, expected_version=case.version)
    new_first, new_second, new_third = exercises(revised)[:3]
    body = client.get(plan_url(revised)).content.decode()
    assert checked(body, "done", new_first.pk) and checked(body, "done", new_second.pk)
    assert not checked(body, "done", new_third.pk)
    assert checked(body, "pain", 4)


def test_a_new_day_is_a_new_entry(client, approved):
    case, plan = approved
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        client.post(plan_url(plan), {"pain": "5"})
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        client.post(plan_url(plan), {"pain": "2"})
    assert [entry.pain for entry in ProgrammeDay.objects.filter(case=case).order_by("day")] == [5, 2]


def test_without_a_pain_rating_the_page_says_so_next_to_the_question_and_keeps_the_ticks(client, approved):
    case, plan = approved
    first = exercises(plan)[0]
    response = client.post(plan_url(plan), {"done": [first.pk], "note": "Tired today"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    body = response.content.decode()
    assert "There is a problem" in body and 'href="#id_pain_0"' in body
    assert body.count("Choose a number from 0 to 10 for your pain today") == 2  # summary and the field
    assert checked(body, "done", first.pk)
    assert "Tired today</textarea>" in body
    assert not ProgrammeDay.objects.filter(case=case).exists()


def test_an_item_that_is_not_on_the_plan_is_refused_with_a_message(client, approved):
    case, plan = approved
    response = client.post(plan_url(plan), {"done": ["999999"], "pain": "2"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Your plan has changed since you opened this page" in response.content.decode()
    assert not ProgrammeDay.objects.filter(case=case).exists()


def test_an_overlong_note_is_refused_and_kept(client, approved):
    _case, plan = approved
    note = "x" * 501
    body = client.post(plan_url(plan), {"pain": "2", "note": note}).content.decode()
    assert "Please keep your note to 500 characters (it has 501)" in body and note in body


def test_the_checklist_is_in_the_patients_language(client, approved):
    case, plan = approved
    case.language = "es"
    case.save(update_fields=["language"])
    body = client.get(plan_url(plan)).content.decode()
    assert "¿Qué ejercicios ha hecho hoy?" in body and "Guardar hoy" in body
    body = client.post(plan_url(plan), {"done": [exercises(plan)[0].pk]}).content.decode()
    assert "Elija un número del 0 al 10 para su dolor de hoy" in body


def test_an_expired_link_takes_no_entry(client, approved):
    case, plan = approved
    TherapyPlan.objects.filter(pk=plan.pk).update(patient_link_expires_at=timezone.now() - dt.timedelta(days=1))
    assert client.post(plan_url(plan), {"pain": "3"}).status_code == HTTPStatus.GONE
    assert not ProgrammeDay.objects.filter(case=case).exists()


def test_one_entry_per_case_and_day_and_pain_within_0_to_10_are_database_constraints(approved):
    case, plan = approved
    today = timezone.localdate()
    ProgrammeDay.objects.create(case=case, plan=plan, day=today, pain=3)
    with (
        pytest.raises(IntegrityError, match=DUPLICATE_DAY),
        transaction.atomic(),
    ):
        ProgrammeDay.objects.create(case=case, plan=plan, day=today, pain=4)
    with pytest.raises(IntegrityError, match="programmeday_pain_0_10"), transaction.atomic():
        ProgrammeDay.objects.create(case=case, plan=plan, day=today - dt.timedelta(days=1), pain=11)
    entry = ProgrammeDay.objects.get(case=case)
    item = exercises(plan)[0]
    ProgrammeTick.objects.create(day=entry, item=item)
    with (
        pytest.raises(IntegrityError, match=DUPLICATE_TICK),
        transaction.atomic(),
    ):
        ProgrammeTick.objects.create(day=entry, item=item)


def test_erasing_the_patient_erases_their_notes_and_the_export_has_the_log(physiotherapist, approved):
    case, plan = approved
    log(plan, timezone.localdate(), pain=3, done=1, note="My neighbour Ann helped")
    export = services.patient_export(patient=case.patient, actor=physiotherapist)
    assert export["cases"][0]["programme_log"][0]["note"] == "My neighbour Ann helped"
    services.patient_erase(patient=case.patient, actor=physiotherapist)
    assert ProgrammeDay.objects.get(case=case).note == ERASED_TEXT


# --- What staff see ---------------------------------------------------------------------------------------


def test_the_case_page_shows_adherence_over_7_and_28_days_and_the_pain_log(physio_client, approved):
    case, plan = approved
    count = len(exercises(plan))
    today = timezone.localdate()
    # The programme started 9 days ago; the patient logged three days, one of them 8 days ago.
    plan.approved_at = timezone.now() - dt.timedelta(days=9)
    plan.save(update_fields=["approved_at"])
    log(plan, today, pain=3, done=count, note="All done")
    log(plan, today - dt.timedelta(days=1), pain=5, done=1)
    log(plan, today - dt.timedelta(days=8), pain=7, done=2)
    response = physio_client.get(case_url(case))
    body = response.content.decode()
    last_7, last_28 = response.context["programme"]["windows"]
    assert (last_7.done, last_7.prescribed) == (count + 1, 7 * count)
    assert (last_28.done, last_28.prescribed) == (count + 3, 10 * count)
    assert f"<td>{count + 1}</td>\n          <td>{7 * count}</td>" in body
    assert "Home programme" in body and "All done" in body
    # The pain line: 10 units a day over 28 days, today on the right; 0 at the bottom (100), 10 at the top.
    assert 'points="190,30 260,50 270,70"' in body
    assert f"{count} of {count}" in body


def test_before_anything_is_logged_the_case_page_says_so(physio_client, approved):
    case, _plan = approved
    body = physio_client.get(case_url(case)).content.decode()
    assert "The patient has not logged a day in the last 28 days" in body


def test_a_draft_case_has_no_programme_panel(physio_client, library_case):
    assert "Home programme" not in physio_client.get(case_url(library_case)).content.decode()


@pytest.fixture
def library_case(db):
    from tests.staff_support import load_library, submit

    load_library()
    return submit()


@pytest.mark.parametrize("days", [1, 60])
def test_the_case_page_reads_the_log_in_a_constant_number_of_queries(
    physio_client, approved, django_assert_num_queries, days
):
    case, plan = approved
    today = timezone.localdate()
    items = exercises(plan)
    for offset in range(days):
        entry = ProgrammeDay.objects.create(case=case, plan=plan, day=today - dt.timedelta(days=offset), pain=4)
        ProgrammeTick.objects.bulk_create(ProgrammeTick(day=entry, item=item) for item in items)
    physio_client.get(case_url(case))
    # An approved case: no exercise library to load (no draft to add to), and two for the log (the
    # first approval's day and the last 28 days' entries with their tick counts).
    with django_assert_num_queries(CASE_QUERIES + 1 + REQUEST_OVERHEAD):
        response = physio_client.get(case_url(case))
    assert len(response.context["programme"]["entries"]) == min(days, 28)


def test_the_log_is_read_only_in_admin(clinic_admin_client, approved):
    case, plan = approved
    entry = log(plan, timezone.localdate(), pain=2, done=1)
    assert clinic_admin_client.get(reverse("admin:intake_programmeday_changelist")).status_code == HTTPStatus.OK
    change = clinic_admin_client.get(reverse("admin:intake_programmeday_change", args=[entry.pk]))
    assert change.status_code == HTTPStatus.OK and b'name="pain"' not in change.content
    assert clinic_admin_client.get(reverse("admin:intake_programmeday_add")).status_code == HTTPStatus.FORBIDDEN


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)")
def test_the_same_day_saved_at_once_from_two_taps_makes_one_entry(physiotherapist):
    case, plan = approved_case(physiotherapist)
    today = timezone.localdate()
    start = threading.Barrier(6)

    def tap(pain: int) -> int:
        try:
            start.wait(timeout=10)
            return services.programme_day_record(plan=plan, day=today, done_item_ids=[], pain=pain).pk
        finally:
            db.connections.close_all()

    with ThreadPoolExecutor(max_workers=6) as pool:
        ids = set(pool.map(tap, range(6)))
    assert len(ids) == 1
    assert ProgrammeDay.objects.filter(case=case).count() == 1
