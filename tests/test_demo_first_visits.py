"""seed_demo records realistic first visits, some disagreeing with the suggestion, once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from intake import agreement, selectors
from intake.demo.cases import DEMO_CASES
from intake.demo.first_visits import DEMO_FIRST_VISITS
from intake.models import AuditEvent, FirstVisit

pytestmark = pytest.mark.django_db


def test_every_demo_first_visit_belongs_to_a_demo_case():
    assert set(DEMO_FIRST_VISITS) <= {spec["name"] for spec in DEMO_CASES}


def test_seed_demo_records_first_visits_once_with_some_disagreement():
    call_command("seed_demo", stdout=io.StringIO())
    visits = FirstVisit.objects.select_related("case__patient")
    assert visits.count() == len(DEMO_FIRST_VISITS)
    signed = visits.filter(signed_at__isnull=False)
    assert 0 < visits.filter(signed_at__isnull=True).count() < signed.count()
    assert {visit.case.patient.name for visit in visits} == set(DEMO_FIRST_VISITS)
    disagreeing = [visit for visit in signed if visit.working_diagnosis != visit.case.pathway]
    assert 4 <= len(disagreeing) < signed.count() // 2
    assert visits.filter(working_diagnosis="other").exclude(differential="").count() >= 2

    events = AuditEvent.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert FirstVisit.objects.count() == len(DEMO_FIRST_VISITS) and AuditEvent.objects.count() == events

    data = selectors.rules_review_data()
    (version,) = agreement.review(data.reviewed, overrides=data.overrides, red_flags=data.red_flags)
    assert version.cases == signed.count()
    assert 0 < version.agreement.count < version.agreement.total
    assert version.overrides  # the demo physiotherapist changed two pathways
