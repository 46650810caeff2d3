"""Regressions for defects found in review: second-step bypasses, admin edits around the services,
permissions that were granted but not checked, secrets in logs, and plans left in front of patients
after a clinician decided against self-care."""

import logging

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake import services
from intake.models import Case, ClinicPolicy, QueuePriority
from tests.staff_support import EMERGENCY_ANSWERS, current_code, draft_plan, load_library, sign_in, submit

pytestmark = pytest.mark.django_db


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
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert sign_in(client, clinic_admin.username)["Location"] == reverse("two_factor_verify")
    assert client.get(reverse("admin:index"))["Location"] == reverse("two_factor_verify")


def test_mandatory_two_factor_also_covers_clinic_admins(clinic_admin):
    ClinicPolicy.objects.update_or_create(pk=1, defaults={"require_two_factor": True})
    client = Client()
    assert sign_in(client, clinic_admin.username)["Location"] == reverse("two_factor_set_up")
    client.get(reverse("two_factor_set_up"))
    device = TOTPDevice.objects.get(user=clinic_admin, confirmed=False)
    client.post(reverse("two_factor_set_up"), {"code": current_code(device)})
    assert client.get(reverse("admin:index")).status_code == 200


def test_case_status_and_assignment_cannot_be_changed_in_admin(clinic_admin_client):
    load_library()
    case = submit(EMERGENCY_ANSWERS)
    page = clinic_admin_client.get(reverse("admin:intake_case_change", args=[case.pk])).content.decode()
    assert 'name="status"' not in page and 'name="assigned_to"' not in page


def test_a_clinic_admin_cannot_make_anyone_a_superuser(clinic_admin_client, clinic_admin):
    page = clinic_admin_client.get(reverse("admin:auth_user_change", args=[clinic_admin.pk])).content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    assert 'name="groups"' in page


def test_approving_a_plan_needs_the_approve_permission(reviewer):
    load_library()
    case = submit()
    with pytest.raises(services.PermissionDenied):
        services.plan_approve(plan=draft_plan(case), actor=reviewer, expected_version=case.version)
    assert draft_plan(case).status == "draft"


def approved_case(physio):
    load_library()
    case = submit()
    plan = services.plan_approve(plan=draft_plan(case), actor=physio, expected_version=case.version)
    case.refresh_from_db()
    return case, plan


def test_referring_a_case_on_withdraws_the_patients_plan_link(physiotherapist, client):
    case, plan = approved_case(physiotherapist)
    assert client.get(reverse("patient_plan", args=[plan.patient_link_token])).status_code == 200
    services.case_refer(
        case=case, destination="emergency_department", note="", actor=physiotherapist, expected_version=case.version
    )
    assert client.get(reverse("patient_plan", args=[plan.patient_link_token])).status_code == 410


def test_overriding_to_urgent_referral_withdraws_the_patients_plan_link(physiotherapist, client):
    case, plan = approved_case(physiotherapist)
    services.case_override_pathway(
        case=case,
        pathway="urgent_referral",
        reason="examination_findings",
        comment="Red flag on examination",
        actor=physiotherapist,
        expected_version=case.version,
    )
    plan.refresh_from_db()
    assert plan.patient_link_expires_at <= timezone.now()
    assert client.get(reverse("patient_plan", args=[plan.patient_link_token])).status_code == 410


def test_the_patients_plan_token_never_reaches_the_log(physiotherapist, client, caplog):
    case, plan = approved_case(physiotherapist)
    caplog.set_level(logging.INFO)
    client.get(reverse("patient_plan", args=[plan.patient_link_token]))
    assert "path=/plan/<token>/" in caplog.text
    assert plan.patient_link_token not in caplog.text


def test_reassessing_keeps_acknowledged_red_flags_acknowledged_and_never_lowers_the_version(physiotherapist):
    load_library()
    case = submit(EMERGENCY_ANSWERS)
    stale = Case.objects.get(pk=case.pk)
    services.red_flag_acknowledge(
        case=case, rule_id="RF-CES-SADDLE", actor=physiotherapist, expected_version=case.version
    )
    case.refresh_from_db()
    version_after_acknowledging = case.version
    services.case_assess(case=stale)
    case.refresh_from_db()
    assert case.version == version_after_acknowledging + 1
    assert case.queue_priority == QueuePriority.EMERGENCY_ACKNOWLEDGED


def test_a_clinic_admin_signs_in_to_admin_with_the_staff_form(clinic_admin):
    admin = clinic_admin
    client = Client()
    response = sign_in(client, admin.username)
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    assert admin.is_staff


def test_an_idle_timeout_keeps_the_page_to_return_to(physio_client, settings):
    import time_machine

    settings.STAFF_IDLE_MINUTES = 1
    with time_machine.travel("2026-11-24 09:00 +0000", tick=False) as traveller:
        physio_client.get(reverse("staff:queue"))
        traveller.shift(120)
        response = physio_client.get(reverse("staff:queue") + "?status=open&q=a b")
    assert response["Location"].startswith("/staff/login/?next=")
    assert "%3Fstatus%3Dopen%26q%3Da" in response["Location"]


def test_a_filled_honeypot_still_shows_red_flag_advice_but_makes_no_case():
    from tests.intake_support import RED_FLAG_ANSWERS, fill_in
    from tests.intake_support import submit as send

    client = Client()
    fill_in(client, RED_FLAG_ANSWERS)
    response = send(client, website="http://spam.example")
    page = client.get(response["Location"]).content.decode()
    assert not Case.objects.exists()
    assert "A&amp;E" in page or "emergency department" in page.lower()
