"""Staff sessions: an absolute lifetime, a password change under /staff/, no staff page cached,
recovery codes for two-factor sign-in, a branded CSRF page, and a 403 (not a redirect loop) for a
physiotherapist opening Django admin."""

import time
from http import HTTPStatus

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import DEFAULT_PASSWORD
from tests.staff_support import current_code, sign_in

pytestmark = pytest.mark.django_db


def test_a_busy_staff_session_still_ends_after_twelve_hours(physio_client, settings):
    settings.STAFF_SESSION_HOURS = 12
    with time_machine.travel("2026-11-24 08:00 +0000", tick=False) as traveller:
        assert physio_client.get(reverse("staff:queue")).status_code == HTTPStatus.OK
        for _ in range(35):  # a request every 20 minutes: never idle
            traveller.shift(20 * 60)
            assert physio_client.get(reverse("staff:queue")).status_code == HTTPStatus.OK
        traveller.shift(20 * 60 + 1)  # 12 hours and a second after the first request
        response = physio_client.get(reverse("staff:queue"))
    assert response.status_code == HTTPStatus.FOUND and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in physio_client.session


def test_the_session_cookie_expires_when_the_lifetime_ends(physio_client, settings):
    settings.STAFF_SESSION_HOURS = 12
    with time_machine.travel("2026-11-24 08:00 +0000", tick=False):
        response = physio_client.get(reverse("staff:queue"))
    assert response.cookies["sessionid"]["expires"].startswith("Tue, 24 Nov 2026 20:00")


def test_staff_change_their_own_password_under_staff(physio_client, physiotherapist):
    page = physio_client.get(reverse("staff:queue")).content.decode()
    assert reverse("password_change") == "/staff/password/" and reverse("password_change") in page
    response = physio_client.post(
        reverse("password_change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": "a new long passphrase 42",
            "new_password2": "a new long passphrase 42",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    physiotherapist.refresh_from_db()
    assert physiotherapist.check_password("a new long passphrase 42")
    assert physio_client.get(reverse("staff:queue")).status_code == HTTPStatus.OK


def test_a_wrong_old_password_changes_nothing(physio_client, physiotherapist):
    response = physio_client.post(
        reverse("password_change"),
        {
            "old_password": "not it",
            "new_password1": "a new long passphrase 42",
            "new_password2": "a new long passphrase 42",
        },
    )
    assert response.status_code == HTTPStatus.OK and "incorrectly" in response.content.decode()
    physiotherapist.refresh_from_db()
    assert physiotherapist.check_password(DEFAULT_PASSWORD)


@pytest.mark.parametrize(
    "url_name",
    ["staff:queue", "staff:about", "two_factor_set_up", "password_change", "password_change_done", "login"],
)
def test_no_staff_page_is_kept_in_a_browser_cache(physio_client, url_name):
    response = physio_client.get(reverse(url_name))
    assert "no-store" in response.get("Cache-Control", ""), url_name


def test_the_two_factor_set_up_page_showing_the_secret_is_never_cached(physio_client):
    response = physio_client.get(reverse("two_factor_set_up"))
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def set_up_two_factor(client) -> tuple[TOTPDevice, list[str]]:
    client.get(reverse("two_factor_set_up"))
    device = TOTPDevice.objects.get()
    response = client.post(reverse("two_factor_set_up"), {"code": current_code(device)})
    assert response.status_code == HTTPStatus.OK
    return device, list(response.context["codes"])


def test_setting_up_two_factor_shows_recovery_codes_once(physio_client):
    device, codes = set_up_two_factor(physio_client)
    assert len(codes) == 10 and len(set(codes)) == 10
    page = physio_client.get(reverse("two_factor_recovery_codes")).content.decode()
    assert "You have 10 recovery codes left" in page and codes[0] not in page


def test_a_recovery_code_signs_in_once_instead_of_the_phone(physio_client, physiotherapist):
    _, codes = set_up_two_factor(physio_client)
    client = Client()
    assert sign_in(client)["Location"] == reverse("two_factor_verify")
    response = client.post(reverse("two_factor_verify"), {"code": codes[0].upper()})
    assert response["Location"] == reverse("staff:queue")
    assert client.get(reverse("staff:queue")).status_code == HTTPStatus.OK

    again = Client()
    sign_in(again)
    with time_machine.travel(time.time() + 5, tick=False):
        reused = again.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert reused.status_code == HTTPStatus.OK and "did not match" in reused.content.decode()


def test_new_recovery_codes_replace_the_old_ones(physio_client):
    _, old_codes = set_up_two_factor(physio_client)
    response = physio_client.post(reverse("two_factor_recovery_codes"))
    new_codes = list(response.context["codes"])
    assert not set(old_codes) & set(new_codes)
    client = Client()
    sign_in(client)
    refused = client.post(reverse("two_factor_verify"), {"code": old_codes[1]})
    assert "did not match" in refused.content.decode()


def test_recovery_codes_need_the_second_step_first(physiotherapist):
    TOTPDevice.objects.create(user=physiotherapist, name="phone", confirmed=True)
    client = Client()
    sign_in(client)
    response = client.post(reverse("two_factor_recovery_codes"))
    assert response["Location"] == reverse("two_factor_verify")


def test_a_refused_form_shows_the_clinics_page(physiotherapist):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "physio", "password": DEFAULT_PASSWORD})
    assert response.status_code == HTTPStatus.FORBIDDEN
    body = response.content.decode()
    assert "This form could not be sent" in body and "Heel &amp; Thigh" in body
    assert "CSRF verification failed" not in body


def test_a_physiotherapist_opening_admin_gets_a_403_not_a_redirect_loop(physio_client):
    response = physio_client.get("/admin/", follow=True)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert len(response.redirect_chain) <= 1
    assert "Django admin is for clinic admins" in response.content.decode()


def test_signed_out_visitors_opening_admin_are_sent_to_the_staff_sign_in(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login") + "?next=")
    assert response.status_code == HTTPStatus.OK
