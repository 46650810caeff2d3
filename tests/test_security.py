"""Deployment safety: check --deploy, security headers, login lockout, idle staff sessions, error pages."""

import os
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
import time_machine
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import path, reverse

from tests.factories import DEFAULT_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def test_check_deploy_reports_nothing_under_production_settings():
    # The browser tests allow async-unsafe calls in this process; a deployment never does.
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "clinic.settings",
            "DJANGO_READ_ENV_FILE": "false",
            "DEBUG": "false",
            "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "intake.example.org",
            "CSRF_TRUSTED_ORIGINS": "https://intake.example.org",
            "SITE_URL": "https://intake.example.org",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


SECURITY_HEADERS = {
    "Content-Security-Policy": "script-src 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.mark.parametrize("url_name", ["intake:start", "login"])
def test_every_security_header_is_present_on_public_pages(client, url_name):
    response = client.get(reverse(url_name))
    for header, expected in SECURITY_HEADERS.items():
        assert expected in response.get(header, ""), header


def test_every_security_header_is_present_on_staff_pages(physio_client):
    response = physio_client.get(reverse("staff:queue"))
    assert response.status_code == HTTPStatus.OK
    for header, expected in SECURITY_HEADERS.items():
        assert expected in response.get(header, ""), header


def test_the_policy_allows_no_inline_scripts_or_styles(client):
    policy = client.get(reverse("intake:start"))["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "style-src 'self'" in policy


def test_every_response_carries_a_request_id(client):
    assert len(client.get(reverse("intake:start"))["X-Request-ID"]) == 32


def test_healthz_checks_the_database_without_a_session(client):
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["status"] == "ok"
    assert "sessionid" not in response.cookies


def test_a_staff_login_is_locked_after_repeated_failures(physiotherapist):
    client = Client()
    login = reverse("login")
    for _ in range(4):
        response = client.post(login, {"username": "physio", "password": "wrong password"})
        assert response.status_code == HTTPStatus.OK
    fifth_failure = client.post(login, {"username": "physio", "password": "wrong password"})
    assert fifth_failure.status_code == HTTPStatus.TOO_MANY_REQUESTS
    locked = client.post(login, {"username": "physio", "password": DEFAULT_PASSWORD})
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_password_signs_in_before_the_limit(physiotherapist):
    client = Client()
    client.post(reverse("login"), {"username": "physio", "password": "wrong password"})
    response = client.post(reverse("login"), {"username": "physio", "password": DEFAULT_PASSWORD})
    assert response.status_code == HTTPStatus.FOUND
    assert client.session["_auth_user_id"] == str(physiotherapist.pk)


@override_settings(STAFF_IDLE_MINUTES=30)
def test_an_idle_staff_session_ends(physio_client):
    with time_machine.travel("2026-11-24 09:00 +0000", tick=False) as traveller:
        assert physio_client.get(reverse("staff:queue")).status_code == HTTPStatus.OK
        traveller.shift(29 * 60)
        assert physio_client.get(reverse("staff:queue")).status_code == HTTPStatus.OK
        traveller.shift(31 * 60)
        response = physio_client.get(reverse("staff:queue"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/staff/login/")
    assert "_auth_user_id" not in physio_client.session


def broken_database_view(request):
    raise OperationalError("connection refused")


def crashing_view(request):
    raise ValueError("secret internal detail")


urlpatterns = [
    path("broken-db/", broken_database_view),
    path("crash/", crashing_view),
]
handler500 = "clinic.errors.server_error"


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_database_outage_gives_the_friendly_503_page():
    client = Client(raise_request_exception=False)
    response = client.get("/broken-db/")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "30"
    assert "answers you have already given are kept" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_server_error_shows_no_stack_trace():
    client = Client(raise_request_exception=False)
    response = client.get("/crash/")
    body = response.content.decode()
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert "Something went wrong on our side" in body
    assert "secret internal detail" not in body and "Traceback" not in body


def test_unknown_pages_get_the_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "We could not find that page" in response.content.decode()


def test_an_idle_timeout_keeps_the_page_to_return_to(physio_client, settings):
    settings.STAFF_IDLE_MINUTES = 1
    with time_machine.travel("2026-11-24 09:00 +0000", tick=False) as traveller:
        physio_client.get(reverse("staff:queue"))
        traveller.shift(120)
        response = physio_client.get(reverse("staff:queue") + "?status=open&q=a b")
    assert response["Location"].startswith("/staff/login/?next=")
    assert "%3Fstatus%3Dopen%26q%3Da" in response["Location"]
