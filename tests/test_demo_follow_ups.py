"""seed_demo gives a few demo cases follow-up answers, once: the outcome charts, the follow-up tab and the
outcomes per pathway have something to show in the demo."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from intake import selectors
from intake.models import Case, Outcome, ProgrammeDay
from tests.alerts_support import run_queued

pytestmark = pytest.mark.django_db


def test_seed_demo_answers_some_check_ins_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    run_queued(now=timezone.now())  # the worker: what is due now (alerts, plan e-mails, overdue check-ins)
    assert Outcome.objects.count() == 5
    assert Outcome.objects.exclude(lefs_score=None).exclude(psfs_score=None).count() == 5
    lists = selectors.follow_up_lists()
    assert len(lists.not_improving) == 1
    assert len(lists.overdue) == 1  # the third case's 6-week check-in, due a week ago
    assert [check_in.emailed_at is not None for check_in in lists.overdue] == [True]  # e-mailed, not answered
    assert selectors.outcomes_per_pathway()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert Outcome.objects.count() == 5 and "0 new cases with follow-up answers" in out.getvalue()


def test_seed_demo_logs_three_weeks_of_home_programme_once(client):
    """The demo's case page shows adherence and the pain trend without anyone ticking anything."""
    call_command("seed_demo", stdout=io.StringIO())
    logged = Case.objects.filter(programme_days__isnull=False).distinct()
    assert logged.count() == 3
    case = logged.order_by("submitted_at", "id").first()
    client.force_login(User.objects.get(username="physio"))
    page = client.get(reverse("staff:case", args=[case.reference]))
    last_7, last_28 = page.context["programme"]["windows"]
    assert 0 < last_7.done < last_7.prescribed and last_28.prescribed == 28 * page.context["programme"]["exercises"]
    assert page.context["programme"]["pain_dots"]
    assert "Daily pain (0–10)" in page.content.decode()
    # The demo's story in order: sent, examined, plan approved, check-ins answered after they were due.
    plan = case.plans.get(status="approved")
    assert (
        case.submitted_at < case.first_visit.examined_at < plan.approved_at < case.check_ins.earliest("due_at").due_at
    )
    assert all(
        check_in.outcome.answered_at > check_in.due_at for check_in in case.check_ins.filter(outcome__isnull=False)
    )
    days = ProgrammeDay.objects.count()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert ProgrammeDay.objects.count() == days and "0 new home-programme logs" in out.getvalue()
