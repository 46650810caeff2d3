"""The what-if page: a clinical lead runs a candidate rule set, chosen by name, over every stored case
through the task worker, and reads the stored report."""

from __future__ import annotations

import io
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.models import AuditEvent, Case, WhatIfChange, WhatIfRun, WhatIfSection
from intake.services import whatif_runs
from tests.factories import ClinicalLeadFactory
from tests.test_whatif import CANDIDATE

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PAGE = reverse("staff:whatif")


@pytest.fixture
def candidates_dir(tmp_path, settings):
    """A candidates folder: the deliberate rule change of tests/test_whatif.py, one candidate that cannot
    be loaded, and a helper module that is not a candidate."""
    (tmp_path / "deliberate_change.py").write_text('"""Avulsion flag removed, DVT urgent, HS gate 12."""\n' + CANDIDATE)
    (tmp_path / "broken.py").write_text("RULE_SET = 42\n")
    (tmp_path / "_helpers.py").write_text("RULE_SET = None\n")
    settings.RULES_CANDIDATES_DIR = tmp_path
    settings.TASKS = IMMEDIATE
    return tmp_path


@pytest.fixture
def lead_client(client):
    client.force_login(ClinicalLeadFactory(username="lead", first_name="Lena", last_name="Lead"))
    return client


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return {case.patient.name: case.reference for case in Case.objects.select_related("patient")}


def start(client, django_capture_on_commit_callbacks, candidate="deliberate_change", baseline="stored"):
    """Ask for a run as the page does; the task is queued on commit and run at once (immediate backend)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"candidate": candidate, "baseline": baseline})
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[-2000:]
    return client.get(response["Location"])


def test_the_page_lists_the_candidates_by_name_with_their_rules_version(lead_client, candidates_dir):
    body = lead_client.get(PAGE).content.decode()
    assert "deliberate_change" in body and "candidate+" in body  # the declared version "candidate", hashed
    assert "Avulsion flag removed, DVT urgent, HS gate 12." in body
    assert "broken" in body and "cannot be run" in body and "has no RULE_SET" in body
    assert "_helpers" not in body
    assert '<option value="deliberate_change">' in body and '<option value="broken">' not in body


def test_the_repository_ships_one_example_candidate(lead_client):
    body = lead_client.get(PAGE).content.decode()
    assert "hamstring_gate_12" in body and "-hs12+" in body


def test_a_run_through_the_worker_reports_exactly_the_cases_that_change(
    lead_client, candidates_dir, demo, django_capture_on_commit_callbacks
):
    response = start(lead_client, django_capture_on_commit_callbacks)
    assert response.status_code == HTTPStatus.OK
    run = WhatIfRun.objects.get()
    assert response.request["PATH_INFO"] == reverse("staff:whatif_run", kwargs={"run_id": run.pk})
    # The stored report: who asked, which candidate, the counts, and the rows per section.
    assert (run.status, run.requested_by.username, run.candidate_name) == ("done", "lead", "deliberate_change")
    assert run.candidate_version.startswith("candidate+")
    assert (run.assessed, run.changed, run.lost_urgency) == (len(demo), 3, 2)
    rows = {
        section: sorted(WhatIfChange.objects.filter(run=run, section=section).values_list("case_reference", flat=True))
        for section in WhatIfSection
    }
    assert rows[WhatIfSection.LOST_URGENCY] == sorted([demo["Jack Turnbull"], demo["Frank Mercer"]])
    assert rows[WhatIfSection.MORE_URGENT] == []
    assert rows[WhatIfSection.PATHWAY] == sorted([demo["Jack Turnbull"], demo["Samuel Adeyemi"]])
    assert AuditEvent.objects.filter(action="whatif_requested", actor__username="lead").count() == 1

    body = response.content.decode()
    assert "<strong>3</strong> of 30 cases would change" in body and "2 red-flag cases would lose urgency" in body
    listed = [reference for reference in demo.values() if reference in body]
    assert sorted(listed) == sorted({demo["Jack Turnbull"], demo["Frank Mercer"], demo["Samuel Adeyemi"]})
    # Red-flag cases losing urgency come before every other row.
    cases_table = body[body.index("whatif-cases") :]
    assert max(cases_table.index(demo["Jack Turnbull"]), cases_table.index(demo["Frank Mercer"])) < cases_table.index(
        demo["Samuel Adeyemi"]
    )
    assert "emergency → urgent" in cases_table and "urgent → routine" in cases_table


def test_nothing_in_the_demo_changes_under_the_running_rules(
    lead_client, candidates_dir, demo, django_capture_on_commit_callbacks
):
    (candidates_dir / "same.py").write_text("from intake.rules import RULE_SET\n")
    body = start(lead_client, django_capture_on_commit_callbacks, "same", "current").content.decode()
    run = WhatIfRun.objects.get()
    assert (run.status, run.changed, run.assessed) == ("done", 0, len(demo))
    assert "No case would change." in body and not WhatIfChange.objects.exists()


@pytest.mark.parametrize("name", ["../../etc/passwd", "/tmp/x.py", "os", "intake.rules", "broken", "missing"])
def test_a_name_that_is_not_a_usable_candidate_is_refused_next_to_the_field(lead_client, candidates_dir, name):
    response = lead_client.post(PAGE, {"candidate": name, "baseline": "stored"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Select a valid choice" in response.content.decode()
    assert not WhatIfRun.objects.exists()


def test_a_candidate_that_breaks_after_listing_fails_the_run_and_says_why(
    lead_client, candidates_dir, demo, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(whatif_runs, "_enqueue", lambda run_id: lambda: None)  # hold the run in the queue
    start(lead_client, django_capture_on_commit_callbacks)
    run = WhatIfRun.objects.get()
    body = lead_client.get(reverse("staff:whatif_run", kwargs={"run_id": run.pk})).content.decode()
    assert "Waiting for the worker" in body and "Refresh" in body
    (candidates_dir / "deliberate_change.py").write_text("raise RuntimeError('half-edited')\n")
    whatif_runs.whatif_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "failed" and "half-edited" in run.error
    assert "The run failed" in lead_client.get(reverse("staff:whatif_run", kwargs={"run_id": run.pk})).content.decode()
    # A finished run is not run again.
    assert whatif_runs.whatif_run_execute(run_id=run.pk).status == "failed"


def test_a_physiotherapist_without_the_role_gets_403(physio_client, candidates_dir):
    assert physio_client.get(PAGE).status_code == HTTPStatus.FORBIDDEN
    assert physio_client.post(PAGE, {"candidate": "deliberate_change"}).status_code == HTTPStatus.FORBIDDEN
    assert not WhatIfRun.objects.exists()


def report_with(rows: int) -> WhatIfRun:
    run = WhatIfRun.objects.create(
        requested_by=ClinicalLeadFactory(), candidate_name="x", candidate_version="v", status="done", changed=rows
    )
    WhatIfChange.objects.bulk_create(
        WhatIfChange(
            run=run,
            section=WhatIfSection.PATHWAY if number % 3 else WhatIfSection.LOST_URGENCY,
            direction_order=0 if number % 3 else -11,
            case_reference=f"C{number:08d}",
            pathway_before="sciatica",
            pathway_after="hamstring_strain",
            urgency_before="urgent" if number % 3 == 0 else "routine",
            urgency_after="routine",
        )
        for number in range(rows)
    )
    return run


@pytest.mark.parametrize("rows", [3, 250])
def test_the_report_page_runs_a_constant_number_of_queries(lead_client, rows):
    run = report_with(rows)
    url = reverse("staff:whatif_run", kwargs={"run_id": run.pk})
    lead_client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = lead_client.get(url + "?page=2")
    # session, user, the user's permissions (two), the run, the counts per direction, one page of
    # rows, the waiting-cases banner, and the request's SAVEPOINT/RELEASE
    assert len(captured) == 10
    assert response.context["report"].total_rows == rows


def test_the_report_is_paged_with_lost_urgency_first(lead_client):
    run = report_with(250)
    url = reverse("staff:whatif_run", kwargs={"run_id": run.pk})
    first = lead_client.get(url).context["report"]
    assert (first.page, first.pages, len(first.rows)) == (1, 3, 100)
    assert [direction.section for direction in first.directions] == [WhatIfSection.LOST_URGENCY, WhatIfSection.PATHWAY]
    assert all(row.section == WhatIfSection.LOST_URGENCY for row in first.rows[:84])
    last = lead_client.get(url + "?page=3").context["report"]
    assert len(last.rows) == 50 and 'href="?page=2"' in lead_client.get(url + "?page=3").content.decode()
    assert lead_client.get(url + "?page=99").context["report"].page == 3
