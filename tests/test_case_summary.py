"""The case summary for the practice system: plain text on the case page (copied with one click) and as a
download, with the answers that matter, the suggestion and its signs, red flags and their acknowledgement,
and the approved plan with its doses."""

from __future__ import annotations

import html
import re
from http import HTTPStatus

import pytest

from intake import services
from intake.models import AuditAction, AuditEvent
from tests.factories import PF_COMPENSATION_ANSWERS
from tests.staff_support import (
    EMERGENCY_ANSWERS,
    REQUEST_OVERHEAD,
    case_url,
    draft_plan,
    load_library,
    submit,
)

pytestmark = pytest.mark.django_db

# The download, beyond the session and user (REQUEST_OVERHEAD): the request's savepoint and its release
# (ATOMIC_REQUESTS), the user's and the groups' permissions (2), the case with its plans and assessment (1),
# the plans' items (1), the events (1), the notes (1), the check-ins (1), the acknowledgements only when
# the case is flagged, and the access log's INSERT (1). Constant whatever the size of the plan or timeline.
SUMMARY_QUERIES = 10


def page_summary(client, case) -> str:
    body = client.get(case_url(case)).content.decode()
    match = re.search(r'<textarea id="case-summary-text"[^>]*>(.*?)</textarea>', body, re.S)
    assert match, "the case page has the summary box"
    return html.unescape(match.group(1))


@pytest.fixture
def approved(physiotherapist):
    load_library()
    case = submit(name="Ada Lovelace")
    services.plan_approve(plan=draft_plan(case), actor=physiotherapist, expected_version=case.version)
    case.refresh_from_db()
    return case


def test_the_case_page_shows_the_summary_with_a_copy_button_and_a_download(physio_client, approved):
    body = physio_client.get(case_url(approved)).content.decode()
    assert "Summary for the practice system" in body
    # The button starts hidden and a static script (CSP: no inline script) shows it and copies.
    assert 'data-copy="case-summary-text"' in body and " hidden>Copy</button>" in body
    assert re.search(r'<script src="/static/js/staff_copy(\.[0-9a-f]+)?\.js" defer></script>', body)
    assert f'href="{case_url(approved, "staff:case_summary")}"' in body


def test_the_summary_has_the_suggestion_its_signs_the_answers_and_the_approved_plan(physio_client, approved):
    text = page_summary(physio_client, approved)
    assert text.startswith(f"Case {approved.reference}: Ada Lovelace")
    assert "SUGGESTION (for clinical review, not a diagnosis)" in text
    result = approved.latest_assessment().engine_result
    entry = next(entry for entry in result.ranking if entry.pathway == result.scored_pathway)
    assert entry.signs_for, "the corpus case has signs for its pathway"
    for sign in entry.signs_for:
        assert f"  {sign.rule} ({sign.weight:+d}) {sign.explanation}" in text
    assert f"rules version {result.version}" in text
    assert "RED FLAGS\nNone." in text
    # An answer a sign rests on, in the catalogue's words.
    assert "ANSWERS THAT MATTER\n- " in text
    plan = approved.plans.get(status="approved")
    assert "Version 1, approved by Priya Shah on" in text
    for number, item in enumerate(plan.items.all(), start=1):
        line = f"{number}. {item.name}"
        assert line in text
        if item.dose_text():
            assert item.dose_text() in text.split(line, 1)[1].split("\n", 1)[0]


def test_a_red_flag_reads_not_acknowledged_until_someone_acknowledges_it(physio_client, physiotherapist):
    load_library()
    case = submit(EMERGENCY_ANSWERS, name="Grace Hopper")
    text = page_summary(physio_client, case)
    assert "- RF-CES-SADDLE, Emergency (same day): " in text
    assert "  NOT ACKNOWLEDGED" in text
    assert "Yes" in text.split("ANSWERS THAT MATTER", 1)[1]  # the safety Yes that raised it
    case.refresh_from_db()
    services.red_flag_acknowledge(
        case=case, rule_id="RF-CES-SADDLE", actor=physiotherapist, expected_version=case.version, note="Sent to A&E"
    )
    text = page_summary(physio_client, case)
    assert "NOT ACKNOWLEDGED" not in text
    assert re.search(r"  Acknowledged by Priya Shah on \d\d \w{3} \d{4} \d\d:\d\d: Sent to A&E", text)
    assert "APPROVED PLAN\nNo approved plan yet." in text


def test_safety_questions_answered_not_sure_are_in_the_summary(physio_client):
    case = services.case_submit(
        answers={key: value for key, value in PF_COMPENSATION_ANSWERS.items() if key != "saddle_numbness"},
        name="Mary Somerville",
        consent_given=True,
        unsure_safety_keys=["saddle_numbness"],
    )
    text = page_summary(physio_client, case)
    assert "; call today" in text.splitlines()[1]
    assert re.search(r"^- .+ Not sure$", text, re.M)


def test_the_download_is_the_same_text_as_plain_text_and_is_in_the_access_log(
    physio_client, physiotherapist, approved, django_assert_num_queries
):
    shown = page_summary(physio_client, approved)
    with django_assert_num_queries(SUMMARY_QUERIES + REQUEST_OVERHEAD):
        response = physio_client.get(case_url(approved, "staff:case_summary"))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="case-{approved.reference}-summary.txt"'
    assert response.content.decode() == shown.replace("\r\n", "\n")
    event = AuditEvent.objects.get(action=AuditAction.CASE_SUMMARY_DOWNLOADED)
    assert event.case == approved and event.actor == physiotherapist
    assert event.details == {"reference": approved.reference}
    # A read, not a change: it stays off the case's timeline.
    timeline = physio_client.get(case_url(approved)).context["timeline"]
    assert AuditAction.CASE_SUMMARY_DOWNLOADED not in [entry["action"] for entry in timeline]


def test_the_download_of_an_unknown_case_is_not_found(physio_client):
    response = physio_client.get("/staff/cases/ZZZZ-ZZZZ/summary.txt")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_SUMMARY_DOWNLOADED).exists()
