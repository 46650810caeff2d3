"""Staff accounts in Django admin: a clinic admin runs the staff list, but can never take over an account
that can do more than they can (a superuser, or anyone holding a permission they lack), and resetting a
colleague's two-factor sign-in goes through one audited service."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake import services
from intake.models import AuditAction, AuditEvent
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def auditor(db):
    """Not a superuser, but holds a permission the Clinic admin role does not grant."""
    user = UserFactory(username="auditor", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="delete_user"))
    return user


def change_form(user, **changes) -> dict:
    """The user admin's change form as a clinic admin's browser posts it (is_active left unticked
    unless given)."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_staff": "on" if user.is_staff else "",
        "groups": [group.pk for group in user.groups.all()],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-11-01",
        "date_joined_1": "09:00:00",
    }
    data.update(changes)
    return data


def test_a_clinic_admin_cannot_set_the_superusers_password(clinic_admin_client, superuser):
    url = reverse("admin:auth_user_password_change", args=[superuser.pk])
    response = clinic_admin_client.post(url, {"password1": "taken over 12345!", "password2": "taken over 12345!"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    superuser.refresh_from_db()
    assert superuser.check_password(DEFAULT_PASSWORD)


def test_a_clinic_admin_cannot_deactivate_the_superuser(clinic_admin_client, superuser):
    url = reverse("admin:auth_user_change", args=[superuser.pk])
    response = clinic_admin_client.post(url, change_form(superuser))
    assert response.status_code == HTTPStatus.FORBIDDEN
    superuser.refresh_from_db()
    assert superuser.is_active


def test_the_superusers_page_opens_read_only_for_a_clinic_admin(clinic_admin_client, superuser):
    page = clinic_admin_client.get(reverse("admin:auth_user_change", args=[superuser.pk]))
    assert page.status_code == HTTPStatus.OK
    body = page.content.decode()
    assert 'name="is_active"' not in body and 'name="_save"' not in body


def test_a_clinic_admin_cannot_remove_the_superusers_authenticator(clinic_admin_client, superuser):
    device = TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    response = clinic_admin_client.post(url, {"post": "yes"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


@pytest.mark.parametrize("active", [True, False], ids=["active", "deactivated"])
def test_an_account_holding_a_permission_the_admin_lacks_is_out_of_reach(clinic_admin_client, auditor, active):
    auditor.is_active = active
    auditor.save()
    change = clinic_admin_client.post(
        reverse("admin:auth_user_change", args=[auditor.pk]), change_form(auditor, is_active="on")
    )
    password = clinic_admin_client.post(
        reverse("admin:auth_user_password_change", args=[auditor.pk]),
        {"password1": "taken over 12345!", "password2": "taken over 12345!"},
    )
    assert change.status_code == password.status_code == HTTPStatus.FORBIDDEN
    auditor.refresh_from_db()
    assert auditor.is_active is active and auditor.check_password(DEFAULT_PASSWORD)


def test_a_clinic_admin_still_deactivates_a_physiotherapist(clinic_admin_client, physiotherapist):
    url = reverse("admin:auth_user_change", args=[physiotherapist.pk])
    response = clinic_admin_client.post(url, change_form(physiotherapist))
    assert response.status_code == HTTPStatus.FOUND
    physiotherapist.refresh_from_db()
    assert not physiotherapist.is_active


def test_a_clinic_admin_is_not_offered_a_role_granting_more_than_they_hold(clinic_admin_client, physiotherapist):
    wider = Group.objects.create(name="User deleters")
    wider.permissions.add(Permission.objects.get(codename="delete_user"))
    page = clinic_admin_client.get(reverse("admin:auth_user_change", args=[physiotherapist.pk])).content.decode()
    assert "Physiotherapist" in page and "Clinic admin" in page
    assert "User deleters" not in page
    response = clinic_admin_client.post(
        reverse("admin:auth_user_change", args=[physiotherapist.pk]),
        change_form(physiotherapist, is_active="on", groups=[wider.pk]),
    )
    assert response.status_code == HTTPStatus.OK  # the form comes back with an error
    assert not physiotherapist.groups.filter(pk=wider.pk).exists()


def test_resetting_a_colleagues_two_factor_removes_their_devices_and_is_audited(
    clinic_admin_client, clinic_admin, physiotherapist
):
    TOTPDevice.objects.create(user=physiotherapist, name="phone", confirmed=True)
    response = clinic_admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [physiotherapist.pk]},
        follow=True,
    )
    assert "Removed 1 device(s) of physio" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=physiotherapist).exists()
    event = AuditEvent.objects.get(action=AuditAction.STAFF_TWO_FACTOR_RESET)
    assert event.actor == clinic_admin and event.details["user"] == physiotherapist.pk


def test_resetting_the_superusers_two_factor_is_refused(clinic_admin_client, superuser):
    TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    response = clinic_admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [superuser.pk]},
        follow=True,
    )
    assert "You may not reset the two-factor sign-in of root" in response.content.decode()
    assert TOTPDevice.objects.filter(user=superuser).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.STAFF_TWO_FACTOR_RESET).exists()


def test_removing_a_physiotherapists_authenticator_in_the_device_admin_is_audited(clinic_admin_client, physiotherapist):
    device = TOTPDevice.objects.create(user=physiotherapist, name="phone", confirmed=True)
    response = clinic_admin_client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert response.status_code == HTTPStatus.FOUND
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.STAFF_TWO_FACTOR_RESET).count() == 1


def test_the_reset_service_refuses_an_actor_without_the_permission(physiotherapist, second_physiotherapist):
    TOTPDevice.objects.create(user=second_physiotherapist, name="phone", confirmed=True)
    with pytest.raises(services.staff.PermissionDenied):
        services.staff_two_factor_reset(user=second_physiotherapist, actor=physiotherapist)
    assert TOTPDevice.objects.filter(user=second_physiotherapist).exists()
