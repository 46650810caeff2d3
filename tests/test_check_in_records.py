"""Check-ins and their outcomes as records (issue 16): read-only in Django admin, in the patient's data
export, and the patient's own words (the PSFS activities) erased with their personal data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from intake import services
from intake.models import CheckIn, CheckInSafety, Outcome
from intake.services.privacy import ERASED_TEXT
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcome(db):
    case = CaseFactory(status="approved")
    check_in = CheckIn.objects.create(case=case, weeks=2, due_at=timezone.now() - dt.timedelta(days=1))
    CheckIn.objects.create(case=case, weeks=6, due_at=timezone.now() + dt.timedelta(weeks=4))
    return Outcome.objects.create(
        check_in=check_in,
        heel_pain=6,
        thigh_pain=2,
        global_change=1,
        adherence_days=5,
        lefs_items=[2] * 20,
        lefs_score=40,
        psfs_ratings=[{"activity": "Walking my dog Rex", "score": 4}],
        psfs_score=Decimal(4),
        safety_answers={"bladder_bowel_change": "no"},
    )


@pytest.mark.parametrize("model", [CheckIn, Outcome], ids=lambda model: model.__name__)
def test_check_ins_and_outcomes_are_read_only_in_admin(clinic_admin_client, outcome, model):
    record = outcome if model is Outcome else outcome.check_in
    name = f"admin:intake_{model._meta.model_name}"
    changelist = clinic_admin_client.get(reverse(f"{name}_changelist") + "?q=" + outcome.check_in.case.reference)
    assert changelist.status_code == HTTPStatus.OK and outcome.check_in.case.reference in changelist.content.decode()
    change = clinic_admin_client.get(reverse(f"{name}_change", args=[record.pk]))
    assert change.status_code == HTTPStatus.OK and "Walking my dog Rex" in change.content.decode()
    assert 'name="_save"' not in change.content.decode()  # a view page: no Save button
    assert clinic_admin_client.get(reverse(f"{name}_add")).status_code == HTTPStatus.FORBIDDEN
    clinic_admin_client.post(reverse(f"{name}_change", args=[record.pk]), {"weeks": 9, "heel_pain": 0})
    outcome.refresh_from_db()
    assert outcome.heel_pain == 6 and outcome.check_in.weeks == 2


def test_physiotherapists_cannot_open_them_in_admin(physio_client, outcome):
    response = physio_client.get(reverse("admin:intake_outcome_changelist"))
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)


def test_the_patients_export_holds_their_check_ins_and_answers(outcome, clinic_admin):
    data = services.patient_export(patient=outcome.check_in.case.patient, actor=clinic_admin)
    check_ins = data["cases"][0]["check_ins"]
    assert [check_in["weeks"] for check_in in check_ins] == [2, 6]
    answers = check_ins[0]["answers"]
    assert answers["lefs_score"] == 40 and answers["lefs_items"] == [2] * 20
    assert answers["psfs_activities"] == [{"activity": "Walking my dog Rex", "score": 4}]
    assert answers["psfs_score"] == "4.00" and answers["heel_pain"] == 6
    assert answers["safety_answers"] == {"bladder_bowel_change": "no"}
    assert check_ins[1]["answers"] is None


def test_erasure_removes_the_patients_words_but_keeps_the_scores(outcome, clinic_admin):
    services.patient_erase(patient=outcome.check_in.case.patient, actor=clinic_admin)
    outcome.refresh_from_db()
    assert outcome.psfs_ratings == [{"activity": ERASED_TEXT, "score": 4}]
    assert outcome.psfs_score == Decimal(4) and outcome.lefs_score == 40


def test_the_export_holds_a_first_page_sent_without_the_second(clinic_admin):
    case = CaseFactory(status="approved")
    check_in = CheckIn.objects.create(case=case, weeks=2, due_at=timezone.now() - dt.timedelta(days=1))
    CheckInSafety.objects.create(
        check_in=check_in, heel_pain=5, thigh_pain=0, safety_answers={"bladder_bowel_change": "no"}
    )
    exported = services.patient_export(patient=case.patient, actor=clinic_admin)["cases"][0]["check_ins"][0]
    assert exported["answers"] is None
    assert exported["first_page"]["heel_pain"] == 5
    assert exported["first_page"]["safety_answers"] == {"bladder_bowel_change": "no"}


def test_admin_shows_a_check_ins_first_page(clinic_admin_client):
    case = CaseFactory(status="approved")
    check_in = CheckIn.objects.create(case=case, weeks=2, due_at=timezone.now() - dt.timedelta(days=1))
    services.check_in_safety_answer(check_in=check_in, heel_pain=5, thigh_pain=0)
    body = clinic_admin_client.get(reverse("admin:intake_checkin_change", args=[check_in.pk])).content.decode()
    assert "Check-in first page (safety and pain)" in body and "Heel pain" in body
