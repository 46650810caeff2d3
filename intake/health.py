"""The health check a load balancer polls: no session, no template, one query and one cache read."""

import logging

from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

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


@never_cache
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    """The database and the cache, each "ok" or "unavailable".

    Without the database nothing works: 503, and the load balancer takes this server out. Without the
    cache the app still takes questionnaires (the rate limits fail open), so a cache outage is
    "degraded" with 200: taking every server out over a Redis outage would stop intake, the very
    thing to avoid. Autocommit (no request transaction): each check stands alone.
    """
    database = _database_answers()
    cache_ok = _cache_answers()
    checks = {"database": "ok" if database else "unavailable", "cache": "ok" if cache_ok else "unavailable"}
    if not database:
        return JsonResponse({"status": "unavailable", **checks}, status=503)
    return JsonResponse({"status": "ok" if cache_ok else "degraded", **checks})
