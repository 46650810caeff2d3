"""seed_demo gives a few demo cases follow-up answers, once: the outcome charts, the follow-up tab and the
outcomes per pathway have something to show in the demo."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from intake import selectors
from intake.models import Outcome

pytestmark = pytest.mark.django_db


def test_seed_demo_answers_some_check_ins_once():
    call_command("seed_demo", stdout=io.StringIO())
    assert Outcome.objects.count() == 5
    assert Outcome.objects.exclude(lefs_score=None).exclude(psfs_score=None).count() == 5
    lists = selectors.follow_up_lists()
    assert len(lists.not_improving) == 1
    assert len(lists.overdue) == 1  # the third case's 6-week check-in, due a week ago
    assert selectors.outcomes_per_pathway()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert Outcome.objects.count() == 5 and "0 new cases with follow-up answers" in out.getvalue()
