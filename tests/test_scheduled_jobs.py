"""Unsent questionnaires expire after INTAKE_SESSION_DAYS and are purged with expired sessions; expired
saved questionnaires are purged; the scheduled jobs ship as systemd units in deploy/."""

import configparser
import datetime as dt
import io
import shlex
from http import HTTPStatus
from pathlib import Path

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.management import call_command, get_commands
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intake import services
from intake.models import AuditAction, AuditEvent, IntakeDraft
from tests.intake_support import PF_COMPENSATION_ANSWERS, fill_in

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
pytestmark = pytest.mark.django_db


def test_an_unsent_questionnaire_expires_after_two_days(settings):
    assert settings.SESSION_COOKIE_AGE == 2 * 24 * 3600
    with time_machine.travel("2026-11-24 09:00 +0000", tick=False) as traveller:
        client = Client()
        fill_in(client, PF_COMPENSATION_ANSWERS)
        assert client.get(reverse("intake:review")).status_code == HTTPStatus.OK
        traveller.shift(dt.timedelta(days=2, minutes=1))
        response = client.get(reverse("intake:review"))
        assert response["Location"] == reverse("intake:start")  # the answers are gone
        call_command("clearsessions")
        assert not Session.objects.exists()


def test_an_unsent_questionnaire_in_use_is_kept(settings):
    with time_machine.travel("2026-11-24 09:00 +0000", tick=False) as traveller:
        client = Client()
        fill_in(client, PF_COMPENSATION_ANSWERS)
        traveller.shift(dt.timedelta(days=1, hours=23))
        assert client.get(reverse("intake:review")).status_code == HTTPStatus.OK


def test_expired_saved_questionnaires_are_purged_and_live_ones_kept():
    expired = services.intake_draft_save(data={"values": {"about": {"age": 47}}})
    live = services.intake_draft_save(data={"values": {"about": {"age": 50}}})
    IntakeDraft.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    out = io.StringIO()
    call_command("purge_expired_drafts", "--dry-run", stdout=out)
    assert "1 expired saved questionnaire(s) would be deleted" in out.getvalue()
    assert IntakeDraft.objects.count() == 2
    call_command("purge_expired_drafts", stdout=out)
    assert list(IntakeDraft.objects.values_list("pk", flat=True)) == [live.pk]
    assert AuditEvent.objects.get(action=AuditAction.INTAKE_DRAFTS_PURGED).details == {"drafts": 1}


def read_unit(path: Path) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str
    unit.read(path)
    return unit


JOBS = {
    "clinic-retention": "anonymise_expired",
    "clinic-clearsessions": "clearsessions",
    "clinic-purge-drafts": "purge_expired_drafts",
    "clinic-prune-tasks": "prune_db_task_results",
}


@pytest.mark.parametrize(("unit", "command"), JOBS.items())
def test_each_scheduled_job_is_a_service_and_timer_running_a_real_command(unit, command):
    service = read_unit(DEPLOY / f"{unit}.service")
    timer = read_unit(DEPLOY / f"{unit}.timer")
    argv = shlex.split(service["Service"]["ExecStart"])
    assert argv[:2] == ["/srv/clinic/.venv/bin/python", "manage.py"] and argv[2] == command
    assert command in get_commands()
    assert service["Service"]["Type"] == "oneshot" and service["Service"]["User"] == "clinic"
    assert timer["Timer"]["OnCalendar"] and timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_every_unit_in_deploy_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for path in DEPLOY.iterdir():
        assert f"deploy/{path.stem}" in readme, path.name
    assert "one host" in readme
