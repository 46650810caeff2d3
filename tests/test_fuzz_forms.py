"""Hypothesis-generated POSTs to every patient and sign-in form never produce a server error.

Each form gets its own field names filled with generated text: valid choices, numbers, empty
strings, very long and strange Unicode, missing fields. Whatever arrives, the answer is a page
(200), a redirect (302) or a refusal (4xx), never a 500.
"""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.patient.flow import STEPS
from intake.patient.forms import GATE_KEYS, ResumeForm
from tests.intake_support import PF_COMPENSATION_ANSWERS, fill_in, gate_context

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ANY_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(min_size=300, max_size=5000),
    st.sampled_from(["", "yes", "no", "not_sure", "-1", "0", "999999999999", "1e9", "12.5", "NaN", "31/02/1990"]),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)


def posted_values(field_names):
    """A form post: some of the form's own fields, each with any text, plus stray fields."""
    own = st.dictionaries(st.sampled_from(sorted(field_names)), ANY_TEXT, max_size=len(field_names))
    stray = st.dictionaries(st.text(min_size=1, max_size=20), ANY_TEXT, max_size=3)
    action = st.sampled_from(["continue", "save", "back", "", "delete-everything"])
    return st.tuples(own, stray, action).map(lambda parts: {**parts[1], **parts[0], "action": parts[2]})


def fields_of(form_class, **kwargs):
    return list(form_class(**kwargs).fields)


def assert_not_a_server_error(response):
    assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, response.content[:500]


@pytest.mark.parametrize("step", STEPS, ids=lambda step: step.slug)
def test_any_post_to_a_questionnaire_step_is_answered_without_a_server_error(step):
    names = fields_of(step.form_class, context=gate_context(PF_COMPENSATION_ANSWERS)) + list(GATE_KEYS)
    client = Client()
    client.get("/")

    @FUZZ
    @given(data=posted_values(names))
    def post(data):
        assert_not_a_server_error(client.post(reverse("intake:step", args=[step.slug]), data))

    post()


def test_any_post_to_the_review_page_is_answered_without_a_server_error():
    client = Client()
    fill_in(client, PF_COMPENSATION_ANSWERS)

    @FUZZ
    @given(data=posted_values(["website", "confirm"]))
    def post(data):
        assert_not_a_server_error(client.post(reverse("intake:review"), data))

    post()


def test_any_resume_code_is_answered_without_a_server_error():
    client = Client()

    @FUZZ
    @given(data=posted_values(fields_of(ResumeForm)))
    def post(data):
        assert_not_a_server_error(client.post(reverse("intake:resume"), data))

    post()


def test_any_sign_in_attempt_is_answered_without_a_server_error():
    client = Client()

    @FUZZ
    @given(data=posted_values(["username", "password", "next"]))
    def post(data):
        assert_not_a_server_error(client.post(reverse("login"), data))

    post()


@pytest.mark.parametrize("url_name", ["two_factor_verify", "two_factor_set_up"])
def test_any_sign_in_code_is_answered_without_a_server_error(physio_client, url_name):
    @FUZZ
    @given(data=posted_values(["code"]))
    def post(data):
        assert_not_a_server_error(physio_client.post(reverse(url_name), data))

    post()


# --- Staff forms ----------------------------------------------------------------------------------

STAFF_POSTS = {
    "case_acknowledge": ["version", "rule_id", "note"],
    "case_assign": ["version"],
    "case_plan": [
        "version",
        "op",
        "add_exercise",
        "items-TOTAL_FORMS",
        "items-INITIAL_FORMS",
        "items-0-id",
        "items-0-sets",
        "items-0-reps",
        "items-0-hold_seconds",
        "items-0-frequency",
        "items-0-time_of_day",
        "items-0-patient_instructions",
        "items-0-staff_notes",
        "items-0-duration",
        "items-0-DELETE",
    ],
    "case_override": ["version", "pathway", "reason", "comment"],
    "case_refer": ["version", "destination", "note"],
    "case_close": ["version", "close_reason", "note"],
}


def staff_post_values(field_names):
    version = st.one_of(st.integers(min_value=-5, max_value=10).map(str), ANY_TEXT)
    return st.tuples(posted_values(field_names), version).map(lambda parts: {**parts[0], "version": parts[1]})


@pytest.mark.parametrize("url_name", sorted(STAFF_POSTS))
def test_any_post_to_a_staff_form_is_answered_without_a_server_error(physio_client, url_name):
    from tests.staff_support import EMERGENCY_ANSWERS, load_library, submit

    load_library()
    cases = [submit(), submit(EMERGENCY_ANSWERS)]

    @FUZZ
    @given(data=staff_post_values(STAFF_POSTS[url_name]), which=st.sampled_from([0, 1]))
    def post(data, which):
        url = reverse(f"staff:{url_name}", kwargs={"reference": cases[which].reference})
        assert_not_a_server_error(physio_client.post(url, data))

    post()


@FUZZ
@given(query=posted_values(["q", "status", "pathway", "urgency", "mine", "after", "before"]))
def test_any_queue_filter_is_answered_without_a_server_error(physio_client, query):
    assert_not_a_server_error(physio_client.get(reverse("staff:queue"), query))
    assert_not_a_server_error(physio_client.get(reverse("staff:queue_export"), query))
