"""Counting requests per client address: the rule for "which address is this", shared by the patient
pages' rate limits (intake/patient/rate_limit.py) and the staff sign-in lockout (django-axes,
AXES_CLIENT_IP_CALLABLE), and a fixed-window counter in Django's cache."""

from __future__ import annotations

import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def _valid_address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address a limit or a lockout counts against.

    Directly exposed, REMOTE_ADDR. Behind the deployment's reverse proxy (BEHIND_TLS_PROXY), every
    request comes from the proxy, so the last X-Forwarded-For entry counts: the proxy appended it
    and a client cannot forge it (earlier entries can be). Anything that is not an IP address is
    ignored, so a crafted header can neither pick someone else's counter nor reach the database.
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = _valid_address(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1])
        if forwarded:
            return forwarded
    return _valid_address(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"


def rate_limited(request: HttpRequest, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for this address; True once more than `limit` were made in the window.

    A fixed window in Django's cache: the first attempt creates the counter with the window as its
    lifetime, later ones increment it. The cache is shared by every process (the database, or
    Redis with CACHE_URL), so the limit holds across gunicorn workers and app servers. When the
    cache cannot be reached the request is let through and a warning logged (failing open).
    """
    key = f"intake-rate:{scope}:{client_address(request)}"
    try:
        # A savepoint: with the database cache, a failed cache query must not abort the request's
        # own transaction (ATOMIC_REQUESTS).
        with transaction.atomic():
            if cache.add(key, 1, timeout=window_seconds):
                return limit < 1
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.set(key, 1, timeout=window_seconds)
                count = 1
    except Exception as error:  # noqa: BLE001 - any cache failure (Redis down, a database error)
        # Failing open: a cache outage must never stop a patient sending a questionnaire. The
        # request goes through uncounted, and the operator learns of it from the log and /healthz.
        logger.warning("rate limit %s not counted: the cache is unavailable (%s)", scope, type(error).__name__)
        return False
    return count > limit
