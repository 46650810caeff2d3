"""Logs carry a request id, method, path and status: never a patient's name, answers or contact
details. A sentinel patient walks through the whole intake, and through a server error."""

import logging
from http import HTTPStatus
from unittest import mock

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from intake.models import Case
from tests.intake_support import PF_COMPENSATION_ANSWERS, fill_in, submit
from tests.staff_support import approved_case

pytestmark = pytest.mark.django_db

SENTINELS = {
    "name": "Zebulon Quillfeather",
    "email": "zebulon.quillfeather@sentinel.example",
    "phone": "07700 900777",
}


def sentinel_contact():
    return {"contact": {"name": SENTINELS["name"], "email": SENTINELS["email"], "phone": SENTINELS["phone"]}}


def assert_no_sentinel(text: str, where: str) -> None:
    for label, value in SENTINELS.items():
        assert value not in text, f"the patient's {label} appears in {where}"
        assert value.split()[-1] not in text, f"part of the patient's {label} appears in {where}"


@pytest.fixture
def every_log_line(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def test_a_sentinel_patient_never_appears_in_logs_or_urls(every_log_line):
    client = Client()
    client.get("/")
    fill_in(client, PF_COMPENSATION_ANSWERS, **sentinel_contact())
    response = submit(client)
    assert response.status_code == HTTPStatus.FOUND
    done = client.get(response["Location"])
    assert Case.objects.get().patient.name == SENTINELS["name"]

    assert "request_id=" in every_log_line.text and "path=/check-your-answers/" in every_log_line.text
    assert_no_sentinel(every_log_line.text, "the logs")
    assert_no_sentinel(response["Location"], "a URL")
    assert_no_sentinel(done.content.decode(), "the confirmation page")  # the reference is enough
    for record in every_log_line.records:
        assert_no_sentinel(str(getattr(record, "request", "")), "a log record's request")
    # Answers are never logged either: no answer key with its value.
    assert "thigh_after_heel" not in every_log_line.text


@override_settings(DEBUG=False)
def test_a_server_error_during_submission_reports_no_patient_data(every_log_line):
    client = Client(raise_request_exception=False)
    fill_in(client, PF_COMPENSATION_ANSWERS, **sentinel_contact())
    with mock.patch("intake.services.case_submit", side_effect=RuntimeError("database went away")):
        response = submit(client)
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    body = response.content.decode()
    assert "Something went wrong" in body and "Traceback" not in body
    assert_no_sentinel(body, "the error page")
    assert "Internal Server Error" in every_log_line.text or "RuntimeError" in every_log_line.text
    assert_no_sentinel(every_log_line.text, "the error report")


def test_the_patients_plan_token_never_reaches_the_log(physiotherapist, client, caplog):
    case, plan = approved_case(physiotherapist)
    caplog.set_level(logging.INFO)
    client.get(reverse("patient_plan", args=[plan.patient_link_token]))
    assert "path=/plan/<token>/" in caplog.text
    assert plan.patient_link_token not in caplog.text
