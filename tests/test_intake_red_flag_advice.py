"""Red-flag advice reaches the patient at once: on the page after the step that raised it, at the top of
every later page, and whether or not they finish; and they can send what they have answered in one step."""

from __future__ import annotations

import re
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.urls import reverse

from intake.models import Case, QueuePriority
from tests.factories import PF_COMPENSATION_ANSWERS
from tests.intake_support import fill_in, step_data, step_url, submit

pytestmark = pytest.mark.django_db

SADDLE_AND_BLADDER = {**PF_COMPENSATION_ANSWERS, "saddle_numbness": True, "bladder_bowel_change": True}
SEND_NOW = {"name": "Rose Tyler", "phone": "07700 900456", "consent": "on"}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def answer_safety(client, answers: dict, **changes: str):
    fill_in(client, answers, until="safety")
    return client.post(step_url("safety"), step_data("safety", answers, **changes))


def test_a_yes_to_saddle_numbness_shows_the_emergency_advice_on_the_very_next_page(client):
    response = answer_safety(client, SADDLE_AND_BLADDER)
    assert response["Location"] == reverse("intake:advice")
    html = client.get(reverse("intake:advice")).content.decode()
    assert "Please get medical help now" in html
    assert "A&amp;E" in html
    assert "call <strong>999</strong>" in html
    # Both flags' advice, each once; no diagnosis.
    assert "numbness around your genitals" in html and "bladder or bowels" in html
    assert "cauda" not in html.lower()
    assert reverse("intake:send_now") in html
    assert step_url("heel") in html  # "Continue the questions"


def test_the_advice_page_comes_once_per_new_flag_and_then_stays_at_the_top_of_later_pages(client):
    answer_safety(client, SADDLE_AND_BLADDER)
    response = client.post(step_url("heel"), step_data("heel", SADDLE_AND_BLADDER))
    assert response["Location"] == step_url("walking")  # nothing new: on with the questions
    walking = client.get(step_url("walking")).content.decode()
    assert walking.index("Please get medical help now") < walking.index('<span class="step-title">How you walk')


def test_the_most_urgent_advice_comes_first(client):
    answers = {**PF_COMPENSATION_ANSWERS, "night_pain": True, "saddle_numbness": True}
    answer_safety(client, answers)
    html = client.get(reverse("intake:advice")).content.decode()
    assert html.index("Please get medical help now") < html.index("Please see a doctor in the next few days")


def test_the_saved_page_keeps_the_advice(client):
    answer_safety(client, SADDLE_AND_BLADDER)
    client.post(step_url("heel"), {**step_data("heel", SADDLE_AND_BLADDER), "action": "save"})
    html = client.get(reverse("intake:saved")).content.decode()
    assert "Please get medical help now" in html


def test_sending_now_takes_one_short_step_and_makes_a_case_at_the_top_of_the_queue(client):
    answer_safety(client, SADDLE_AND_BLADDER)
    page = client.get(reverse("intake:send_now")).content.decode()
    assert 'name="name"' in page and 'name="phone"' in page and 'name="consent"' in page
    assert "Please get medical help now" in page
    response = client.post(reverse("intake:send_now"), SEND_NOW)
    assert response["Location"] == reverse("intake:done")
    case = Case.objects.get()
    assert case.sent_early
    assert case.urgency == "emergency" and case.queue_priority == QueuePriority.EMERGENCY_UNACKNOWLEDGED
    assert case.answers.saddle_numbness is True and case.answers.heel_pain_site is None  # answers so far only
    assert case.patient.phone == "07700 900456" and case.patient.consent_given
    done = client.get(reverse("intake:done")).content.decode()
    assert case.reference in done and "Please get medical help now" in done


def test_sending_now_needs_a_name_a_phone_and_consent_and_keeps_what_was_typed(client):
    answer_safety(client, SADDLE_AND_BLADDER)
    response = client.post(reverse("intake:send_now"), {"name": "Rose Tyler", "phone": ""})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Enter a phone number, so the clinic can call you" in html
    assert "Tick the box to agree" in html
    assert 'value="Rose Tyler"' in html
    assert "Please get medical help now" in html  # the advice never depends on consent
    assert not Case.objects.exists()


def test_sending_now_is_offered_only_after_advice(client):
    fill_in(client, PF_COMPENSATION_ANSWERS, until="heel")
    assert client.get(reverse("intake:send_now"))["Location"] == step_url("heel")
    assert client.get(reverse("intake:advice"))["Location"] == step_url("heel")


def test_a_safety_question_answered_not_sure_marks_the_case_call_today(client):
    response = answer_safety(client, PF_COMPENSATION_ANSWERS, calf_tender="not_sure")
    assert response["Location"] == reverse("intake:advice")
    html = client.get(reverse("intake:advice")).content.decode()
    assert "The clinic will phone you today" in html
    fill_in(client, {key: value for key, value in PF_COMPENSATION_ANSWERS.items() if key != "calf_tender"})
    submit(client)
    case = Case.objects.get()
    assert case.call_today and case.unsure_safety_keys == ["calf_tender"]
    assert case.answers.calf_tender is None
    assert case.queue_priority == QueuePriority.CALL_TODAY
    assert "The clinic will phone you today" in client.get(reverse("intake:done")).content.decode()


def test_no_safety_question_unsure_means_no_call_today(client):
    fill_in(client, PF_COMPENSATION_ANSWERS)
    submit(client)
    case = Case.objects.get()
    assert not case.call_today and case.queue_priority == QueuePriority.ROUTINE
    assert "phone you today" not in client.get(reverse("intake:done")).content.decode()


# --- The health background as one list -------------------------------------------------------------------


def health_post(client, *ticked: str):
    fill_in(client, PF_COMPENSATION_ANSWERS, until="health")
    return client.post(step_url("health"), {"action": "continue", "conditions": list(ticked)})


def test_the_health_list_stores_ticked_conditions_as_yes_and_the_rest_as_no(client):
    health_post(client, "diabetes", "anticoagulants")
    fill_in(client, {**PF_COMPENSATION_ANSWERS, "diabetes": True, "anticoagulants": True})
    submit(client)
    answers = Case.objects.get().answers
    assert answers.diabetes is True and answers.anticoagulants is True
    assert answers.osteoporosis is False and answers.immunosuppressed is False


def test_the_health_list_needs_a_tick_and_refuses_none_with_a_condition(client):
    response = health_post(client)
    assert "Tick the ones you have, or None of these, or I am not sure." in response.content.decode()
    response = health_post(client, "none", "diabetes")
    html = response.content.decode()
    assert "You ticked None of these and something else." in html
    assert re.search(r'value="diabetes"[^>]*checked', html)


def test_not_sure_in_the_health_list_leaves_the_six_unanswered(client):
    fill_in(client, {key: value for key, value in PF_COMPENSATION_ANSWERS.items() if key != "diabetes"})
    # health_conditions() posts "I am not sure" only when none of the six is given; give none.
    client.post(step_url("health"), {"action": "continue", "conditions": ["not_sure"]})
    submit(client)
    answers = Case.objects.get().answers
    assert answers.diabetes is None and answers.anticoagulants is None


def test_the_walking_questions_are_asked_only_with_heel_pain(client):
    answers = {**PF_COMPENSATION_ANSWERS, "heel_pain": False}
    fill_in(client, answers, until="heel")
    client.post(step_url("heel"), step_data("heel", answers))
    assert client.get(step_url("walking"))["Location"] == step_url("thigh")
