"""One filter on every log handler (clinic/logging.py): plan tokens and resume codes masked, control
characters escaped, whoever logs, Django's own loggers included."""

import io
import logging
from http import HTTPStatus
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import reverse

from clinic.logging import RedactFilter
from tests.staff_support import approved_case

pytestmark = pytest.mark.django_db


def configured_handlers():
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        for handler in logger.handlers:
            if type(handler).__module__.startswith("_pytest"):  # pytest's own capture
                continue
            if type(handler) is logging.NullHandler:  # a library's default (WeasyPrint's): writes nothing
                continue
            yield logger.name, handler


@pytest.fixture
def log_file():
    """What the deployment's console handler writes, as text."""
    stream = io.StringIO()
    handlers = {handler for _, handler in configured_handlers()}
    previous = {
        handler: handler.setStream(stream) for handler in handlers if isinstance(handler, logging.StreamHandler)
    }
    yield stream
    for handler, old in previous.items():
        handler.setStream(old)


def test_every_handler_of_every_logger_carries_the_filter():
    handlers = list(configured_handlers())
    assert handlers
    for name, handler in handlers:
        assert any(isinstance(f, RedactFilter) for f in handler.filters), f"{name}: {handler!r}"


@override_settings(DEBUG=False)
def test_djangos_own_logger_masks_the_plan_token_during_an_outage(physiotherapist, log_file):
    case, plan = approved_case(physiotherapist)
    client = Client(raise_request_exception=False)
    with mock.patch("intake.selectors.approved_plan_for_patient", side_effect=OperationalError("down")):
        response = client.get(reverse("patient_plan", args=[plan.patient_link_token]))
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    text = log_file.getvalue()
    assert "Service Unavailable: /plan/<token>/" in text
    assert plan.patient_link_token not in text


def test_a_refused_post_without_csrf_does_not_log_the_token(physiotherapist, log_file):
    case, plan = approved_case(physiotherapist)
    response = Client(enforce_csrf_checks=True).post(reverse("patient_plan", args=[plan.patient_link_token]))
    assert response.status_code == HTTPStatus.FORBIDDEN
    text = log_file.getvalue()
    assert "Forbidden" in text and "/plan/<token>/" in text
    assert plan.patient_link_token not in text


def test_a_newline_in_the_path_cannot_forge_a_log_line(client, log_file):
    client.get("/nothing%0a2026-11-24 INFO clinic.request forged=yes/")
    lines = log_file.getvalue().splitlines()
    assert not any(line.startswith("2026-11-24 INFO clinic.request forged") for line in lines)
    assert "\\x0a2026-11-24" in log_file.getvalue()


def test_a_crafted_request_id_is_replaced(client, log_file):
    response = client.get(reverse("intake:start"), HTTP_X_REQUEST_ID="abc\x0bforged line")
    assert len(response["X-Request-ID"]) == 32 and "forged" not in response["X-Request-ID"]
    assert "forged" not in log_file.getvalue()


def test_a_well_formed_request_id_from_the_proxy_is_kept(client):
    response = client.get(reverse("intake:start"), HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef")
    assert response["X-Request-ID"] == "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize(
    ("logged", "secret"),
    [
        ("resume tried with M4KQ-7TXH-2PRA", "M4KQ-7TXH-2PRA"),
        ("GET /resume/?code=m4kq-7txh-2pra HTTP/1.1", "m4kq-7txh-2pra"),
        ("GET /plan/abcDEF123_-xyz/ HTTP/1.1", "abcDEF123_-xyz"),
    ],
)
def test_resume_codes_and_tokens_are_masked_whoever_logs_them(log_file, logged, secret):
    logging.getLogger("some.library").warning("%s", logged)
    assert secret not in log_file.getvalue() and "some.library" in log_file.getvalue()


def test_a_traceback_does_not_carry_the_token(log_file):
    try:
        raise ValueError("failed on /plan/abcDEF123_-xyz/")
    except ValueError:
        logging.getLogger("intake").exception("failure")
    assert "abcDEF123_-xyz" not in log_file.getvalue() and "ValueError" in log_file.getvalue()
