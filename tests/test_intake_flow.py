"""Moving through the questionnaire: progress, errors that keep every answer, skipping the thigh
step, back and forward, and answers kept server-side."""

from __future__ import annotations

import re
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.urls import reverse

from intake.patient.flow import SESSION_KEY
from tests.factories import PF_COMPENSATION_ANSWERS
from tests.intake_support import HEEL_ONLY_ANSWERS, fill_in, step_data, step_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def test_the_start_page_links_to_the_first_step(client):
    response = client.get(reverse("intake:start"))
    assert response.status_code == HTTPStatus.OK
    assert step_url("about") in response.content.decode()
    assert "Continue questions you saved earlier" in response.content.decode()


def test_the_first_step_says_step_1_of_8_in_its_heading(client):
    response = client.get(step_url("about"))
    html = response.content.decode()
    heading = re.search(r"<h1.*?</h1>", html, re.S).group(0)
    assert "Step 1 of 8" in heading
    assert "About you" in heading
    assert "<title>Step 1 of 8: About you" in html


def test_a_valid_step_goes_on_to_the_next(client):
    response = client.post(step_url("about"), step_data("about", PF_COMPENSATION_ANSWERS))
    assert response.status_code == HTTPStatus.FOUND
    # The safety questions come straight after "About you", as urgent-care triage does.
    assert response["Location"] == step_url("safety")


def test_a_step_with_mistakes_is_shown_again_with_an_error_summary_linking_to_each_field(client):
    data = step_data("about", PF_COMPENSATION_ANSWERS, age="two hundred", height="5 ft 7")
    del data["activity"]
    response = client.post(step_url("about"), data)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary" role="alert".*?</div>', html, re.S).group(0)
    assert 'href="#id_age"' in summary
    assert "How old are you? Enter a whole number, for example 47." in summary
    assert "What is your main physical activity? Choose one answer." in summary
    assert 'href="#id_activity_0"' in summary
    assert 'id="id_activity_0"' in html
    assert "<title>Error: Step 1 of 8" in html
    # The message is next to the field too, and the field points at it.
    assert 'aria-describedby="id_age_error"' in html
    assert 'id="id_age_error"' in html


def test_everything_typed_on_a_step_with_mistakes_is_still_there(client):
    data = step_data("about", PF_COMPENSATION_ANSWERS, age="200", height="5 ft 7", weight="11 st 2")
    response = client.post(step_url("about"), data)
    html = response.content.decode()
    assert 'value="200"' in html
    assert 'value="5 ft 7"' in html
    assert 'value="11 st 2"' in html
    assert re.search(r'value="left"[^>]*checked|checked[^>]*value="left"', html)
    assert re.search(r'name="heel_pain" value="yes"[^>]*checked', html)


def test_no_answer_travels_in_a_hidden_field(client):
    fill_in(client, PF_COMPENSATION_ANSWERS, until="contact")
    for slug in ("about", "heel", "walking", "thigh", "safety", "contact"):
        html = client.get(step_url(slug)).content.decode()
        hidden = re.findall(r'<input[^>]*type="hidden"[^>]*>', html)
        assert all('name="csrfmiddlewaretoken"' in tag for tag in hidden), hidden


def test_answers_are_kept_in_the_session(client):
    fill_in(client, PF_COMPENSATION_ANSWERS, until="walking")
    stored = client.session[SESSION_KEY]["values"]
    assert stored["about"]["age"] == 47
    assert stored["heel"]["heel_pain_site"] == "inner_underside"


def test_going_back_shows_the_answers_already_given(client):
    fill_in(client, PF_COMPENSATION_ANSWERS, until="walking")
    walking = client.get(step_url("walking")).content.decode()
    assert f'href="{step_url("heel")}"' in walking  # the Back link
    heel = client.get(step_url("heel")).content.decode()
    assert re.search(r'value="inner_underside"[^>]*checked', heel)
    assert 'value="12"' in heel  # heel_pain_weeks


def test_going_forward_again_after_going_back_keeps_later_answers(client):
    fill_in(client, PF_COMPENSATION_ANSWERS, until="thigh")
    client.post(step_url("heel"), step_data("heel", PF_COMPENSATION_ANSWERS))
    walking = client.get(step_url("walking")).content.decode()
    assert re.search(r'name="limping" value="yes"[^>]*checked', walking)


def test_a_later_step_cannot_be_opened_before_the_earlier_ones_are_answered(client):
    response = client.get(step_url("safety"))
    assert response["Location"] == step_url("about")


def test_an_unknown_step_is_not_found(client):
    assert client.get(step_url("elbow")).status_code == HTTPStatus.NOT_FOUND


# --- Step skipping -------------------------------------------------------------------------------------


def test_the_thigh_step_is_shown_to_a_patient_with_thigh_pain(client):
    fill_in(client, PF_COMPENSATION_ANSWERS, until="walking")
    response = client.post(step_url("walking"), step_data("walking", PF_COMPENSATION_ANSWERS))
    assert response["Location"] == step_url("thigh")
    html = client.get(step_url("thigh")).content.decode()
    assert "Step 5 of 9" in html
    assert "img/thigh-sites.svg" in html


def test_the_thigh_step_is_skipped_without_thigh_pain_and_that_is_not_an_error(client):
    fill_in(client, HEEL_ONLY_ANSWERS, until="heel")
    response = client.post(step_url("heel"), step_data("heel", HEEL_ONLY_ANSWERS))
    # Without thigh pain, neither the thigh step nor the walking step (the compensation signs) is asked.
    assert response["Location"] == step_url("health")
    assert "Step 4 of 6" in client.get(step_url("health")).content.decode()
    # Opening a skipped step just moves on.
    assert client.get(step_url("thigh"))["Location"] == step_url("health")
    assert client.get(step_url("walking"))["Location"] == step_url("health")


def test_a_patient_without_thigh_pain_can_finish_without_the_thigh_step(client):
    fill_in(client, HEEL_ONLY_ANSWERS)
    response = client.get(reverse("intake:review"))
    assert response.status_code == HTTPStatus.OK
    assert "Step 6 of 6" in response.content.decode()
    assert "The back of your thigh" not in response.content.decode()


def test_heel_questions_are_skipped_without_heel_pain(client):
    answers = {**HEEL_ONLY_ANSWERS, "heel_pain": False}
    fill_in(client, answers, until="heel")
    html = client.get(step_url("heel")).content.decode()
    assert "heel_pain_site" not in html
    assert "calf_tightness" in html


def test_saying_yes_to_thigh_pain_from_the_review_asks_the_thigh_step_then_returns_to_the_review(client):
    fill_in(client, HEEL_ONLY_ANSWERS)
    response = client.post(
        step_url("about") + "?change=1", step_data("about", {**HEEL_ONLY_ANSWERS, "thigh_pain": True})
    )
    # Heel and thigh pain together bring the walking questions too.
    assert response["Location"] == step_url("walking") + "?change=1"
    response = client.post(step_url("walking") + "?change=1", step_data("walking", PF_COMPENSATION_ANSWERS))
    assert response["Location"] == step_url("thigh") + "?change=1"
    response = client.post(step_url("thigh") + "?change=1", step_data("thigh", PF_COMPENSATION_ANSWERS))
    # Thigh pain brings one follow-up question (a recent operation or time in bed: a clot risk).
    assert response["Location"] == step_url("follow_up") + "?change=1"
    response = client.post(step_url("follow_up") + "?change=1", step_data("follow_up", PF_COMPENSATION_ANSWERS))
    assert response["Location"] == reverse("intake:review")


def test_the_step_pages_need_no_javascript(client):
    html = client.get(step_url("about")).content.decode()
    assert "<script" not in html
    assert 'style="' not in html
    assert "<style" not in html


def test_the_start_page_time_estimate_comes_from_the_questions_a_typical_patient_is_asked(client):
    from intake.demo.cases import TYPICAL_PATIENT
    from intake.patient.flow import SECONDS_PER_QUESTION, questions_asked

    minutes = -(-questions_asked(TYPICAL_PATIENT) * SECONDS_PER_QUESTION // 60)
    assert f"It takes about {minutes} minutes." in client.get(reverse("intake:start")).content.decode()
