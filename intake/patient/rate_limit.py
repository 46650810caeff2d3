"""Rate limits on the anonymous patient pages: a fixed window per client address in Django's cache."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address a limit counts against.

    Directly exposed, REMOTE_ADDR. Behind the deployment's reverse proxy (BEHIND_TLS_PROXY), every
    request comes from the proxy, so the last X-Forwarded-For entry counts: the proxy appended it
    and a client cannot forge it (earlier entries can be).
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded[:64]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limited(request: HttpRequest, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for this address; True once more than `limit` were made in the window.

    A fixed window in Django's cache: the first attempt creates the counter with the window as its
    lifetime, later ones increment it. With several server processes the cache must be shared
    (CACHES in settings) for the limit to be exact.
    """
    key = f"intake-rate:{scope}:{client_address(request)}"
    if cache.add(key, 1, timeout=window_seconds):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count > limit


def submission_rate_limited(request: HttpRequest) -> bool:
    return rate_limited(
        request,
        scope="submit",
        limit=settings.INTAKE_SUBMISSIONS_PER_HOUR,
        window_seconds=3600,
    )


def resume_rate_limited(request: HttpRequest) -> bool:
    return rate_limited(
        request,
        scope="resume",
        limit=settings.INTAKE_RESUME_ATTEMPTS_PER_HOUR,
        window_seconds=3600,
    )
