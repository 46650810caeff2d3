"""The clinic admin's Django admin: the clinic's name, 24-hour times, the audit log newest first."""

import pytest
import time_machine
from django.urls import reverse

from intake.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_admin_carries_the_clinics_name(clinic_admin_client, settings):
    page = clinic_admin_client.get(reverse("admin:index")).content.decode()
    assert f"{settings.CLINIC_NAME}: administration".replace("&", "&amp;") in page
    assert "Django administration" not in page


def test_admin_shows_24_hour_times(clinic_admin_client):
    with time_machine.travel("2026-07-14 13:30 +0100", tick=False):  # London, summer time
        AuditEvent.objects.create(action="case_submitted")
    page = clinic_admin_client.get(reverse("admin:intake_auditevent_changelist")).content.decode()
    assert "Tuesday 14 July 2026, 13:30" in page and "p.m." not in page


def test_the_audit_log_lists_the_newest_event_first(clinic_admin_client):
    first = AuditEvent.objects.create(action="case_submitted")
    last = AuditEvent.objects.create(action="case_closed")
    response = clinic_admin_client.get(reverse("admin:intake_auditevent_changelist"))
    rows = list(response.context["cl"].result_list)
    assert rows[0] == last and rows[-1] == first
