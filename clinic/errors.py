"""Error pages. None of them touches the database, so they still render during an outage.

A database that cannot be reached is a 503 ("try again shortly"), not a 500: the handler looks at
the exception being handled. Outside DEBUG no stack trace is ever shown.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger("clinic.errors")


def _page(template: str, status: int) -> HttpResponse:
    body = render_to_string(
        template, {"clinic_name": settings.CLINIC_NAME, "emergency_number": settings.EMERGENCY_NUMBER}
    )
    return HttpResponse(body, status=status)


def database_unavailable(request=None) -> HttpResponse:
    response = _page("503.html", 503)
    response["Retry-After"] = "30"
    return response


def server_error(request) -> HttpResponse:
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        logger.error(
            "request_id=%s database unavailable (%s)", getattr(request, "request_id", "-"), type(error).__name__
        )
        return database_unavailable(request)
    return _page("500.html", 500)


def bad_request(request, exception) -> HttpResponse:
    return _page("400.html", 400)


def csrf_failure(request, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the clinic's page instead of Django's, saying what to do (the reason stays
    in the log, never on the page)."""
    logger.warning("request_id=%s CSRF check failed", getattr(request, "request_id", "-"))
    return _page("403_csrf.html", 403)


def admin_sign_in(request) -> HttpResponse:
    """Where Django admin sends anyone it will not let in.

    Signed out: the staff sign-in page (with its second step), then back to admin. Signed in but not
    a clinic admin (a physiotherapist): a 403 saying so. Sending them to sign in again would loop, as
    the sign-in page sends a signed-in user straight back to admin.
    """
    if request.user.is_authenticated:
        return _page("403_admin.html", 403)
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("login") + (f"?{query}" if query else ""))
