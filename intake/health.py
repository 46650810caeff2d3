"""The health check a load balancer polls: no session, no template, two small queries and one cache read."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - whatever the driver raises when the server is gone
        logger.error("healthz: the database is unavailable (%s)", type(error).__name__)
        return False
    return True


def _cache_answers() -> bool:
    try:
        cache.get("healthz-probe")
    except Exception as error:  # noqa: BLE001 - whatever the backend raises when it is down
        logger.warning("healthz: the cache is unavailable (%s)", type(error).__name__)
        return False
    return True


def _worker_lag_seconds() -> int | None:
    """How long the oldest task that is due has waited for the worker (0 when none is waiting), or None
    when the tasks do not run through the database (tests, or another backend).

    The worker keeps no heartbeat of its own; a due task nobody has picked up is the sign that it is
    down, and alerts to the clinic are waiting with it.
    """
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return None
    oldest = DBTaskResult.objects.ready().order_by("run_after", "enqueued_at").values_list("run_after", "enqueued_at")
    first = oldest.first()
    if first is None:
        return 0
    run_after, enqueued_at = first
    due = enqueued_at if run_after == get_date_max() else max(run_after, enqueued_at)
    return max(0, int((timezone.now() - due).total_seconds()))


@never_cache
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    """The database and the cache, each "ok" or "unavailable", and the task worker: "ok", or "late" when a
    due task has waited longer than ``HEALTHZ_WORKER_LAG_SECONDS`` (alerts are not going out).

    Without the database nothing works: 503, and the load balancer takes this server out. Without the
    cache the app still takes questionnaires (the rate limits fail open), so a cache outage is
    "degraded" with 200: taking every server out over a Redis outage would stop intake, the very
    thing to avoid. Autocommit (no request transaction): each check stands alone.
    """
    database = _database_answers()
    cache_ok = _cache_answers()
    checks: dict[str, object] = {
        "database": "ok" if database else "unavailable",
        "cache": "ok" if cache_ok else "unavailable",
    }
    if not database:
        return JsonResponse({"status": "unavailable", **checks}, status=503)
    lag = _worker_lag_seconds()
    worker_late = lag is not None and lag > settings.HEALTHZ_WORKER_LAG_SECONDS
    if lag is not None:
        checks |= {"worker": "late" if worker_late else "ok", "worker_lag_seconds": lag}
    if worker_late:
        logger.warning("healthz: the oldest due task has waited %d s for the worker", lag)
    # A late worker delays alerts but the app still takes questionnaires: degraded, not out.
    return JsonResponse({"status": "ok" if cache_ok and not worker_late else "degraded", **checks})
