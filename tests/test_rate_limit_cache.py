"""Rate limits count in a cache shared by every process (the database by default, Redis with
CACHE_URL); a cache that is down never stops intake (the limits fail open, with a warning), and
/healthz reports the database and the cache."""

import logging
from datetime import timedelta
from http import HTTPStatus
from unittest import mock

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import clinic.settings as deployment_settings
from intake import rate_limit
from intake.models import Case
from tests.intake_support import PF_COMPENSATION_ANSWERS, fill_in, submit

pytestmark = pytest.mark.django_db

DATABASE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "clinic_cache"}}
# Nothing listens on port 1: every command fails at once, as during a Redis outage.
REDIS_DOWN = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


def test_without_cache_url_the_counters_live_in_the_database():
    assert deployment_settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_two_worker_processes_share_one_count(settings, rf):
    settings.CACHES = DATABASE_CACHE
    call_command("createcachetable", verbosity=0)
    # Two gunicorn workers: each has its own cache object, and the counters are in the database.
    workers = [DatabaseCache("clinic_cache", {}), DatabaseCache("clinic_cache", {})]
    request = rf.post("/check-your-answers/", REMOTE_ADDR="198.51.100.9")
    limited = []
    for attempt in range(4):
        with mock.patch.object(rate_limit, "cache", workers[attempt % 2]):
            limited.append(rate_limit.rate_limited(request, scope="submit", limit=2, window_seconds=3600))
    assert limited == [False, False, True, True]


def test_a_redis_outage_does_not_stop_intake(settings, caplog):
    settings.CACHES = REDIS_DOWN
    client = Client()
    fill_in(client, PF_COMPENSATION_ANSWERS)
    with caplog.at_level(logging.WARNING, logger="intake.rate_limit"):
        response = submit(client)
        resume = client.post(reverse("intake:resume"), {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == reverse("intake:done")
    assert Case.objects.count() == 1
    assert resume.status_code == HTTPStatus.OK and "could not find that code" in resume.content.decode()
    assert "rate limit submit not counted: the cache is unavailable" in caplog.text


def test_a_missing_cache_table_does_not_break_the_submission(settings):
    settings.CACHES = {"default": {**DATABASE_CACHE["default"], "LOCATION": "no_such_cache_table"}}
    client = Client()
    fill_in(client, PF_COMPENSATION_ANSWERS)
    assert submit(client).status_code == HTTPStatus.FOUND
    assert Case.objects.count() == 1


def test_healthz_reports_the_database_and_the_cache(client):
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_reports_a_cache_outage_without_taking_the_server_out(client, settings):
    settings.CACHES = REDIS_DOWN
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_healthz_reports_a_database_outage_as_503(client):
    with mock.patch("intake.health.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["database"] == "unavailable"


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_healthz_reports_the_worker_ok_when_no_task_waits(client, settings):
    settings.TASKS = DATABASE_TASKS
    body = client.get("/healthz").json()
    assert body["worker"] == "ok" and body["worker_lag_seconds"] == 0 and body["status"] == "ok"


def test_healthz_says_degraded_when_a_due_task_has_waited_too_long_for_the_worker(client, settings):
    from django_tasks_db.models import DBTaskResult, get_date_max

    settings.TASKS = DATABASE_TASKS
    settings.HEALTHZ_WORKER_LAG_SECONDS = 60
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="intake.tasks.alert_send",
        backend_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - timedelta(minutes=5))
    response = client.get("/healthz")
    body = response.json()
    # Alerts are waiting, but the app still takes questionnaires: 200, not out of the load balancer.
    assert response.status_code == HTTPStatus.OK
    assert body["status"] == "degraded" and body["worker"] == "late" and body["worker_lag_seconds"] >= 290
