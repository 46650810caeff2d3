"""The FHIR read API under /fhir/: tokens (missing, unknown, revoked → 401; wrong scope → 403), every read
audited, errors as OperationOutcome, the case Bundle in a constant number of queries, and the
changed-since search paged with next links."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client, override_settings

from intake import services
from intake.fhir.models import ApiToken, TokenScope
from intake.fhir.resources import MEASURES
from intake.models import AuditAction, AuditEvent, Case
from intake.services.api_tokens import api_token_create, api_token_revoke
from tests.fhir_support import schema_errors, with_outcome
from tests.staff_support import approved_case, draft_plan, submit

pytestmark = pytest.mark.django_db

FHIR_JSON = "application/fhir+json"


def bearer(text: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {text}"}


@pytest.fixture
def token_text(clinic_admin) -> str:
    _token, text = api_token_create(name="OpenEMR", scopes=TokenScope.values, created_by=clinic_admin)
    return text


def get(client: Client, path: str, text: str | None = None, **params):
    return client.get(path, params, **(bearer(text) if text else {}))


def issue(response) -> dict:
    assert response["Content-Type"].startswith(FHIR_JSON)
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    assert schema_errors(body) == []
    return body["issue"][0]


def fhir_reads() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditAction.FHIR_READ).order_by("id"))


# --- Tokens -----------------------------------------------------------------------------------------------------


def test_without_a_token_the_bundle_is_refused_with_401(client) -> None:
    case = submit()
    response = get(client, f"/fhir/Bundle/{case.reference}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert issue(response)["code"] == "login"
    assert fhir_reads() == []


def test_an_unknown_token_is_refused_with_401(client, token_text) -> None:
    prefix = token_text.split(".")[0]
    for wrong in (f"{prefix}.not-the-secret", "nodot", "abcdefgh.whatever"):
        assert get(client, "/fhir/Questionnaire/intake", wrong).status_code == 401


def test_a_revoked_token_is_refused_with_401(client, token_text) -> None:
    api_token_revoke(tokens=ApiToken.objects.all())
    response = get(client, "/fhir/Questionnaire/intake", token_text)
    assert response.status_code == 401
    assert "revoked" in issue(response)["diagnostics"]
    assert fhir_reads() == []


def test_a_token_without_the_scope_is_refused_with_403(client, clinic_admin) -> None:
    case = submit()
    _token, text = api_token_create(name="Forms only", scopes=[TokenScope.QUESTIONNAIRE_READ], created_by=clinic_admin)
    response = get(client, f"/fhir/Bundle/{case.reference}", text)
    assert response.status_code == 403
    assert issue(response)["code"] == "forbidden"
    assert get(client, "/fhir/QuestionnaireResponse", text).status_code == 403
    assert get(client, "/fhir/Questionnaire/intake", text).status_code == 200


def test_an_unknown_case_is_404(client, token_text) -> None:
    response = get(client, "/fhir/Bundle/ZZZZ-ZZZZ", token_text)
    assert response.status_code == 404
    assert issue(response)["code"] == "not-found"
    assert get(client, "/fhir/Questionnaire/other", token_text).status_code == 404


def test_the_api_is_read_only(client, token_text) -> None:
    response = client.post("/fhir/Questionnaire/intake", {}, **bearer(token_text))
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert issue(response)["code"] == "not-supported"


def test_a_token_records_when_it_was_last_used(client, token_text) -> None:
    get(client, "/fhir/Questionnaire/intake", token_text)
    assert ApiToken.objects.get().last_used_at is not None


# --- Reads ------------------------------------------------------------------------------------------------------


def test_the_capability_statement_is_public_and_valid(client) -> None:
    response = client.get("/fhir/metadata")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(FHIR_JSON)
    body = response.json()
    assert body["resourceType"] == "CapabilityStatement" and body["fhirVersion"] == "4.0.1"
    # The packaged schema is the one published with R4's first build (4.0.0), whose version list stops
    # there; 4.0.1, the R4 release servers run, changed no resource this API exports.
    assert schema_errors({**body, "fhirVersion": "4.0.0"}) == []


def test_the_questionnaire_is_read_and_audited(client, token_text) -> None:
    response = client.get("/fhir/Questionnaire/intake", HTTP_ACCEPT_LANGUAGE="es", **bearer(token_text))
    assert response.status_code == 200
    assert response.json()["resourceType"] == "Questionnaire"
    assert response.json()["item"][0]["text"] == "About you"  # English, whatever the client's language
    (event,) = fhir_reads()
    assert event.details == {"token": ApiToken.objects.get().pk, "resource": "Questionnaire"}
    assert event.case is None


def test_a_case_bundle_is_read_and_audited_against_the_case(client, token_text) -> None:
    case = submit()
    response = get(client, f"/fhir/Bundle/{case.reference}", token_text)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(FHIR_JSON)
    assert response["Cache-Control"] == "no-store"
    bundle = response.json()
    assert bundle["type"] == "collection"
    assert schema_errors(bundle) == []
    (event,) = fhir_reads()
    assert event.case == case and event.details["resource"] == "Bundle"


# ATOMIC_REQUESTS' savepoint pair; the rate-limit counter's savepoint pair (the test settings' cache is
# in memory; the database cache adds its own statements, as many for every request); the token lookup
# and its last-used time; the case with its patient and answers, the approved plan, its items with
# their exercises, the outcomes with their check-ins, the latest assessment; the audit insert.
BUNDLE_QUERIES = 12


def test_the_bundle_takes_the_same_number_of_queries_however_big_the_case(
    client, token_text, physiotherapist, django_assert_num_queries
) -> None:
    small, _plan = approved_case(physiotherapist)
    with_outcome(small, weeks=2)
    big = submit()
    big_plan = services.plan_approve(plan=draft_plan(big), actor=physiotherapist, expected_version=big.version)
    for weeks in (2, 6, 12, 26):
        with_outcome(big, weeks=weeks)
    get(client, f"/fhir/Bundle/{small.reference}", token_text)  # the rate-limit counter exists from here on

    with django_assert_num_queries(BUNDLE_QUERIES):
        get(client, f"/fhir/Bundle/{small.reference}", token_text)
    with django_assert_num_queries(BUNDLE_QUERIES):
        response = get(client, f"/fhir/Bundle/{big.reference}", token_text)
    assert big_plan.items.count() > 1
    assert len(
        [entry for entry in response.json()["entry"] if entry["resource"]["resourceType"] == "Observation"]
    ) == 4 * len(MEASURES)


# --- The changed-since search ---------------------------------------------------------------------------------


def test_the_search_pages_through_changed_responses_with_next_links(client, token_text) -> None:
    start = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
    cases = []
    for hour in range(5):
        with time_machine.travel(start + dt.timedelta(hours=hour), tick=False):
            cases.append(submit())
    with time_machine.travel(start + dt.timedelta(hours=1), tick=False):
        Case.objects.filter(pk__in=[cases[1].pk, cases[2].pk]).update(updated_at=start + dt.timedelta(hours=1))

    seen = []
    path, params = "/fhir/QuestionnaireResponse", {"_lastUpdated": "gt2026-11-01T09:30:00+00:00", "_count": "2"}
    pages = 0
    while path:
        response = get(client, path, token_text, **params)
        assert response.status_code == 200, response.content
        bundle = response.json()
        assert bundle["type"] == "searchset"
        assert schema_errors(bundle) == []
        seen += [entry["resource"]["identifier"]["value"] for entry in bundle["entry"]]
        following = [link["url"] for link in bundle["link"] if link["relation"] == "next"]
        path, params = (urlsplit(following[0]).path + "?" + urlsplit(following[0]).query, {}) if following else ("", {})
        pages += 1

    assert sorted(seen) == sorted(case.reference for case in cases[1:])
    assert len(seen) == len(set(seen)) == 4
    assert pages == 2
    assert len(fhir_reads()) == 4  # one event per case read


def test_a_time_zone_typed_with_an_unencoded_plus_is_understood(client, token_text) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC), tick=False):
        case = submit()
    response = client.get("/fhir/QuestionnaireResponse?_lastUpdated=gt2026-11-01T12:30:00+01:00", **bearer(token_text))
    assert response.status_code == 200
    assert [entry["resource"]["identifier"]["value"] for entry in response.json()["entry"]] == [case.reference]


@pytest.mark.parametrize("since", ["2026-11-01", "gtyesterday", "gt2026-11-01T09:00:00"])
def test_a_bad_since_is_a_400_saying_what_is_expected(client, token_text, since) -> None:
    response = get(client, "/fhir/QuestionnaireResponse", token_text, _lastUpdated=since)
    assert response.status_code == 400
    assert "_lastUpdated" in issue(response)["diagnostics"]


# --- Rate limit, admin and the command -------------------------------------------------------------------------


@override_settings(FHIR_REQUESTS_PER_MINUTE=2)
def test_the_api_is_rate_limited_per_address(client, token_text) -> None:
    assert get(client, "/fhir/Questionnaire/intake", token_text).status_code == 200
    assert get(client, "/fhir/Questionnaire/intake", "wrong.guess").status_code == 401
    response = get(client, "/fhir/Questionnaire/intake", token_text)
    assert response.status_code == 429
    assert issue(response)["code"] == "throttled"
    assert response["Retry-After"] == "60"


def test_a_clinic_admin_creates_a_token_in_admin_and_sees_it_once(clinic_admin) -> None:
    admin = Client()
    admin.force_login(clinic_admin)
    response = admin.post(
        "/admin/intake/apitoken/add/", {"name": "Cliniko", "scopes": [TokenScope.CASE_READ.value]}, follow=True
    )
    token = ApiToken.objects.get()
    text = response.context["text"]
    assert text in response.content.decode()
    assert token.prefix == text.split(".")[0] and token.matches(text.split(".")[1])
    assert text.split(".")[1] not in token.secret_hash
    assert token.created_by == clinic_admin and token.scopes == [TokenScope.CASE_READ.value]
    page = admin.get(f"/admin/intake/apitoken/{token.pk}/change/").content.decode()
    assert text not in page and "Cliniko" in page

    admin.post("/admin/intake/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert get(Client(), "/fhir/QuestionnaireResponse", text).status_code == 401


def test_the_command_creates_a_token_that_works(clinic_admin, client) -> None:
    out = io.StringIO()
    call_command(
        "create_fhir_token",
        "OpenEMR",
        "--by",
        clinic_admin.username,
        "--scope",
        "questionnaire.read",
        stdout=out,
        stderr=io.StringIO(),
    )
    text = out.getvalue().strip()
    assert get(client, "/fhir/Questionnaire/intake", text).status_code == 200
    assert ApiToken.objects.get().scopes == ["questionnaire.read"]


def test_a_token_without_scopes_is_refused_in_admin_with_the_message_by_the_field(clinic_admin) -> None:
    admin = Client()
    admin.force_login(clinic_admin)
    response = admin.post("/admin/intake/apitoken/add/", {"name": "Cliniko"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["scopes"] == ["This field is required."]
    assert 'value="Cliniko"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_physiotherapist_cannot_manage_tokens(physiotherapist) -> None:
    staff = Client()
    staff.force_login(physiotherapist)
    response = staff.get("/admin/intake/apitoken/add/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
