"""Default deny on every staff URL: anonymous -> sign in, no role -> 403, physiotherapist -> the page.

The list of URLs comes from intake/staff_urls.py: a URL added there without an entry in LADDER
fails test_every_staff_url_has_an_access_test.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from intake import staff_urls
from tests.staff_support import EMERGENCY_ANSWERS, case_url, load_library, plan_post_data, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(db):
    load_library()
    routine = submit(name="Ada Lovelace")
    flagged = submit(EMERGENCY_ANSWERS, name="Grace Hopper")
    return {"routine": routine, "flagged": flagged}


def _version(case):
    case.refresh_from_db()
    return case.version


def _approve(client, case):
    client.post(case_url(case, "staff:case_plan"), plan_post_data(case, "approve"))


# name -> (method, which case, POST data builder or None, text the physiotherapist then sees)
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
    "case_close": ("post", "routine", lambda case: {"version": _version(case)}, "Case closed."),
    "case_handout": ("get", "approved", None, "When to get help"),
}


def url_for(name: str, cases: dict, client=None):
    which = LADDER[name][1]
    if which is None:
        return reverse(f"staff:{name}"), None
    if which == "approved":
        case = cases["routine"]
        if client is not None:
            _approve(client, case)
        return case_url(case, f"staff:{name}"), case
    case = cases[which]
    return case_url(case, f"staff:{name}"), case


STAFF_URL_NAMES = [pattern.name for pattern in staff_urls.urlpatterns]


def test_every_staff_url_has_an_access_test():
    assert set(STAFF_URL_NAMES) == set(LADDER), "add the new staff URL to LADDER"


@pytest.mark.parametrize("name", STAFF_URL_NAMES)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, cases, name):
    url, _case = url_for(name, cases)
    response = getattr(client, LADDER[name][0])(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("name", STAFF_URL_NAMES)
def test_a_user_without_a_staff_role_is_refused(no_role_client, cases, name):
    url, _case = url_for(name, cases)
    response = getattr(no_role_client, LADDER[name][0])(url)
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


@pytest.mark.parametrize("name", STAFF_URL_NAMES)
def test_a_physiotherapist_gets_the_page(physio_client, cases, name):
    method, _which, data, expected = LADDER[name]
    url, case = url_for(name, cases, physio_client)
    if method == "get":
        response = physio_client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    else:
        response = physio_client.post(url, data(case), follow=True)
        body = response.content
    assert response.status_code == 200
    assert expected in body.decode()


@pytest.mark.parametrize("name", STAFF_URL_NAMES)
def test_a_clinic_admin_can_use_the_dashboard_too(clinic_admin_client, cases, name):
    method, _which, data, _expected = LADDER[name]
    url, case = url_for(name, cases, clinic_admin_client)
    response = (
        clinic_admin_client.get(url) if method == "get" else clinic_admin_client.post(url, data(case), follow=True)
    )
    assert response.status_code == 200


def test_the_csv_export_needs_the_export_permission(reviewer, client):
    client.force_login(reviewer)
    assert client.get(reverse("staff:queue")).status_code == 200
    assert client.get(reverse("staff:queue_export")).status_code == 403
    assert "Download these cases as CSV" not in client.get(reverse("staff:queue")).content.decode()


def test_staff_pages_are_never_cached(physio_client, cases):
    response = physio_client.get(case_url(cases["routine"]))
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_an_inactive_user_gets_no_permissions(physiotherapist, client):
    physiotherapist.is_active = False
    physiotherapist.save()
    client.force_login(physiotherapist)
    assert client.get(reverse("staff:queue")).status_code in (302, 403)
