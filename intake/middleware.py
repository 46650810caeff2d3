"""Every middleware of the app: request ids in logs (never patient data), the Permissions-Policy
header, English on staff pages, an idle timeout for staff, and the pending second sign-in step."""

from __future__ import annotations

import logging
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation

from intake.staff.two_factor import OPEN_WHILE_PENDING, PENDING, VERIFY

request_logger = logging.getLogger("clinic.request")


# URL parts that are secrets in themselves (a patient's private handout link): logged as a placeholder.
SECRET_URL_KWARGS = ("token",)


def loggable_path(request: HttpRequest) -> str:
    """The path, with any secret token in it replaced, so a log reader cannot open a patient's plan."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name in SECRET_URL_KWARGS:
            value = match.kwargs.get(name)
            if value:
                path = path.replace(str(value), f"<{name}>")
    return path


class RequestLogMiddleware:
    """One log line per request: request id, method, path, status and duration.

    Only the path is logged, never the query string, form data or any name: patient-facing URLs
    carry opaque tokens only, so the path holds no personal data.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        request_logger.info(
            "request_id=%s method=%s path=%s status=%s duration_ms=%.1f",
            request.request_id,
            request.method,
            loggable_path(request),
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response


class PermissionsPolicyMiddleware:
    """The browser features this app never uses are switched off for every page."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.POLICY)
        return response


class StaffIdleTimeoutMiddleware:
    """Sign staff out after STAFF_IDLE_MINUTES without a request (a shared clinic computer)."""

    SESSION_KEY = "staff_last_seen"
    # Recording every request would write the session on every staff page; once a minute is
    # precise enough for a timeout counted in tens of minutes.
    RECORD_EVERY_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(self.SESSION_KEY, now)
            if now - last_seen > settings.STAFF_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, "You were signed out after a period without activity. Please sign in again.")
                return redirect_to_login(request.get_full_path())
            if self.SESSION_KEY not in request.session or now - last_seen >= self.RECORD_EVERY_SECONDS:
                request.session[self.SESSION_KEY] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """While the second sign-in step is pending, every page but that step sends the user back to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        pending = request.session.get(PENDING)
        if pending and request.user.is_authenticated and request.resolver_match.url_name not in OPEN_WHILE_PENDING:
            return redirect("two_factor_verify" if pending == VERIFY else "two_factor_set_up")
        return None


# Where staff work: their pages and Django admin.
STAFF_PATH_PREFIXES = ("/staff/", "/admin/")


class StaffLanguageMiddleware:
    """Staff pages and Django admin in English (LANGUAGE_CODE), whatever the browser or the language
    cookie asks.

    Only the patient pages are translated. On a staff page, Django's own translations (form errors,
    month names, admin) would otherwise follow a Spanish browser, or the language a patient chose on
    a shared reception computer, and mix two languages on one page. The patient's answers are shown
    to staff in English, with the patient's language named on the case page. Placed right after
    LocaleMiddleware, which has activated the patient's language for the request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(STAFF_PATH_PREFIXES):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
