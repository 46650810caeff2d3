"""Every middleware of the app: request ids in logs (never patient data), the Permissions-Policy
header, English on staff pages, an idle timeout for staff, and the pending second sign-in step."""

from __future__ import annotations

import logging
import re
import time
import uuid
from datetime import UTC, datetime
from urllib.parse import unquote_plus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.functional import empty

from clinic.errors import bad_request
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


_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def safe_request_id(header: str) -> str:
    """The proxy's request id when it looks like one (nginx sends 32 hex digits), else a new one: a
    crafted header can neither forge a log line nor break the response header it is echoed in."""
    return header if _REQUEST_ID.fullmatch(header) else uuid.uuid4().hex


def loggable_user(request: HttpRequest) -> str:
    """The signed-in staff member's id ("-" for a patient): an id, never a name, so the log can be
    matched with the audit trail without holding anyone's name. No query is made for it: the user
    is read only when the request already loaded it or its session names one."""
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "_wrapped", None) is not empty:
        return str(user.pk) if user.is_authenticated else "-"
    session = getattr(request, "session", None)
    return str(session.get(SESSION_KEY, "-")) if session is not None and session.session_key else "-"


class RequestLogMiddleware:
    """One log line per request: request id, method, path, status, the staff member's id and duration.

    Only the path is logged, never the query string, form data or any name: patient-facing URLs
    carry opaque tokens only, so the path holds no personal data.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = safe_request_id(request.headers.get("X-Request-ID", ""))
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        request_logger.info(
            "request_id=%s method=%s path=%s status=%s user=%s duration_ms=%.1f",
            request.request_id,
            request.META.get("REQUEST_METHOD", request.method),
            loggable_path(request),
            response.status_code,
            loggable_user(request),
            (time.perf_counter() - started) * 1000,
        )
        return response


class RejectNulBytesMiddleware:
    """A NUL byte anywhere in the path or query string is a bad request: nothing legitimate sends one,
    and PostgreSQL refuses it in a query (a 500 on the anonymous /plan/%00/ before this)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in request.path_info or "\x00" in unquote_plus(query):
            return bad_request(request, None)
        return self.get_response(request)


class HeadAsGetMiddleware:
    """HEAD answers like GET wherever GET is allowed (a monitoring probe, a link checker).

    The views' method decorators allow GET (and POST) only; the view is run as a GET, and the body
    dropped (the headers, Content-Length included, are the GET's).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "_head_as_get", False):
            if response.streaming:
                response.streaming_content = []
            else:
                response.headers["Content-Length"] = str(len(response.content))
                response.content = b""
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "HEAD":
            request.method = "GET"
            request._head_as_get = True
        return None


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
    """Sign staff out after STAFF_IDLE_MINUTES without a request (a shared clinic computer), and
    STAFF_SESSION_HOURS after they signed in, however active (a stolen session cookie dies with the
    shift; so does the session row and cookie, whose expiry is set to the same moment)."""

    SESSION_KEY = "staff_last_seen"
    SIGNED_IN_KEY = "staff_signed_in_at"
    # Recording every request would write the session on every staff page; once a minute is
    # precise enough for a timeout counted in tens of minutes.
    RECORD_EVERY_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            signed_in_at = session.get(self.SIGNED_IN_KEY)
            if signed_in_at is None:
                # The first request of this sign-in (the sign-in page's own request was anonymous).
                signed_in_at = session[self.SIGNED_IN_KEY] = now
                lifetime_ends = signed_in_at + settings.STAFF_SESSION_HOURS * 3600
                session.set_expiry(datetime.fromtimestamp(lifetime_ends, tz=UTC))
            if now - signed_in_at > settings.STAFF_SESSION_HOURS * 3600:
                return self._sign_out(
                    request,
                    f"You signed in more than {settings.STAFF_SESSION_HOURS} hours ago. Please sign in again.",
                )
            last_seen = session.get(self.SESSION_KEY, now)
            if now - last_seen > settings.STAFF_IDLE_MINUTES * 60:
                return self._sign_out(
                    request, "You were signed out after a period without activity. Please sign in again."
                )
            if self.SESSION_KEY not in session or now - last_seen >= self.RECORD_EVERY_SECONDS:
                session[self.SESSION_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _sign_out(request: HttpRequest, message: str) -> HttpResponse:
        logout(request)
        messages.info(request, message)
        return redirect_to_login(request.get_full_path())


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
