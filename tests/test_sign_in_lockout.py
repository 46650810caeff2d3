"""Sign-in lockouts (django-axes) count against the real client's address, by the same rule as the
patient rate limits, and a clinic admin can see and lift them."""

from http import HTTPStatus

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from intake.rate_limit import client_address
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"


def from_client(address: str) -> Client:
    """A browser at ``address``, reaching the app through the TLS proxy (which appends the address)."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"203.0.113.250, {address}")


def fail(client: Client, username: str = "physio"):
    return client.post(reverse("login"), {"username": username, "password": "wrong password"})


def test_failures_from_many_addresses_do_not_lock_the_username_for_everyone(settings, physiotherapist):
    settings.BEHIND_TLS_PROXY = True
    for number in range(1, 8):
        assert fail(from_client(f"198.51.100.{number}")).status_code == HTTPStatus.OK
    response = from_client("192.0.2.10").post(reverse("login"), {"username": "physio", "password": DEFAULT_PASSWORD})
    assert response.status_code == HTTPStatus.FOUND


def test_failures_from_one_address_lock_that_address_only(settings, physiotherapist):
    settings.BEHIND_TLS_PROXY = True
    attacker = from_client("198.51.100.7")
    for _ in range(5):
        fail(attacker)
    locked = attacker.post(reverse("login"), {"username": "physio", "password": DEFAULT_PASSWORD})
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"
    elsewhere = from_client("192.0.2.10").post(reverse("login"), {"username": "physio", "password": DEFAULT_PASSWORD})
    assert elsewhere.status_code == HTTPStatus.FOUND


def test_a_crafted_forwarded_address_is_ignored(settings, rf):
    settings.BEHIND_TLS_PROXY = True
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-address'); DROP TABLE x;--")
    assert client_address(request) == PROXY


def test_a_clinic_admin_sees_and_lifts_a_lockout(clinic_admin_client, physiotherapist):
    client = Client()
    for _ in range(5):
        fail(client)
    changelist = clinic_admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == HTTPStatus.OK and "physio" in changelist.content.decode()
    attempt = AccessAttempt.objects.get(username="physio")
    lifted = clinic_admin_client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert lifted.status_code == HTTPStatus.FOUND
    response = client.post(reverse("login"), {"username": "physio", "password": DEFAULT_PASSWORD})
    assert response.status_code == HTTPStatus.FOUND


def test_a_physiotherapist_cannot_lift_lockouts(physio_client):
    assert physio_client.get(reverse("admin:axes_accessattempt_changelist")).status_code != HTTPStatus.OK
