"""The FHIR read API under /fhir/: the CapabilityStatement, the intake Questionnaire, a case's Bundle and
a search of QuestionnaireResponses changed since a time.

django-ninja, not Django REST framework: the resources are already pydantic models (fhir.resources),
so a pydantic-native framework adds bearer-token parsing, typed query parameters and exception
handlers without a second serialisation layer, settings or renderers; and it never applies session
CSRF to header-authenticated GETs.

Every answer is ``application/fhir+json``; every error an ``OperationOutcome`` with its HTTP status:
401 for a missing, unknown or revoked token (a revoked token is no token at all), 403 for a token
without the scope, 404 for an unknown id, 400 for a bad search parameter, 429 over the rate limit.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import json
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from intake import audit
from intake.fhir.models import ApiToken, TokenScope
from intake.fhir.questionnaire import QUESTIONNAIRE_ID, fhir_base, intake_questionnaire
from intake.fhir.resources import case_bundle, response_resource
from intake.fhir.selectors import case_record, responses_changed_since
from intake.rate_limit import rate_limited
from intake.rules import RULES_VERSION

FHIR_JSON = "application/fhir+json"


def fhir_response(resource, status: int = 200, headers: dict[str, str] | None = None) -> HttpResponse:
    body = resource.model_dump_json() if hasattr(resource, "model_dump_json") else json.dumps(resource)
    response = HttpResponse(body, status=status, content_type=f"{FHIR_JSON}; charset=utf-8")
    # Health data: no proxy or browser keeps a copy.
    response["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def outcome(status: int, code: str, text: str, headers: dict[str, str] | None = None) -> HttpResponse:
    """An OperationOutcome: ``code`` from FHIR's issue-type value set (security, forbidden, not-found...)."""
    resource = OperationOutcome.model_validate(
        {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": code, "diagnostics": text}]}
    )
    return fhir_response(resource, status=status, headers=headers)


class Unauthorised(AuthenticationError):
    pass


class TooManyRequests(HttpError):
    def __init__(self) -> None:
        super().__init__(429, "Too many requests: wait a minute and try again.")


def check_rate(request: HttpRequest) -> None:
    if rate_limited(request, scope="fhir", limit=settings.FHIR_REQUESTS_PER_MINUTE, window_seconds=60):
        raise TooManyRequests


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <prefix>.<secret>``, a token a clinic admin made in Django admin."""

    def __call__(self, request: HttpRequest):
        check_rate(request)  # failed guesses count too
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        prefix, _dot, secret = token.partition(".")
        found = ApiToken.objects.filter(prefix=prefix).first() if prefix and secret else None
        if found is None or not found.matches(secret):
            raise Unauthorised(message="The token is not valid.")
        if not found.is_active:
            raise Unauthorised(message="The token was revoked.")
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        return found


api = NinjaAPI(
    title="Clinic intake FHIR API",
    version="r4",
    urls_namespace="fhir",
    docs_url=None,
    openapi_url=None,
    auth=TokenAuth(),
)


@api.exception_handler(AuthenticationError)
def _unauthorised(request, error):
    message = error.message if isinstance(error, Unauthorised) else "Send a token: Authorization: Bearer <token>."
    return outcome(401, "login", message, {"WWW-Authenticate": 'Bearer realm="fhir"'})


@api.exception_handler(HttpError)
def _http_error(request, error):
    codes = {403: "forbidden", 404: "not-found", 429: "throttled"}
    headers = {"Retry-After": "60"} if error.status_code == 429 else None
    return outcome(error.status_code, codes.get(error.status_code, "invalid"), error.message, headers)


@api.exception_handler(Http404)
def _not_found(request, error):
    return outcome(404, "not-found", str(error) or "Not found.")


@api.exception_handler(ValidationError)
def _bad_parameter(request, error):
    return outcome(400, "invalid", "; ".join(str(item.get("msg", item)) for item in error.errors))


def require(request: HttpRequest, scope: TokenScope) -> ApiToken:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if not token.allows(scope):
        raise HttpError(403, f"The token does not have the {scope.value} scope.")
    return token


# --- The endpoints ------------------------------------------------------------------------------------------


@api.get("metadata", auth=None)
def metadata(request: HttpRequest):
    """What this server offers; public, as FHIR clients read it before they authenticate."""
    check_rate(request)
    return fhir_response(capability_statement())


@api.get("Questionnaire/{questionnaire_id}")
def read_questionnaire(request: HttpRequest, questionnaire_id: str):
    token = require(request, TokenScope.QUESTIONNAIRE_READ)
    if questionnaire_id != QUESTIONNAIRE_ID:
        raise Http404(f"No Questionnaire {questionnaire_id}: this server has one, “{QUESTIONNAIRE_ID}”.")
    audit.fhir_read(token_id=token.pk, resource="Questionnaire")
    return fhir_response(intake_questionnaire(rules_version=RULES_VERSION))


@api.get("Bundle/{reference}")
def read_case_bundle(request: HttpRequest, reference: str):
    """All of one case, by the reference the patient was given (e.g. K7QM-3XDA)."""
    token = require(request, TokenScope.CASE_READ)
    record = case_record(reference=reference)
    if record is None:
        raise Http404(f"No case {reference}.")
    audit.fhir_read(token_id=token.pk, resource="Bundle", case_ids=[record.case.pk])
    return fhir_response(case_bundle(record, now=timezone.now()))


@api.get("QuestionnaireResponse")
def search_responses(request: HttpRequest):
    """Cases' answers changed after a time, oldest change first, a page at a time (keyset: the next
    link carries the last change time and reference seen, so a page never skips or repeats a case).

    The parameters are read from the query string as FHIR names them (``_lastUpdated``, ``_count``,
    ``_cursor``): names with a leading underscore cannot be pydantic fields."""
    token = require(request, TokenScope.CASE_READ)
    since_text = request.GET.get("_lastUpdated", "")
    since = parse_since(since_text)
    count = min(parse_count(request.GET.get("_count", "")), settings.FHIR_PAGE_SIZE_MAX)
    after = parse_cursor(request.GET.get("_cursor", ""))
    cases, more = responses_changed_since(since=since, after=after, count=count)
    audit.fhir_read(token_id=token.pk, resource="QuestionnaireResponse", case_ids=[case.pk for case in cases])
    return fhir_response(searchset(cases, more=more, since_text=since_text, count=count))


def parse_count(text: str) -> int:
    if not text:
        return settings.FHIR_PAGE_SIZE
    if not text.isdigit() or int(text) < 1:
        raise HttpError(400, "_count takes a whole number from 1.")
    return int(text)


def parse_since(text: str) -> dt.datetime | None:
    if not text:
        return None
    if not text.startswith("gt"):
        raise HttpError(400, "_lastUpdated takes gt<instant>, e.g. gt2026-11-01T00:00:00Z.")
    try:
        # An unencoded "+01:00" arrives as " 01:00" (a plus in a query string is a space).
        moment = dt.datetime.fromisoformat(text[2:].replace(" ", "+"))
    except ValueError:
        raise HttpError(400, f"_lastUpdated: {text[2:]!r} is not a date and time.") from None
    if timezone.is_naive(moment):
        raise HttpError(400, "_lastUpdated needs a time zone, e.g. 2026-11-01T00:00:00Z.")
    return moment


def cursor_for(moment: dt.datetime, reference: str) -> str:
    return base64.urlsafe_b64encode(f"{moment.isoformat()}|{reference}".encode()).decode().rstrip("=")


def parse_cursor(text: str) -> tuple[dt.datetime, str] | None:
    if not text:
        return None
    try:
        moment, reference = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode().split("|")
        return dt.datetime.fromisoformat(moment), reference
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise HttpError(400, "_cursor is not one this server gave: follow the next link as it is.") from None


def searchset(cases, *, more: bool, since_text: str, count: int) -> dict[str, object]:
    query = {"_count": count, **({"_lastUpdated": since_text} if since_text else {})}
    links = [{"relation": "self", "url": f"{fhir_base()}/QuestionnaireResponse?{urlencode(query)}"}]
    if more:
        last = cases[-1]
        following = {**query, "_cursor": cursor_for(last.updated_at, last.reference)}
        links.append({"relation": "next", "url": f"{fhir_base()}/QuestionnaireResponse?{urlencode(following)}"})
    entries = []
    for case in cases:
        resource = response_resource(case)
        entries.append(
            {
                "fullUrl": f"{fhir_base()}/QuestionnaireResponse/{resource.id}",
                "resource": resource.model_dump(mode="json"),
                "search": {"mode": "match"},
            }
        )
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "searchset",
            "timestamp": timezone.now().isoformat(),
            "link": links,
            "entry": entries,
        }
    ).model_dump(mode="json")


def capability_statement() -> CapabilityStatement:
    read = [{"code": "read"}]
    return CapabilityStatement.model_validate(
        {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": timezone.localdate().isoformat(),
            "kind": "instance",
            "implementation": {"description": "Clinic intake: heel and back-of-thigh pain", "url": fhir_base()},
            "fhirVersion": "4.0.1",
            "format": [FHIR_JSON],
            "rest": [
                {
                    "mode": "server",
                    "security": {
                        "description": "Bearer tokens made by a clinic admin in Django admin, each with scopes "
                        + ", ".join(TokenScope.values)
                        + ". Read only; every read is audited."
                    },
                    "resource": [
                        {"type": "Questionnaire", "interaction": read},
                        {"type": "Bundle", "interaction": read},
                        {
                            "type": "QuestionnaireResponse",
                            "interaction": [{"code": "search-type"}],
                            "searchParam": [{"name": "_lastUpdated", "type": "date"}],
                        },
                    ],
                }
            ],
        }
    )


# --- URLs ----------------------------------------------------------------------------------------------------


def _read_only(view):
    """ninja answers another method with a bare 405 of its own: here it is an OperationOutcome too."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405:
            return outcome(405, "not-supported", "This API is read only: use GET.", {"Allow": response["Allow"]})
        return response

    return wrapped


def urls():
    """The API's URL patterns for clinic/urls.py, every view answering errors as OperationOutcome."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _read_only(pattern.callback)
    return patterns, app_name, namespace
