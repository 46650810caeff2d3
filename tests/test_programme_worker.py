"""The patient's e-mails for real (issue 16): a `manage.py db_worker` process (django-tasks-db) sends the
"your plan is ready" e-mail on approval and, when it falls due, a follow-up check-in's e-mail, through a
real SMTP server on loopback (aiosmtpd). Each arrives in the patient's language with the private link,
and with no name, no answer and no health detail.

Like tests/test_alerts_worker.py: PostgreSQL, or SQLite's test database in a file; every wait is bounded.
"""

from __future__ import annotations

import email
import email.policy

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from intake import services
from intake.models import CheckIn
from tests.alerts_support import SENTINEL_EMAIL, SENTINEL_NAME, SENTINEL_PHONE
from tests.factories import PF_COMPENSATION_ANSWERS, PhysiotherapistFactory
from tests.servers import SmtpSink, database_url_of, db_worker, worker_env
from tests.staff_support import draft_plan, load_library
from tests.test_alerts_worker import ARRIVAL_TIMEOUT, DATABASE_BACKEND, database_in_memory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(database_in_memory(), reason="the worker is another process: it needs a shared database"),
]

# What must never be in a patient's e-mail: who they are, what they answered, what the plan treats.
HEALTH_WORDS = ("fascia", "fascii", "plantar", "tendin", "hamstring", "isquio", "talón", "heel", "muslo", "dolor")


def parsed(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)


def assert_private(raw: bytes, plan_items: list[str]) -> str:
    """The body, after checking the e-mail carries nothing personal or clinical."""
    message = parsed(raw)
    body = message.get_content()
    # The clinic's own name may name body parts ("Heel & Thigh ..."): it is not about the patient.
    text = (message["Subject"] + "\n" + body).replace(settings.CLINIC_NAME, "").lower()
    for personal in (SENTINEL_NAME, "Zebedee", SENTINEL_PHONE, *plan_items):
        assert personal.lower() not in text, personal
    for word in HEALTH_WORDS:
        assert word not in text, word
    assert "Este enlace es privado" in body
    return body


def make_due(check_in: CheckIn) -> None:
    """Time passes: the check-in's e-mail task, queued for its due time, is due now."""
    (task,) = [
        row
        for row in DBTaskResult.objects.filter(task_path__endswith="check_in_send")
        if row.args_kwargs["args"] == [check_in.pk]
    ]
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now())


@override_settings(TASKS=DATABASE_BACKEND)
def test_a_real_worker_e_mails_the_plan_and_a_due_check_in_with_the_private_link_only():
    load_library()
    case = services.case_submit(
        answers=PF_COMPENSATION_ANSWERS,
        name=SENTINEL_NAME,
        phone=SENTINEL_PHONE,
        email=SENTINEL_EMAIL,
        consent_given=True,
        language="es",
    )
    physio = PhysiotherapistFactory()
    smtp = SmtpSink().start()
    env = worker_env(database_url_of(connection.settings_dict), smtp.port)
    try:
        with db_worker(env) as worker:
            # 1. Approval commits: the plan's e-mail goes out, and the check-ins wait for their due time.
            plan = services.plan_approve(plan=draft_plan(case), actor=physio, expected_version=case.version)
            ((_arrived, raw),) = smtp.wait_for(1, ARRIVAL_TIMEOUT)
            message = parsed(raw)
            assert message["To"] == SENTINEL_EMAIL
            assert message["Subject"].strip().startswith("Su plan de ")
            items = list(plan.items.values_list("name", flat=True))
            body = assert_private(raw, items)
            assert "https://clinic.example" + reverse("patient_plan", args=[plan.patient_link_token]) in body

            # 2. Two weeks on: the first check-in's e-mail, and only that one.
            check_in = CheckIn.objects.get(case=case, weeks=2)
            assert check_in.emailed_at is None
            make_due(check_in)
            smtp.wait_for(2, ARRIVAL_TIMEOUT)
            raw = smtp.messages[1][1]
            assert parsed(raw)["Subject"].strip().endswith("¿cómo le va?")
            body = assert_private(raw, items)
            assert "https://clinic.example" + reverse("patient_check_in", args=[check_in.token]) in body
            assert worker.poll() is None
        check_in.refresh_from_db()
        assert check_in.emailed_at is not None
        assert len(smtp.messages) == 2, "the 6- and 12-week check-ins wait for their own time"
        assert not CheckIn.objects.filter(case=case, weeks__gt=2, emailed_at__isnull=False).exists()
    finally:
        smtp.stop()
