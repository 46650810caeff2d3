"""Helpers for the alert tests: the tasks the services queued (the test settings keep them in memory,
django-tasks' dummy backend) run the way ``manage.py db_worker`` runs them, and a mail server that
refuses every message."""

from __future__ import annotations

import datetime as dt
import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from django.test import TestCase
from django.utils import timezone
from django_tasks import task_backends

from intake import services
from intake.models import Case, ClinicPolicy

ON_CALL = ["on-call@clinic.example", "duty-physio@clinic.example"]
# Personal data that must never reach an alert e-mail.
SENTINEL_NAME = "Zebedee Quartermaine-Sentinel"
SENTINEL_PHONE = "07700 900987"
SENTINEL_EMAIL = "zebedee.sentinel@patient.example"


def queued() -> list:
    """The tasks queued and not yet run, oldest first."""
    return list(task_backends["default"].results)


def run_queued(*, now: dt.datetime | None = None) -> int:
    """Run every queued task that is due at ``now`` (default: every one, whatever its run_after), as
    the worker would: oldest first, each in its own transaction scope, so the tasks they queue on
    commit are queued too. Returns how many ran."""
    backend = task_backends["default"]
    ran = 0
    while True:
        due = [
            result
            for result in backend.results
            if now is None or result.task.run_after is None or result.task.run_after <= now
        ]
        if not due:
            return ran
        result = due[0]
        backend.results.remove(result)
        with TestCase.captureOnCommitCallbacks(execute=True):
            result.task.call(*result.args, **result.kwargs)
        ran += 1


def set_on_call(addresses: list[str] = ON_CALL, **fields) -> ClinicPolicy:
    policy = ClinicPolicy.current()
    policy.on_call_emails = "\n".join(addresses)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    return policy


def submit_committed(answers: dict, **fields) -> Case:
    """A case submitted as the patient's request commits it: the on-commit callbacks queue its tasks."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.case_submit(
            answers=answers,
            name=fields.pop("name", SENTINEL_NAME),
            phone=fields.pop("phone", SENTINEL_PHONE),
            email=fields.pop("email", SENTINEL_EMAIL),
            consent_given=True,
            **fields,
        )


def later(minutes: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


class RefusingEmailBackend(BaseEmailBackend):
    """A mail server that is down: every message fails as an unreachable SMTP server does."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
