"""Optional TOTP two-factor sign-in for staff; mandatory when a clinic admin says so."""

import time
from http import HTTPStatus

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake.models import ClinicPolicy
from tests.staff_support import current_code, sign_in

pytestmark = pytest.mark.django_db


def test_staff_without_an_authenticator_sign_in_with_a_password_alone(physiotherapist):
    client = Client()
    response = sign_in(client)
    assert response["Location"] == reverse("staff:queue")
    assert client.get(reverse("staff:queue")).status_code == HTTPStatus.OK


def test_staff_with_an_authenticator_must_enter_a_code_before_any_staff_page(physiotherapist):
    device = TOTPDevice.objects.create(user=physiotherapist, name="phone", confirmed=True)
    client = Client()
    assert sign_in(client)["Location"] == reverse("two_factor_verify")
    assert client.get(reverse("staff:queue"))["Location"] == reverse("two_factor_verify")
    assert client.get(reverse("admin:index"))["Location"] == reverse("two_factor_verify")

    wrong = client.post(reverse("two_factor_verify"), {"code": "000000" if current_code(device) != "000000" else "1"})
    assert wrong.status_code == HTTPStatus.OK
    assert "did not match" in wrong.content.decode()

    # django-otp slows down guessing: after a failure the next try must wait a moment.
    with time_machine.travel(time.time() + 5, tick=False):
        right = client.post(reverse("two_factor_verify"), {"code": current_code(device)})
    assert right["Location"] == reverse("staff:queue")
    assert client.get(reverse("staff:queue")).status_code == HTTPStatus.OK


def test_when_the_clinic_requires_two_factor_staff_set_it_up_at_next_sign_in(physiotherapist):
    policy = ClinicPolicy.current()
    policy.require_two_factor = True
    policy.save()
    client = Client()
    assert sign_in(client)["Location"] == reverse("two_factor_set_up")
    assert client.get(reverse("staff:queue"))["Location"] == reverse("two_factor_set_up")

    page = client.get(reverse("two_factor_set_up"))
    assert page.status_code == HTTPStatus.OK
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=physiotherapist, confirmed=False)
    done = client.post(reverse("two_factor_set_up"), {"code": current_code(device)})
    # The recovery codes are shown once, with the way on to the page the sign-in was for.
    assert "Your recovery codes" in done.content.decode()
    assert done.context["next_url"] == reverse("staff:queue")
    assert client.get(reverse("staff:queue")).status_code == HTTPStatus.OK
    device.refresh_from_db()
    assert device.confirmed

    # Next time, a code is asked for.
    client.post(reverse("logout"))
    assert sign_in(client)["Location"] == reverse("two_factor_verify")


def test_a_clinic_admin_can_make_two_factor_mandatory_in_admin(clinic_admin_client):
    ClinicPolicy.current()
    url = reverse("admin:intake_clinicpolicy_change", args=[1])
    assert clinic_admin_client.get(url).status_code == HTTPStatus.OK
    # escalate_after_minutes (issue 13) is required on the same form.
    response = clinic_admin_client.post(url, {"require_two_factor": "on", "escalate_after_minutes": 15})
    assert response.status_code == HTTPStatus.FOUND
    assert ClinicPolicy.current().require_two_factor


def test_a_password_alone_cannot_enrol_a_second_authenticator(physiotherapist):
    TOTPDevice.objects.create(user=physiotherapist, name="phone", confirmed=True)
    client = Client()
    sign_in(client, "physio")
    assert client.get(reverse("two_factor_set_up"))["Location"] == reverse("two_factor_verify")
    assert not TOTPDevice.objects.filter(user=physiotherapist, confirmed=False).exists()
    assert client.get(reverse("staff:queue"))["Location"] == reverse("two_factor_verify")


def test_django_admin_sign_in_goes_through_the_second_step(clinic_admin):
    TOTPDevice.objects.create(user=clinic_admin, name="phone", confirmed=True)
    client = Client()
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == HTTPStatus.FOUND and response["Location"].startswith(reverse("login"))
    assert sign_in(client, clinic_admin.username)["Location"] == reverse("two_factor_verify")
    assert client.get(reverse("admin:index"))["Location"] == reverse("two_factor_verify")


def test_mandatory_two_factor_also_covers_clinic_admins(clinic_admin):
    ClinicPolicy.objects.update_or_create(pk=1, defaults={"require_two_factor": True})
    client = Client()
    assert sign_in(client, clinic_admin.username)["Location"] == reverse("two_factor_set_up")
    client.get(reverse("two_factor_set_up"))
    device = TOTPDevice.objects.get(user=clinic_admin, confirmed=False)
    client.post(reverse("two_factor_set_up"), {"code": current_code(device)})
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK
