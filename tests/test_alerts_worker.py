"""The alert path for real: a `manage.py db_worker` process (django-tasks-db) against a real SMTP server on
loopback (aiosmtpd). The alert arrives without personal data, the worker survives the mail server going
down, and delivers once it is back. Prints the latency from case created to e-mail received.

Runs on PostgreSQL and on SQLite (the test settings keep SQLite's test database in a file so the worker,
another process, can open it). Every wait is bounded.
"""

from __future__ import annotations

import email
import email.policy
import time

import pytest
from django.db import connection
from django.test import override_settings

from intake import services
from intake.models import Alert, AlertStatus, AuditAction, AuditEvent, Case, ClinicPolicy
from tests.alerts_support import ON_CALL, SENTINEL_EMAIL, SENTINEL_NAME, SENTINEL_PHONE
from tests.servers import SmtpSink, database_url_of, db_worker, worker_env
from tests.staff_support import EMERGENCY_ANSWERS, URGENT_ANSWERS, load_library


def database_in_memory() -> bool:
    """SQLite's test database in memory: no other process can open it."""
    if connection.vendor != "sqlite":
        return False
    name = str(connection.settings_dict.get("TEST", {}).get("NAME") or "")
    return not name or ":memory:" in name or "mode=memory" in name


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        database_in_memory(),
        reason="the worker is another process: it needs PostgreSQL or SQLite's test database in a file "
        "(clinic/settings_test.py sets one; an in-memory database cannot be shared)",
    ),
]

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The mail server is down for a few attempts: retry every second, many times, so the test stays short.
RETRY_EVERY_SECOND = ",".join(["1"] * 60)
# Bounds on every wait: a real alert takes about a second (the worker polls once a second).
ARRIVAL_TIMEOUT = 30


def parsed(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)


def submit(answers: dict) -> Case:
    """A patient's final submission, committed (as the request's transaction is): its alert is queued."""
    return services.case_submit(
        answers=answers, name=SENTINEL_NAME, phone=SENTINEL_PHONE, email=SENTINEL_EMAIL, consent_given=True
    )


def wait_for_alert(case: Case, *, status: str, attempts: int = 1, timeout: float = ARRIVAL_TIMEOUT) -> Alert:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alert = Alert.objects.filter(case=case).first()
        if alert is not None and alert.status == status and alert.attempts >= attempts:
            return alert
        time.sleep(0.05)
    raise AssertionError(f"the alert of {case} did not reach {status} (attempt {attempts}) in {timeout} s: {alert}")


@override_settings(TASKS=DATABASE_BACKEND)
def test_a_real_worker_e_mails_the_alert_and_survives_the_mail_server_going_down():
    load_library()
    policy = ClinicPolicy.current()
    policy.on_call_emails = "\n".join(ON_CALL)
    policy.save()
    smtp = SmtpSink().start()
    env = worker_env(database_url_of(connection.settings_dict), smtp.port, {"ALERT_RETRY_SECONDS": RETRY_EVERY_SECOND})
    try:
        with db_worker(env) as worker:
            # 1. Delivered within seconds, with no personal data.
            created = time.monotonic()
            case = submit(EMERGENCY_ANSWERS)
            ((arrived, raw),) = smtp.wait_for(1, ARRIVAL_TIMEOUT)
            latency = arrived - created
            print(f"\nalert latency (case created -> e-mail received by the SMTP server): {latency * 1000:.0f} ms")
            message = parsed(raw)
            assert case.reference in message["Subject"]
            assert "EMERGENCY" in message["Subject"]
            assert sorted(address.strip() for address in message["To"].split(",")) == sorted(ON_CALL)
            text = raw.decode("utf-8", errors="replace")
            body = message.get_content()
            assert f"https://clinic.example/staff/cases/{case.reference}/" in body
            for personal in (SENTINEL_NAME, "Zebedee", SENTINEL_PHONE, SENTINEL_EMAIL, "saddle", "RF-"):
                assert personal not in text and personal not in body
            assert latency < 60, "the on-call team hears within a minute"
            wait_for_alert(case, status=AlertStatus.SENT)

            # 2. The mail server goes down: the worker keeps running and keeps trying.
            smtp.stop()
            second = submit(URGENT_ANSWERS)
            wait_for_alert(second, status=AlertStatus.RETRYING, attempts=2)
            assert worker.poll() is None, "the worker survived the mail server going away"
            assert len(smtp.messages) == 1

            # 3. The mail server is back: the next attempt delivers.
            smtp.start()
            smtp.wait_for(2, ARRIVAL_TIMEOUT)
            assert second.reference in parsed(smtp.messages[1][1])["Subject"]
            alert = wait_for_alert(second, status=AlertStatus.SENT)
            assert alert.attempts >= 3
            actions = list(
                AuditEvent.objects.filter(case=second).order_by("created_at", "id").values_list("action", flat=True)
            )
            assert actions.count(AuditAction.ALERT_RETRY_SCHEDULED) == alert.attempts - 1
            assert actions[-1] == AuditAction.ALERT_SENT
            assert worker.poll() is None
    finally:
        smtp.stop()
