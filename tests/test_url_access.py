"""Who may reach which URL, generated from the URL configuration: no page is public by accident.

Every URL pattern is classified once, here, and every staff URL has a row in LADDER; a URL added
to the URL configuration without either fails the test until someone decides who may open it.
Then one table walks each staff URL's permission ladder: anonymous -> sign in, no role -> 403,
physiotherapist -> the page, clinic admin -> the page. The anonymous and no-role rungs are also
climbed with both methods on a reference that does not exist, so access is decided before the case
is looked up.
"""

from __future__ import annotations

import uuid
from http import HTTPStatus

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from intake import services
from intake.models import WhatIfRun
from tests.factories import PF_COMPENSATION_ANSWERS, ClinicalLeadFactory, PhysiotherapistFactory
from tests.staff_support import EMERGENCY_ANSWERS, case_url, load_library, plan_post_data, submit

pytestmark = pytest.mark.django_db

# Pages a patient (anonymous) may open: the questionnaire, the handout link, static health check.
PUBLIC_NAMESPACES = {"intake"}
PUBLIC_NAMES = {
    "healthz",
    "login",
    "patient_plan",
    "patient_plan_pdf",
    "patient_check_in",
    "exercise_picture",
    "admin_sign_in",
}
# Signed-in pages every authenticated user needs (second sign-in step, sign out), role or not.
SIGNED_IN_NAMES = {
    "two_factor_verify",
    "two_factor_set_up",
    "two_factor_recovery_codes",
    "password_change",
    "password_change_done",
    "logout",
}
STAFF_NAMESPACES = {"staff"}
# Django admin guards itself (is_staff + model permissions); tested in test_admin.
ADMIN_NAMESPACES = {"admin"}
# The FHIR read API: a bearer token with a scope, never a session (tests/test_fhir_api.py); its
# CapabilityStatement is public, as FHIR clients read it first, and its root is a 404.
TOKEN_NAMESPACES = {"fhir"}
TOKEN_PUBLIC_NAMES = {"metadata", "api-root"}


def _version(case):
    case.refresh_from_db()
    return case.version


def _approve(client, case):
    client.post(case_url(case, "staff:case_plan"), plan_post_data(case, "approve"))


# staff URL name -> (method, which case, POST data builder or None, text the physiotherapist then sees)
LADDER = {
    "queue": ("get", None, None, "Case queue"),
    "queue_export": ("get", None, None, "reference,age,side"),
    "about": ("get", None, None, "About these suggestions"),
    "case": ("get", "routine", None, "Why the app suggests this"),
    "case_acknowledge": (
        "post",
        "flagged",
        lambda case: {"version": _version(case), "rule_id": "RF-CES-SADDLE", "note": "Phoned, sent to A&E"},
        "Red flag RF-CES-SADDLE acknowledged.",
    ),
    "case_assign": ("post", "routine", lambda case: {"version": _version(case)}, "The case is assigned to you."),
    "case_plan": ("post", "routine", lambda case: plan_post_data(case, "save"), "Plan saved."),
    "case_override": (
        "post",
        "routine",
        lambda case: {
            "version": _version(case),
            "pathway": "sciatica",
            "reason": "examination_findings",
            "comment": "Positive slump test",
        },
        "Pathway changed.",
    ),
    "case_refer": (
        "post",
        "routine",
        lambda case: {"version": _version(case), "destination": "gp", "note": "Night pain, for bloods"},
        "Case referred to GP (family doctor).",
    ),
    "case_patient_called": (
        "post",
        "call_today",
        lambda case: {"version": _version(case)},
        "Marked as called: the case is no longer on the call-today list.",
    ),
    "case_close": (
        "post",
        "routine",
        lambda case: {"version": _version(case), "close_reason": "discharged_improved", "note": ""},
        "Case closed.",
    ),
    "case_reopen": ("post", "closed", lambda case: {"version": _version(case)}, "Case reopened"),
    "case_plan_revise": ("post", "approved", lambda case: {"version": _version(case)}, "Version 2 of the plan"),
    "case_plan_preview": ("get", "routine", None, "Draft"),
    "case_handout": ("get", "approved", None, "When to get help"),
    "case_handout_pdf": ("get", "approved", None, "%PDF-"),
    "case_summary": ("get", "routine", None, "SUGGESTION (for clinical review, not a diagnosis)"),
    "case_first_visit": (
        "post",
        "routine",
        lambda case: {"version": _version(case), "op": "save", **FIRST_VISIT_VALUES},
        "First visit saved.",
    ),
    "case_addendum": ("post", "signed", lambda case: {"text": "Heel X-ray normal."}, "Addendum added"),
    "case_note": ("post", "routine", lambda case: {"kind": "no_answer", "text": ""}, "Contact logged."),
    "case_rerun": ("get", "routine", None, "under the current rules"),
    # A physiotherapist gets 403 here (FOR_CLINICAL_LEADS); clinic admins and clinical leads the page.
    "rules_review": ("get", None, None, "Rules review"),
    "deidentified_export": ("get", None, None, "patient,case,age_band"),
    "follow_up": ("get", None, None, "Not improving by the MCID at 6 weeks"),
    # Clinic admins only (intake.view_outcomes_per_pathway): a physiotherapist gets 403.
    "outcomes": ("get", None, None, "Outcomes per pathway"),
    "whatif": ("get", None, None, "What if the rules changed"),
    "whatif_run": ("get", "whatif_run", None, "What if: hamstring_gate_12"),
    "case_referral_finding": (
        "post",
        "flagged",
        lambda case: {"outcome": "confirmed", "note": "MRI: compression"},
        "Recorded: serious pathology confirmed.",
    ),
}
# Pages that need a permission physiotherapists do not have (intake.review_rules, intake.export_deidentified).
FOR_CLINICAL_LEADS = {"rules_review", "deidentified_export", "whatif", "whatif_run"}
FOR_CLINIC_ADMINS = {"outcomes"}

FIRST_VISIT_VALUES = {
    "windlass": "positive",
    "medial_calcaneal_tenderness": "positive",
    "calf_squeeze": "negative",
    "hamstring_palpation": "negative",
    "resisted_knee_flexion": "negative",
    "straight_leg_raise": "negative",
    "slump": "negative",
    "neuro_screen": "not_done",
    "working_diagnosis": "pf_compensation",
    "differential": "",
    "diagnosis_note": "",
}


# --- The URL configuration, walked ----------------------------------------------------------------


def sample_value(converter) -> str:
    name = type(converter).__name__
    if name == "IntConverter":
        return "1"
    if name == "UUIDConverter":
        return str(uuid.uuid4())
    return "ABCD-EFGH"


def all_patterns(resolver=None, prefix="", namespace=None):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from all_patterns(entry, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            yield namespace, entry.name, prefix + str(entry.pattern), entry


def concrete_url(namespace, name, pattern: URLPattern) -> str:
    """The URL with made-up arguments: for staff URLs, a case reference that does not exist."""
    converters = getattr(pattern.pattern, "converters", {})
    kwargs = {key: sample_value(converter) for key, converter in converters.items()}
    return reverse(f"{namespace}:{name}" if namespace else name, kwargs=kwargs)


def classify(namespace, name):
    if namespace in ADMIN_NAMESPACES:
        return "admin"
    if namespace in TOKEN_NAMESPACES:
        return "public" if name in TOKEN_PUBLIC_NAMES else "token"
    if namespace in PUBLIC_NAMESPACES or (namespace is None and name in PUBLIC_NAMES):
        return "public"
    if namespace is None and name in SIGNED_IN_NAMES:
        return "signed_in"
    if namespace in STAFF_NAMESPACES:
        return "staff"
    return "unclassified"


PATTERNS = [p for p in all_patterns() if classify(p[0], p[1]) != "admin"]
STAFF_PATTERNS = [p for p in PATTERNS if classify(p[0], p[1]) == "staff"]
STAFF_URL_NAMES = [name for _namespace, name, _route, _pattern in STAFF_PATTERNS]
SIGNED_IN_PATTERNS = [p for p in PATTERNS if classify(p[0], p[1]) == "signed_in" and p[1] != "logout"]


def test_every_url_is_classified():
    unclassified = [f"{ns}:{name} {route}" for ns, name, route, _ in PATTERNS if classify(ns, name) == "unclassified"]
    assert not unclassified, f"decide who may open these URLs: {unclassified}"


TOKEN_PATTERNS = [p for p in PATTERNS if classify(p[0], p[1]) == "token"]


@pytest.mark.parametrize("namespace,name,route,pattern", TOKEN_PATTERNS, ids=[p[1] for p in TOKEN_PATTERNS])
def test_every_token_url_refuses_a_signed_in_staff_member_without_a_token(
    physio_client, namespace, name, route, pattern
):
    response = physio_client.get(concrete_url(namespace, name, pattern))
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["resourceType"] == "OperationOutcome"


def test_there_are_staff_urls_to_check():
    assert len(STAFF_PATTERNS) >= 1


def test_every_staff_url_has_an_access_test():
    assert set(STAFF_URL_NAMES) == set(LADDER), "add the new staff URL to LADDER"


# --- The ladder -------------------------------------------------------------------------------------

# persona -> the client fixture that signs in as them (tests/conftest.py)
CLIENTS = {
    "anonymous": "client",
    "no_role": "no_role_client",
    "physiotherapist": "physio_client",
    "clinic_admin": "clinic_admin_client",
}


def access_rows():
    """(persona, namespace, name, route, pattern, method, on a real case?) for every rung to check."""
    for namespace, name, route, pattern in STAFF_PATTERNS:
        ladder_method = LADDER.get(name, ("get",))[0]
        for persona in CLIENTS:
            yield persona, namespace, name, route, pattern, ladder_method, True
        for persona in ("anonymous", "no_role"):
            for method in ("get", "post"):
                yield persona, namespace, name, route, pattern, method, False
    for namespace, name, route, pattern in SIGNED_IN_PATTERNS:
        yield "anonymous", namespace, name, route, pattern, "get", False


ACCESS_ROWS = list(access_rows())


@pytest.fixture
def cases(db):
    load_library()
    routine = submit(name="Ada Lovelace")
    flagged = submit(EMERGENCY_ANSWERS, name="Grace Hopper")
    call_today = services.case_submit(
        answers=PF_COMPENSATION_ANSWERS,
        name="Mary Somerville",
        consent_given=True,
        unsure_safety_keys=["saddle_numbness"],
    )
    signed = submit(name="Ada Lovelace")
    physio = PhysiotherapistFactory(username="examiner")
    values = {key: value for key, value in FIRST_VISIT_VALUES.items()}
    services.first_visit_save(case=signed, values=values, actor=physio, expected_version=signed.version, sign=True)
    return {"routine": routine, "flagged": flagged, "call_today": call_today, "signed": signed}


def url_for(name: str, cases: dict, client=None):
    which = LADDER[name][1]
    if which is None:
        return reverse(f"staff:{name}"), None
    if which == "whatif_run":
        run = WhatIfRun.objects.create(
            requested_by=PhysiotherapistFactory(), candidate_name="hamstring_gate_12", candidate_version="x"
        )
        return reverse(f"staff:{name}", kwargs={"run_id": run.pk}), None
    if which == "approved":
        case = cases["routine"]
        if client is not None:
            _approve(client, case)
        return case_url(case, f"staff:{name}"), case
    if which == "closed":
        case = cases["routine"]
        if client is not None:
            client.post(
                case_url(case, "staff:case_close"),
                {"version": _version(case), "close_reason": "did_not_attend", "note": ""},
            )
        return case_url(case, f"staff:{name}"), case
    case = cases[which]
    return case_url(case, f"staff:{name}"), case


@pytest.mark.parametrize(
    "persona,namespace,name,route,pattern,method,real_case",
    ACCESS_ROWS,
    ids=[f"{row[0]}-{row[5]}-{row[2]}-{'case' if row[6] else 'unknown'}" for row in ACCESS_ROWS],
)
def test_who_may_reach_each_url(request, persona, namespace, name, route, pattern, method, real_case):
    client = request.getfixturevalue(CLIENTS[persona])
    if not real_case:
        url, case, data = concrete_url(namespace, name, pattern), None, None
    else:
        signed_in = client if persona in ("physiotherapist", "clinic_admin") else None
        url, case = url_for(name, request.getfixturevalue("cases"), signed_in)
        data = LADDER[name][2] if signed_in is not None else None

    if method == "get":
        response = client.get(url)
    elif data is not None:
        response = client.post(url, data(case), follow=True)
    else:
        response = client.post(url)

    if persona == "anonymous":
        assert response.status_code == HTTPStatus.FOUND, f"{method.upper()} {route} answered {response.status_code}"
        assert response["Location"].startswith("/staff/login/")
        assert response["Location"].startswith(reverse("login") + "?next=")
    elif persona == "no_role":
        assert response.status_code == HTTPStatus.FORBIDDEN, f"{method.upper()} {route} answered {response.status_code}"
        assert "You do not have access to this page" in response.content.decode()
    elif persona == "physiotherapist" and name in FOR_CLINICAL_LEADS | FOR_CLINIC_ADMINS:
        assert response.status_code == HTTPStatus.FORBIDDEN
    elif persona == "physiotherapist":
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == HTTPStatus.OK
        assert LADDER[name][3] in body.decode(errors="replace")  # a PDF is bytes
    else:
        assert response.status_code == HTTPStatus.OK


# --- Beyond the ladder --------------------------------------------------------------------------------


def test_the_csv_export_needs_the_export_permission(reviewer, client):
    client.force_login(reviewer)
    assert client.get(reverse("staff:queue")).status_code == HTTPStatus.OK
    assert client.get(reverse("staff:queue_export")).status_code == HTTPStatus.FORBIDDEN
    assert "Download these cases as CSV" not in client.get(reverse("staff:queue")).content.decode()


@pytest.mark.parametrize("name", sorted(FOR_CLINICAL_LEADS))
def test_clinical_leads_open_the_learning_pages(client, cases, name):
    client.force_login(ClinicalLeadFactory(username="lead"))
    response = client.get(url_for(name, cases)[0])
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == HTTPStatus.OK
    assert LADDER[name][3] in body.decode()


def test_staff_pages_are_never_cached(physio_client, cases):
    response = physio_client.get(case_url(cases["routine"]))
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_an_inactive_user_gets_no_permissions(physiotherapist, client):
    physiotherapist.is_active = False
    physiotherapist.save()
    client.force_login(physiotherapist)
    assert client.get(reverse("staff:queue")).status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
