"""The review page, submitting exactly one case, the confirmation and its red-flag advice, and
abuse protection (CSRF, honeypot, rate limit)."""

from __future__ import annotations

import re
import threading
import uuid
from http import HTTPStatus
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client, override_settings
from django.urls import reverse

from intake import services
from intake.models import Answers, AuditAction, Case, Patient
from intake.patient.flow import SESSION_KEY
from tests.factories import PF_COMPENSATION_ANSWERS
from tests.intake_support import (
    CONTACT,
    HAMSTRING_ANSWERS,
    HEEL_ONLY_ANSWERS,
    RED_FLAG_ANSWERS,
    birth_date_for,
    fill_in,
    step_data,
    step_url,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def confirmation_of(client) -> str:
    response = client.get(reverse("intake:done"))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


# --- Review ------------------------------------------------------------------------------------------


def test_the_review_lists_every_answer_with_a_change_link_per_section(client):
    fill_in(client, PF_COMPENSATION_ANSWERS, about={"height": "170", "weight": "72"})
    html = client.get(reverse("intake:review")).content.decode()
    assert "Step 9 of 9" in html
    for slug, title in [("about", "About you"), ("heel", "Your heel and foot"), ("walking", "How you walk")] + [
        ("thigh", "The back of your thigh"),
        ("safety", "Safety questions"),
        ("contact", "Contact details and consent"),
    ]:
        assert f'href="{step_url(slug)}?change=1"' in html
        assert title in html
    assert "How old are you?" in html and "<dd>47</dd>" in html
    assert "Under the heel, towards the inside" in html
    assert "<dd>170 cm</dd>" in html and "<dd>72 kg</dd>" in html
    assert "<dd>12 weeks</dd>" in html
    born = birth_date_for(PF_COMPENSATION_ANSWERS["age"]).strftime("%d/%m/%Y")
    assert "Margaret Lee" in html and f"<dd>{born}</dd>" in html
    assert "Body-mass index" not in html  # never asked, never shown


def test_the_review_shows_not_sure_and_unanswered_numbers_plainly(client):
    left_out = {"limping", "heel_pain_weeks"}
    answers = {key: value for key, value in PF_COMPENSATION_ANSWERS.items() if key not in left_out}
    fill_in(client, answers)
    html = client.get(reverse("intake:review")).content.decode()
    assert re.search(r"Do you limp.*?</dt>\s*<dd>Not sure</dd>", html, re.S)
    assert re.search(r"How many weeks has your heel hurt\?</dt>\s*<dd>Not answered</dd>", html, re.S)


def test_each_change_link_says_which_section_it_changes(client):
    fill_in(client, PF_COMPENSATION_ANSWERS)
    html = client.get(reverse("intake:review")).content.decode()
    assert 'Change<span class="visually-hidden"> your answers in “How you walk”</span>' in html
    # "About you" is read once, not "answers about about you".
    assert "about about" not in html.lower()


def test_a_change_from_the_review_returns_to_the_review(client):
    fill_in(client, PF_COMPENSATION_ANSWERS)
    page = client.get(step_url("walking") + "?change=1").content.decode()
    assert f'href="{reverse("intake:review")}"' in page
    assert "Save and go back to your answers" in page
    response = client.post(
        step_url("walking") + "?change=1", step_data("walking", {**PF_COMPENSATION_ANSWERS, "limping": False})
    )
    assert response["Location"] == reverse("intake:review")
    assert re.search(r"Do you limp.*?</dt>\s*<dd>No</dd>", client.get(reverse("intake:review")).content.decode(), re.S)


def test_the_review_is_not_shown_before_every_step_is_answered(client):
    fill_in(client, PF_COMPENSATION_ANSWERS, until="safety")
    response = client.get(reverse("intake:review"))
    assert response["Location"] == step_url("safety")


# --- Submitting --------------------------------------------------------------------------------------


def test_submitting_stores_the_patient_the_answers_and_the_assessment(client):
    fill_in(client, PF_COMPENSATION_ANSWERS, about={"height": "170", "weight": "72"})
    response = submit(client)
    assert response["Location"] == reverse("intake:done")
    case = Case.objects.get()
    assert case.answers.as_dict() == {**PF_COMPENSATION_ANSWERS, "bmi": 25}
    assert case.assessments.count() == 1
    assert case.pathway == "pf_compensation"
    assert case.patient.name == "Margaret Lee"
    assert case.patient.consent_given and case.patient.consent_at is not None
    assert case.patient.date_of_birth == birth_date_for(PF_COMPENSATION_ANSWERS["age"])
    assert case.submission_key is not None
    assert case.audit_events.filter(action=AuditAction.CASE_SUBMITTED).exists()


def test_answers_of_a_skipped_step_are_not_submitted(client):
    fill_in(client, PF_COMPENSATION_ANSWERS)
    no_thigh_pain = {**PF_COMPENSATION_ANSWERS, "thigh_pain": False}
    client.post(step_url("about") + "?change=1", step_data("about", no_thigh_pain))
    # Without the thigh step, the safety step now asks the nerve questions: the patient is sent back.
    assert submit(client)["Location"] == step_url("safety")
    client.post(step_url("safety"), step_data("safety", no_thigh_pain))
    submit(client)
    answers = Case.objects.get().answers
    assert answers.thigh_pain is False
    assert answers.thigh_onset is None
    assert answers.thigh_pain_score is None


def test_not_sure_is_stored_as_not_answered(client):
    answers = {key: value for key, value in PF_COMPENSATION_ANSWERS.items() if key != "limping"}
    fill_in(client, answers)
    submit(client)
    assert Answers.objects.get().limping is None


def test_submitting_twice_makes_one_case(client):
    fill_in(client, PF_COMPENSATION_ANSWERS)
    first = submit(client)
    second = submit(client)
    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"] == reverse("intake:done")


def test_going_back_and_submitting_again_shows_the_same_confirmation_and_makes_no_second_case(client):
    fill_in(client, PF_COMPENSATION_ANSWERS)
    submit(client)
    reference = Case.objects.get().reference
    assert client.get(reverse("intake:review"))["Location"] == reverse("intake:done")
    assert client.get(step_url("contact"))["Location"] == reverse("intake:done")
    client.post(step_url("contact"), step_data("contact", PF_COMPENSATION_ANSWERS))
    submit(client)
    assert Case.objects.count() == 1
    assert reference in confirmation_of(client)


def test_a_double_click_whose_requests_overlap_makes_one_case(client):
    """Two submits sent before either answered carry the same session, so the same submission key."""
    fill_in(client, PF_COMPENSATION_ANSWERS)
    twin = Client()
    twin.cookies = client.cookies  # the second request of the double click: the same session as it was
    saved_session = dict(client.session[SESSION_KEY])
    submit(client)
    session = twin.session
    session[SESSION_KEY] = saved_session
    session.pop("intake_submitted", None)
    session.save()
    submit(twin)
    assert Case.objects.count() == 1
    assert Case.objects.get().reference in confirmation_of(twin)


def test_case_submit_returns_the_existing_case_for_a_repeated_submission_key():
    key = uuid.uuid4()
    contact = {"name": "Ann Bell", "phone": "07700 900123", "consent_given": True}
    first = services.case_submit(answers=PF_COMPENSATION_ANSWERS, submission_key=key, **contact)
    again = services.case_submit(answers=PF_COMPENSATION_ANSWERS, submission_key=key, **contact)
    assert again == first
    assert Case.objects.count() == 1 and Patient.objects.count() == 1


def test_case_submit_that_loses_a_race_on_the_unique_key_returns_the_winners_case():
    key = uuid.uuid4()
    contact = {"name": "Ann Bell", "phone": "07700 900123", "consent_given": True}
    winner = services.case_submit(answers=PF_COMPENSATION_ANSWERS, submission_key=key, **contact)
    # The loser checked for an existing case before the winner had saved one.
    real_filter = Case.objects.filter
    calls = []

    def filter_missing_once(*args, **kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            return Case.objects.none()
        return real_filter(*args, **kwargs)

    with mock.patch.object(Case.objects, "filter", side_effect=filter_missing_once):
        loser = services.case_submit(answers=PF_COMPENSATION_ANSWERS, submission_key=key, **contact)
    assert loser == winner
    assert Case.objects.count() == 1 and Patient.objects.count() == 1


# --- Confirmation ------------------------------------------------------------------------------------


def test_the_confirmation_gives_the_reference_and_what_happens_next_but_no_diagnosis(client):
    fill_in(client, PF_COMPENSATION_ANSWERS)
    submit(client)
    html = confirmation_of(client)
    case = Case.objects.get()
    assert case.reference in html
    assert "What happens next" in html
    never_shown = ("pf_compensation", "Heel pain driving", "plantar", "fasciitis", "pathway", "Please get medical help")
    for hidden in never_shown:
        assert hidden.lower() not in html.lower()


def test_a_hamstring_patient_sees_no_diagnosis_either(client):
    fill_in(client, HAMSTRING_ANSWERS)
    submit(client)
    html = confirmation_of(client).lower()
    assert Case.objects.get().pathway == "hamstring_strain"
    assert "hamstring" not in html and "strain" not in html


def test_a_red_flag_patient_is_told_at_once_where_to_go_and_how_soon(client, settings):
    settings.EMERGENCY_NUMBER = "112"
    fill_in(client, RED_FLAG_ANSWERS)
    submit(client)
    case = Case.objects.get()
    assessment = case.assessments.get()
    html = confirmation_of(client)
    advice = assessment.result["red_flags"][0]["advice"]
    assert advice.replace("&", "&amp;") in html
    assert "Please get medical help now" in html
    assert "In an emergency, call <strong>112</strong>" in html
    assert html.index("Please get medical help now") < html.index(case.reference)
    assert "cauda" not in html.lower() and "urgent_referral" not in html
    assert case.urgency == "emergency" and case.queue_priority == 0


def test_an_urgent_red_flag_asks_for_a_doctor_within_days(client):
    fill_in(client, {**PF_COMPENSATION_ANSWERS, "cancer_history": True})
    submit(client)
    html = confirmation_of(client)
    assert "Please see a doctor in the next few days" in html
    assert Case.objects.get().assessments.get().result["red_flags"][0]["advice"][:40] in html


def test_the_confirmation_without_a_submission_goes_to_the_start(client):
    assert client.get(reverse("intake:done"))["Location"] == reverse("intake:start")


def test_starting_again_after_submitting_clears_the_confirmation(client):
    fill_in(client, HEEL_ONLY_ANSWERS)
    submit(client)
    client.post(reverse("intake:start_again"))
    assert client.get(step_url("about")).status_code == HTTPStatus.OK
    assert SESSION_KEY not in client.session


# --- Abuse ---------------------------------------------------------------------------------------------


def test_every_patient_form_needs_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert (
        client.post(step_url("about"), step_data("about", PF_COMPENSATION_ANSWERS)).status_code == HTTPStatus.FORBIDDEN
    )
    assert client.post(reverse("intake:resume"), {"code": "ABCD-EFGH-JKMN"}).status_code == HTTPStatus.FORBIDDEN
    assert client.post(reverse("intake:review")).status_code == HTTPStatus.FORBIDDEN


def test_a_filled_honeypot_on_the_contact_step_creates_no_case_but_looks_the_same(client):
    fill_in(client, PF_COMPENSATION_ANSWERS, contact={"website": "http://spam.example"})
    response = submit(client)
    assert response["Location"] == reverse("intake:done")
    html = confirmation_of(client)
    assert Case.objects.count() == 0
    assert "Your reference is" in html
    assert re.search(r'<p class="reference">[A-Z0-9]{4}-[A-Z0-9]{4}</p>', html)


def test_a_filled_honeypot_on_the_review_page_creates_no_case(client):
    fill_in(client, PF_COMPENSATION_ANSWERS)
    submit(client, website="buy now")
    assert Case.objects.count() == 0
    assert "Your reference is" in confirmation_of(client)


def test_submissions_are_limited_per_address_with_a_please_wait_page(settings):
    settings.INTAKE_SUBMISSIONS_PER_HOUR = 2
    for _ in range(2):
        patient = Client(REMOTE_ADDR="203.0.113.7")
        fill_in(patient, HEEL_ONLY_ANSWERS)
        assert submit(patient).status_code == HTTPStatus.FOUND
    blocked = Client(REMOTE_ADDR="203.0.113.7")
    fill_in(blocked, HEEL_ONLY_ANSWERS)
    response = submit(blocked)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert response["Retry-After"] == "3600"
    assert "Please wait before trying again" in response.content.decode()
    assert Case.objects.count() == 2
    # The answers are still there for later, and another address is not affected.
    assert blocked.get(reverse("intake:review")).status_code == HTTPStatus.OK
    elsewhere = Client(REMOTE_ADDR="198.51.100.4")
    fill_in(elsewhere, HEEL_ONLY_ANSWERS)
    assert submit(elsewhere).status_code == HTTPStatus.FOUND


def test_the_rate_limit_window_ends(settings, time_machine):
    settings.INTAKE_SUBMISSIONS_PER_HOUR = 1
    time_machine.move_to("2026-03-02 09:00Z", tick=False)
    first = Client(REMOTE_ADDR="203.0.113.8")
    fill_in(first, HEEL_ONLY_ANSWERS)
    submit(first)
    second = Client(REMOTE_ADDR="203.0.113.8")
    fill_in(second, HEEL_ONLY_ANSWERS)
    assert submit(second).status_code == HTTPStatus.TOO_MANY_REQUESTS
    time_machine.move_to("2026-03-02 10:01Z", tick=False)
    assert submit(second).status_code == HTTPStatus.FOUND
    assert Case.objects.count() == 2


def test_contact_details_are_kept_as_typed_but_trimmed(client):
    fill_in(client, HEEL_ONLY_ANSWERS, contact={"name": "  Margaret   Lee ", "email": " M@Example.ORG"})
    submit(client)
    patient = Patient.objects.get()
    assert patient.name == "Margaret Lee"
    assert patient.email == "m@example.org"
    assert patient.phone == CONTACT["phone"]


@pytest.mark.django_db(transaction=True)
def test_a_real_double_click_on_postgresql_makes_one_case():
    """Two submits of one questionnaire at the same moment, each in its own transaction."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race on the unique key needs PostgreSQL")
    first = Client()
    fill_in(first, HEEL_ONLY_ANSWERS)
    second = Client()
    second.cookies = first.cookies  # the same browser, so the same session and submission key
    start = threading.Barrier(2)
    statuses = []

    def click(client):
        start.wait()
        try:
            statuses.append(submit(client).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(client,)) for client in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [HTTPStatus.FOUND, HTTPStatus.FOUND]
    assert Case.objects.count() == 1
    assert Case.objects.get().reference in confirmation_of(first)


def test_a_submitted_questionnaire_appears_in_django_admin_with_its_answers_and_assessment(client, clinic_admin_client):
    fill_in(client, RED_FLAG_ANSWERS)
    submit(client)
    case = Case.objects.get()
    response = clinic_admin_client.get(reverse("admin:intake_case_change", args=[case.pk]))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert case.reference in html
    assert "Answers for" in html  # the answers inline
    assert "urgent_referral" in html or "Urgent referral" in html  # the assessment inline


def test_without_thigh_pain_the_safety_step_asks_the_nerve_signs_the_bilateral_flag_needs(client):
    from tests.intake_support import HEEL_ONLY_ANSWERS

    fill_in(client, HEEL_ONLY_ANSWERS, until="safety")
    page = client.get(step_url("safety")).content.decode()
    assert "travel down below your knee" in page and 'name="low_back_pain"' in page
    both_legs_back_pain = {**HEEL_ONLY_ANSWERS, "both_legs": True, "low_back_pain": True, "leg_tingling": True}
    client.post(step_url("safety"), step_data("safety", both_legs_back_pain))
    fill_in(client, both_legs_back_pain)
    submit(client)
    case = Case.objects.get()
    assert case.urgency == "emergency"
    assert "RF-CES-BILATERAL" in [flag["rule"] for flag in case.assessments.get().red_flags]


def test_tingling_in_both_feet_without_back_or_radicular_pain_is_not_sent_to_a_and_e(client):
    from tests.intake_support import HEEL_ONLY_ANSWERS

    # Long-standing burning soles (a neuropathy): the second edition no longer calls this cauda equina.
    answers = {**HEEL_ONLY_ANSWERS, "both_legs": True, "leg_tingling": True, "foot_tingling": True}
    answers |= {"nerve_symptoms_recent": False}
    fill_in(client, answers)
    submit(client)
    case = Case.objects.get()
    assert case.urgency == "routine"
    assert "Please get medical help now" not in client.get(reverse("intake:done")).content.decode()


def test_with_thigh_pain_the_nerve_signs_stay_on_the_thigh_step(client):
    fill_in(client, PF_COMPENSATION_ANSWERS, until="safety")
    assert 'name="leg_tingling"' not in client.get(step_url("safety")).content.decode()


@override_settings(BEHIND_TLS_PROXY=True, INTAKE_SUBMISSIONS_PER_HOUR=1)
def test_behind_the_proxy_each_patient_address_has_its_own_limit():
    for address in ("203.0.113.7", "203.0.113.8"):
        patient = Client(HTTP_X_FORWARDED_FOR=f"10.9.9.9, {address}", REMOTE_ADDR="127.0.0.1")
        fill_in(patient, PF_COMPENSATION_ANSWERS)
        assert submit(patient).status_code == HTTPStatus.FOUND
    assert Case.objects.count() == 2
    # A forged first entry does not buy a fresh limit: the proxy's own entry counts.
    forger = Client(HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7", REMOTE_ADDR="127.0.0.1")
    fill_in(forger, PF_COMPENSATION_ANSWERS)
    assert submit(forger).status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_a_filled_honeypot_still_shows_red_flag_advice_but_makes_no_case():
    client = Client()
    fill_in(client, RED_FLAG_ANSWERS)
    response = submit(client, website="http://spam.example")
    page = client.get(response["Location"]).content.decode()
    assert not Case.objects.exists()
    assert "A&amp;E" in page or "emergency department" in page.lower()
