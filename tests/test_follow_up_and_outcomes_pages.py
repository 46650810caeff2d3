"""The queue's follow-up tab (check-ins due, overdue, cases not improving by the MCID at 6 weeks) and the
clinic admins' outcomes per pathway (issue 16)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from intake import selectors
from intake.models import CaseStatus, CheckIn, Outcome
from intake.outcome_selectors import MeasureSummary
from intake.outcomes.measures import MEASURES, Measure
from tests.factories import CaseFactory
from tests.staff_support import REQUEST_OVERHEAD

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def case_with(*answers, pathway="pf_only", status=CaseStatus.APPROVED, unanswered_due=None, **case_fields):
    """A case with check-ins at 2, 6, 12 weeks...: ``answers`` are (heel, thigh, lefs, psfs) for the first
    ones in order, answered a day after each was due; ``unanswered_due``: one more check-in, due then."""
    case = CaseFactory(pathway=pathway, status=status, **case_fields)
    start = NOW - dt.timedelta(weeks=12)
    for weeks, (heel, thigh, lefs, psfs) in zip((2, 6, 12), answers, strict=False):
        check_in = CheckIn.objects.create(case=case, weeks=weeks, due_at=start + dt.timedelta(weeks=weeks))
        outcome = Outcome.objects.create(
            check_in=check_in,
            heel_pain=heel,
            thigh_pain=thigh,
            global_change=0,
            adherence_days=3,
            lefs_score=lefs,
            psfs_score=psfs,
        )
        Outcome.objects.filter(pk=outcome.pk).update(answered_at=check_in.due_at + dt.timedelta(days=1))
    if unanswered_due is not None:
        CheckIn.objects.create(case=case, weeks=20, due_at=unanswered_due)
    return case


@pytest.fixture
def follow_up_cases(db):
    return {
        "due": case_with(unanswered_due=NOW - dt.timedelta(days=1)),
        "overdue": case_with(unanswered_due=NOW - dt.timedelta(days=10)),
        "closed_overdue": case_with(status=CaseStatus.CLOSED, unanswered_due=NOW - dt.timedelta(days=10)),
        # LEFS +5, heel pain 1 better, PSFS +1: nothing reaches its MCID.
        "not_improving": case_with((6, 2, 40, Decimal(4)), (5, 2, 45, Decimal(5))),
        # LEFS +10: reaches the MCID of 9.
        "improving": case_with((6, 2, 40, Decimal(4)), (5, 2, 50, Decimal(5))),
        # Heel pain 6 to 4: reaches the MCID of 2 although nothing else moved.
        "less_pain": case_with((6, 2, 40, Decimal(4)), (4, 2, 40, Decimal(4))),
        # Answered only at 6 weeks: no baseline to compare with.
        "no_baseline": _answered_only_at_six_weeks(),
    }


def _answered_only_at_six_weeks():
    case = CaseFactory(pathway="pf_only", status=CaseStatus.APPROVED)
    check_in = CheckIn.objects.create(case=case, weeks=6, due_at=NOW - dt.timedelta(weeks=6))
    Outcome.objects.create(check_in=check_in, heel_pain=8, thigh_pain=2, global_change=0, adherence_days=0)
    return case


def test_the_follow_up_tab_lists_due_overdue_and_not_improving_cases(physio_client, follow_up_cases):
    response = physio_client.get(reverse("staff:follow_up"))
    assert response.status_code == HTTPStatus.OK
    lists = response.context["lists"]
    assert [check_in.case for check_in in lists.due] == [follow_up_cases["due"]]
    assert [check_in.case for check_in in lists.overdue] == [follow_up_cases["overdue"]]
    assert [outcome.check_in.case for outcome in lists.not_improving] == [follow_up_cases["not_improving"]]
    body = response.content.decode()
    assert follow_up_cases["not_improving"].reference in body.split('id="not-improving-heading"')[1]
    assert follow_up_cases["improving"].reference not in body
    assert follow_up_cases["closed_overdue"].reference not in body
    assert 'aria-current="page" href="/staff/follow-up/">Follow-up' in body


def test_the_queue_links_to_the_follow_up_tab(physio_client, db):
    assert 'href="/staff/follow-up/">Follow-up</a>' in physio_client.get(reverse("staff:queue")).content.decode()


# session, user, permissions (two), the three lists, the waiting-cases banner
FOLLOW_UP_QUERIES = 4 + 3 + 1


@pytest.mark.parametrize("size", [1, 25])
def test_the_follow_up_tab_runs_a_constant_number_of_queries(physio_client, django_assert_num_queries, size):
    for _ in range(size):
        case_with(unanswered_due=NOW - dt.timedelta(days=1))
        case_with(unanswered_due=NOW - dt.timedelta(days=10))
        case_with((6, 2, 40, Decimal(4)), (6, 2, 41, Decimal(4)))
    physio_client.get(reverse("staff:follow_up"))
    with django_assert_num_queries(FOLLOW_UP_QUERIES + REQUEST_OVERHEAD):
        response = physio_client.get(reverse("staff:follow_up"))
    assert len(response.context["lists"].not_improving) == size


def test_outcomes_per_pathway_give_cases_median_change_and_share_reaching_the_mcid(follow_up_cases):
    case_with((7, 5, 20, Decimal(2)), (3, 5, 30, Decimal(2)), pathway="hamstring_strain")
    # Treated as sciatica after the physiotherapist's override: counted there, not under its suggestion.
    case_with(
        (5, 6, 50, Decimal(5)),
        (5, 3, 52, Decimal(6)),
        pathway="pf_only",
        overridden_pathway="sciatica",
        override_reason="mixed_picture",
    )
    report = {row.pathway: row for row in selectors.outcomes_per_pathway()}
    assert list(report) == ["pf_only", "hamstring_strain", "sciatica"]
    pf = report["pf_only"]
    # not_improving, improving, less_pain and no_baseline were followed up; three have two answers.
    assert pf.cases == 4
    lefs = {summary.info.measure: summary for summary in pf.measures}["lefs"]
    assert (lefs.cases, lefs.median_change, lefs.reached_mcid, lefs.share_reaching_mcid) == (
        3,
        Decimal("5.0"),
        1,
        Decimal(33),
    )
    heel = {summary.info.measure: summary for summary in pf.measures}["heel_pain"]
    assert (heel.median_change, heel.reached_mcid) == (Decimal("1.0"), 1)
    thigh = {summary.info.measure: summary for summary in report["sciatica"].measures}["thigh_pain"]
    assert (thigh.cases, thigh.median_change, thigh.reached_mcid) == (1, Decimal("3.0"), 1)


def test_clinic_admins_see_outcomes_per_pathway_and_physiotherapists_do_not(
    clinic_admin_client, physio_client, follow_up_cases
):
    response = clinic_admin_client.get(reverse("staff:outcomes"))
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Outcomes per pathway" in body and "1 of 3: too few cases" in body
    assert 'href="/staff/outcomes/"' in body  # in the navigation
    assert physio_client.get(reverse("staff:outcomes")).status_code == HTTPStatus.FORBIDDEN
    assert 'href="/staff/outcomes/"' not in physio_client.get(reverse("staff:queue")).content.decode()


def test_the_share_reaching_the_mcid_is_worded_as_the_rules_review_words_its_figures():
    """Two cases give "too few cases", not "50%"; from 20 on, the percentage with its 95 % interval."""
    few = MeasureSummary(info=MEASURES[Measure.LEFS], cases=2, median_change=Decimal(10), reached_mcid=1)
    assert str(few.reaching_mcid) == "1 of 2: too few cases"
    enough = MeasureSummary(info=MEASURES[Measure.LEFS], cases=20, median_change=Decimal(10), reached_mcid=14)
    assert str(enough.reaching_mcid) == "70 % (14 of 20; 95 % CI 48–85 %)"
