"""Under load and faults, on PostgreSQL with real gunicorn servers: no case lost or doubled, and a
database outage answers 503 and recovers without a restart, keeping the answers given so far."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus

import pytest
from django.db import connection

from intake.models import Case
from intake.patient.flow import STEPS
from tests.intake_support import PF_COMPENSATION_ANSWERS, applicable_slugs, step_data
from tests.servers import Browserless, TcpRelay, gunicorn_server

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"),
]

PATIENTS = 500
# Every submission comes from 127.0.0.1 here; the per-address limit is for the real world.
SERVER_ENV = {"INTAKE_SUBMISSIONS_PER_HOUR": "100000"}


def database_url(host: str | None = None, port: int | None = None) -> str:
    settings = connection.settings_dict
    host = host or settings["HOST"] or "127.0.0.1"
    port = port or settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"


def answer_every_step(patient: Browserless, answers: dict) -> None:
    status, _, _ = patient.request("/questions/about/")
    assert status == HTTPStatus.OK
    for slug in applicable_slugs(answers):
        status, body, location = patient.request(f"/questions/{slug}/", step_data(slug, answers))
        assert status == HTTPStatus.FOUND, (slug, status, body[:500])
    status, _, _ = patient.request("/check-your-answers/")
    assert status == HTTPStatus.OK


def test_500_concurrent_submissions_make_exactly_500_cases():
    with (
        gunicorn_server(database_url(), extra_env=SERVER_ENV) as first,
        gunicorn_server(database_url(), extra_env=SERVER_ENV) as second,
    ):
        patients = [Browserless(first if number % 2 else second) for number in range(PATIENTS)]
        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(lambda patient: answer_every_step(patient, PF_COMPENSATION_ANSWERS), patients))
        assert Case.objects.count() == 0

        def submit(patient):
            return patient.request("/check-your-answers/", {})

        with ThreadPoolExecutor(max_workers=64) as pool:
            results = list(pool.map(submit, patients))
    assert [status for status, _, _ in results] == [HTTPStatus.FOUND] * PATIENTS
    assert Case.objects.count() == PATIENTS
    assert Case.objects.values("reference").distinct().count() == PATIENTS
    assert Case.objects.filter(assessments__isnull=True).count() == 0


def test_the_same_final_submission_sent_twice_at_once_makes_one_case():
    with (
        gunicorn_server(database_url(), extra_env=SERVER_ENV) as first,
        gunicorn_server(database_url(), extra_env=SERVER_ENV) as second,
    ):
        for _ in range(5):
            patient = Browserless(first)
            answer_every_step(patient, PF_COMPENSATION_ANSWERS)
            before = Case.objects.count()
            with ThreadPoolExecutor(max_workers=2) as pool:
                results = list(pool.map(patient.submit_to, [first, second]))
            assert [status for status, _, _ in results] == [HTTPStatus.FOUND, HTTPStatus.FOUND]
            assert Case.objects.count() == before + 1


def test_a_database_outage_mid_intake_answers_503_and_recovers_keeping_the_answers():
    settings = connection.settings_dict
    relay = TcpRelay(settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432))
    try:
        with gunicorn_server(database_url("127.0.0.1", relay.port), workers=1, extra_env=SERVER_ENV) as server:
            patient = Browserless(server)
            patient.request("/questions/about/")
            slugs = applicable_slugs(PF_COMPENSATION_ANSWERS)
            for slug in slugs[:2]:
                answered = patient.request(f"/questions/{slug}/", step_data(slug, PF_COMPENSATION_ANSWERS))[0]
                assert answered == HTTPStatus.FOUND

            relay.cut()
            status, body, _ = patient.request(f"/questions/{slugs[2]}/", step_data(slugs[2], PF_COMPENSATION_ANSWERS))
            assert status == HTTPStatus.SERVICE_UNAVAILABLE
            assert "answers you have already given are kept" in body
            assert "Traceback" not in body

            relay.restore()
            # Same server process, no restart: the earlier steps are still answered.
            status, body, _ = patient.request(f"/questions/{slugs[0]}/")
            assert status == HTTPStatus.OK
            assert 'value="47"' in body
            for slug in slugs[2:]:
                answered = patient.request(f"/questions/{slug}/", step_data(slug, PF_COMPENSATION_ANSWERS))[0]
                assert answered == HTTPStatus.FOUND
            assert patient.request("/check-your-answers/", {})[0] == HTTPStatus.FOUND
    finally:
        relay.close()
    case = Case.objects.get()
    assert case.answers.age == 47 and case.answers.heel_pain is True
    assert len(STEPS) >= 6
