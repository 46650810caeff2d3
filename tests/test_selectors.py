"""Dashboard reads: keyset pagination with ties, capped counts, search by reference or name."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from intake import queue, selectors
from intake.models import CaseStatus
from intake.selectors import Cursor, QueueFilters
from tests.factories import AnswersFactory, CaseFactory, PatientFactory

pytestmark = pytest.mark.django_db


def make_cases(count: int, *, at: str = "2026-11-20 09:00 +0000", **fields):
    # tick=False: every case has the very same submitted_at, so only the id breaks the tie.
    with time_machine.travel(at, tick=False):
        cases = [CaseFactory(**fields) for _ in range(count)]
    for case in cases:
        AnswersFactory(case=case)
    return cases


def test_a_cursor_survives_its_trip_through_a_link():
    cursor = Cursor(2, dt.datetime(2026, 11, 20, 9, 0, 0, 123456, tzinfo=dt.UTC), 981)
    assert Cursor.decode(cursor.encode()) == cursor


@pytest.mark.parametrize("text", ["", "abc", "1.2", "1.2.3.4", "-1.2.3", "99999.1.1", "1.99999999999999999999.1"])
def test_a_malformed_cursor_means_the_first_page(text):
    assert Cursor.decode(text) is None


def test_pages_never_skip_or_repeat_rows_with_identical_submission_times(physiotherapist):
    made = [case.reference for case in make_cases(23)]
    seen, after = [], ""
    while True:
        page = selectors.queue_page(filters=QueueFilters(), user=physiotherapist, after=after, page_size=5)
        seen += [row.reference for row in page.rows]
        if not page.next_cursor:
            break
        after = page.next_cursor
    assert seen == made
    back = selectors.queue_page(filters=QueueFilters(), user=physiotherapist, before=page.previous_cursor, page_size=5)
    assert [row.reference for row in back.rows] == made[15:20]
    first = selectors.queue_page(filters=QueueFilters(), user=physiotherapist, before=back.previous_cursor, page_size=5)
    assert [row.reference for row in first.rows] == made[10:15]


def test_counts_are_capped_so_no_query_counts_the_whole_table(physiotherapist):
    make_cases(4)
    make_cases(2, status=CaseStatus.CLOSED)
    counts = selectors.queue_status_counts(filters=QueueFilters(), user=physiotherapist, cap=3)
    assert counts["submitted"] == 4  # cap + 1 means "more than the cap"
    assert counts["closed"] == 2
    assert counts["open"] > 3 and counts["all"] > 3  # sums: over the cap whenever a part is


def test_reference_search_accepts_the_reference_typed_any_way():
    assert queue._reference_prefix("k7qm 3xda") == "K7QM-3XDA"
    assert queue._reference_prefix("K7Q") == "K7Q"
    assert queue._reference_prefix("smith") is None  # I is not in the reference alphabet
    assert queue._reference_prefix("K7QM-3XDA-EXTRA") is None


def test_name_search_handles_accents_and_apostrophes(physiotherapist):
    with time_machine.travel("2026-11-20 09:00 +0000", tick=False):
        obrien = CaseFactory(patient=PatientFactory(name="O'Brien Siobhan"))
        zoe = CaseFactory(patient=PatientFactory(name="zoë Åberg"))
    for search, expected in (("o'brien", obrien), ("O'B", obrien), ("zoë", zoe)):
        page = selectors.queue_page(filters=QueueFilters(search=search), user=physiotherapist)
        assert [row.reference for row in page.rows] == [expected.reference], search


def test_name_search_finds_accented_names_whatever_the_collation(physiotherapist):
    from tests.staff_support import submit

    josé = submit(name="José Martinez")
    joseph = submit(name="Joseph Brown")
    # Accents are ignored both ways (issue 17), so "josé" is also the start of "Joseph"; a second word decides.
    for search, expected in (
        ("José M", [josé]),
        ("JOSÉ MART", [josé]),
        ("jose martinez", [josé]),
        ("josé", [josé, joseph]),
    ):
        page = selectors.queue_page(filters=QueueFilters(search=search), user=physiotherapist)
        assert sorted(row.reference for row in page.rows) == sorted(case.reference for case in expected), search


def test_the_waiting_time_reads_naturally():
    now = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
    assert selectors.waiting_words(now - dt.timedelta(minutes=42), now) == "42 min"
    assert selectors.waiting_words(now - dt.timedelta(hours=5, minutes=10), now) == "5 h"
    assert selectors.waiting_words(now - dt.timedelta(days=3, hours=4), now) == "3 d 4 h"
    assert selectors.waiting_words(now - dt.timedelta(days=2), now) == "2 d"
    assert selectors.waiting_words(now - dt.timedelta(days=45), now) == "6 wk"
    assert selectors.waiting_words(now + dt.timedelta(minutes=1), now) == "0 min"
