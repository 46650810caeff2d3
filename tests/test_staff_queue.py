"""The physiotherapists' queue: red flags first, filters, search, counts, pagination, CSV, query count."""

from __future__ import annotations

import csv
import datetime as dt
import io
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse

from intake.models import Case, QueuePriority
from tests.factories import AnswersFactory, CaseFactory, PatientFactory
from tests.staff_support import REQUEST_OVERHEAD, URGENT_ANSWERS, load_library, submit

pytestmark = pytest.mark.django_db

QUEUE = reverse("staff:queue")
# session, user, the user's permissions (Django's two: own and group), the page's rows, the capped
# counts: at most 6 (issue 6), whatever the number of rows
QUEUE_QUERIES = 6


def make_case(*, at: str = "2026-11-20 09:00 +0000", name: str = "", age: int = 47, **fields) -> Case:
    with time_machine.travel(at, tick=False):
        patient = PatientFactory(name=name) if name else PatientFactory()
        case = CaseFactory(patient=patient, **fields)
        AnswersFactory(case=case, age=age, affected_side="left")
    return case


def references(response) -> list[str]:
    return [row.reference for row in response.context["page"].rows]


def test_red_flag_cases_are_listed_first_then_the_longest_waiting(physio_client):
    routine_old = make_case(at="2026-11-01 09:00 +0000")
    routine_new = make_case(at="2026-11-20 09:00 +0000")
    urgent = make_case(
        at="2026-11-21 09:00 +0000", urgency="urgent", queue_priority=QueuePriority.URGENT_UNACKNOWLEDGED
    )
    emergency_seen = make_case(
        at="2026-11-22 09:00 +0000", urgency="emergency", queue_priority=QueuePriority.EMERGENCY_ACKNOWLEDGED
    )
    emergency = make_case(
        at="2026-11-23 09:00 +0000", urgency="emergency", queue_priority=QueuePriority.EMERGENCY_UNACKNOWLEDGED
    )
    urgent_seen = make_case(
        at="2026-11-19 09:00 +0000", urgency="urgent", queue_priority=QueuePriority.URGENT_ACKNOWLEDGED
    )
    response = physio_client.get(QUEUE)
    assert references(response) == [
        emergency.reference,
        emergency_seen.reference,
        urgent.reference,
        urgent_seen.reference,
        routine_old.reference,
        routine_new.reference,
    ]
    body = response.content.decode()
    assert body.index(emergency.reference) < body.index(routine_old.reference)
    assert "not yet acknowledged" in body


def test_acknowledging_every_red_flag_moves_a_case_below_unacknowledged_ones(physio_client):
    load_library()
    first = submit(URGENT_ANSWERS, name="First Patient")
    second = submit(URGENT_ANSWERS, name="Second Patient")
    assert references(physio_client.get(QUEUE))[:2] == [first.reference, second.reference]
    physio_client.post(
        reverse("staff:case_acknowledge", kwargs={"reference": first.reference}),
        {"version": Case.objects.get(pk=first.pk).version, "rule_id": "RF-CANCER"},
    )
    assert references(physio_client.get(QUEUE))[:2] == [second.reference, first.reference]


def test_each_row_shows_the_queue_columns(physio_client, physiotherapist):
    make_case(pathway="sciatica", age=63, assigned_to=physiotherapist, status="in_review")
    body = physio_client.get(QUEUE).content.decode()
    for text in ("63", "Left", "Nerve-related", "Routine", "In review", "You"):
        assert text in body
    for column in ("Reference", "Age", "Side", "Suggested pathway", "Urgency", "Waiting", "Status", "Assigned to"):
        assert f'<th scope="col">{column}</th>' in body


def test_the_queue_shows_open_cases_by_default_and_filters_by_status(physio_client):
    submitted = make_case(status="submitted")
    in_review = make_case(status="in_review")
    closed = make_case(status="closed")
    assert set(references(physio_client.get(QUEUE))) == {submitted.reference, in_review.reference}
    assert references(physio_client.get(QUEUE, {"status": "closed"})) == [closed.reference]
    assert len(references(physio_client.get(QUEUE, {"status": "all"}))) == 3


def test_filters_by_pathway_urgency_and_assigned_to_me(physio_client, physiotherapist):
    sciatica = make_case(pathway="sciatica")
    strain = make_case(pathway="hamstring_strain", urgency="urgent", queue_priority=QueuePriority.URGENT_UNACKNOWLEDGED)
    mine = make_case(pathway="pf_only", assigned_to=physiotherapist, status="in_review")
    assert references(physio_client.get(QUEUE, {"pathway": "sciatica"})) == [sciatica.reference]
    assert references(physio_client.get(QUEUE, {"urgency": "urgent"})) == [strain.reference]
    assert references(physio_client.get(QUEUE, {"mine": "on"})) == [mine.reference]
    assert references(physio_client.get(QUEUE, {"pathway": "sciatica", "urgency": "urgent"})) == []


def test_search_finds_a_reference_typed_any_way(physio_client):
    wanted = make_case(reference="K7QM-3XDA")
    make_case(reference="K7QN-4YEB")
    for typed in ("K7QM-3XDA", "k7qm-3xda", "K7QM3XDA", "k7qm-3", " K7QM-3XDA "):
        assert references(physio_client.get(QUEUE, {"q": typed})) == [wanted.reference], typed


def test_search_finds_patients_by_the_start_of_their_name_ignoring_case(physio_client):
    smith = make_case(name="Smith, Joan")
    smithers = make_case(name="Smithers Anne")
    make_case(name="Goldsmith Karen")
    assert set(references(physio_client.get(QUEUE, {"q": "smith"}))) == {smith.reference, smithers.reference}
    assert references(physio_client.get(QUEUE, {"q": "SMITHERS"})) == [smithers.reference]
    assert references(physio_client.get(QUEUE, {"q": "nobody"})) == []


def test_counts_per_status_follow_the_other_filters(physio_client):
    make_case(status="submitted", pathway="sciatica")
    make_case(status="in_review", pathway="sciatica")
    make_case(status="closed", pathway="pf_only")
    counts = physio_client.get(QUEUE, {"pathway": "sciatica"}).context["page"].counts
    assert counts == {"open": 2, "submitted": 1, "in_review": 1, "approved": 0, "referred": 0, "closed": 0, "all": 2}
    tabs = {tab["value"]: tab["count"] for tab in physio_client.get(QUEUE).context["status_tabs"]}
    assert tabs["open"] == "2" and tabs["closed"] == "1" and tabs["all"] == "3"


def test_pages_of_fifty_walk_the_whole_queue_without_gaps_or_repeats(physio_client):
    made = [
        make_case(at=f"2026-11-{1 + index // 10:02d} {9 + index % 10:02d}:00 +0000").reference for index in range(120)
    ]
    first = physio_client.get(QUEUE)
    seen = references(first)
    assert len(seen) == 50 and first.context["page"].is_first_page
    page = first.context["page"]
    while page.next_cursor:
        response = physio_client.get(QUEUE, {"after": page.next_cursor})
        page = response.context["page"]
        seen += references(response)
    assert seen == made  # oldest first, none twice, none missing
    previous = physio_client.get(QUEUE, {"before": page.previous_cursor})
    assert references(previous) == made[50:100]


def test_a_malformed_page_cursor_shows_the_first_page(physio_client):
    made = make_case()
    assert references(physio_client.get(QUEUE, {"after": "'; DROP TABLE--"})) == [made.reference]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_queue_runs_a_constant_number_of_queries(physio_client, django_assert_num_queries, rows, physiotherapist):
    for index in range(rows):
        make_case(at=f"2026-11-20 09:{index:02d} +0000", assigned_to=physiotherapist if index % 2 else None)
    physio_client.get(QUEUE)  # the first request of a session may differ (nothing cached)
    with django_assert_num_queries(QUEUE_QUERIES + REQUEST_OVERHEAD) as captured:
        response = physio_client.get(QUEUE, {"q": "", "status": "open"})
    assert len(response.context["page"].rows) == rows
    page_queries = [q for q in captured.captured_queries if not _overhead(q["sql"])]
    assert len(page_queries) == QUEUE_QUERIES, [q["sql"][:80] for q in page_queries]


def _overhead(sql: str) -> bool:
    return sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")) or sql.startswith('UPDATE "django_session"')


def test_the_csv_export_streams_the_filtered_queue(clinic_admin_client):
    sciatica = make_case(pathway="sciatica", age=58)
    make_case(pathway="pf_only")
    response = clinic_admin_client.get(reverse("staff:queue_export"), {"pathway": "sciatica"})
    assert response.status_code == HTTPStatus.OK
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["reference"] for row in rows] == [sciatica.reference]
    assert rows[0]["age"] == "58" and rows[0]["suggested_pathway"] == "sciatica"
    assert "name" not in rows[0]  # the queue's columns only: no patient name or contact details


def test_the_csv_export_never_writes_a_spreadsheet_formula(clinic_admin_client):
    from tests.factories import PhysiotherapistFactory

    sneaky = PhysiotherapistFactory(username="sneaky", first_name="=HYPERLINK(1)", last_name="")
    make_case(assigned_to=sneaky)
    text = b"".join(clinic_admin_client.get(reverse("staff:queue_export")).streaming_content).decode()
    assert "'=HYPERLINK(1)" in text


def test_waiting_time_is_shown_in_short_words(physio_client):
    make_case(at="2026-11-20 09:00 +0000")
    with time_machine.travel(dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC), tick=False):
        body = physio_client.get(QUEUE).content.decode()
    assert "3 d 4 h" in body


def test_names_in_the_queue_are_escaped(physio_client):
    from tests.factories import PhysiotherapistFactory

    make_case(assigned_to=PhysiotherapistFactory(first_name="<b>Bold</b>", last_name="&co"), status="in_review")
    body = physio_client.get(QUEUE).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp;co" in body and "<b>Bold" not in body
