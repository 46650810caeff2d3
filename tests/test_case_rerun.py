"""'Re-run under the current rules': the stored assessment beside the current rules' result, never stored."""

from __future__ import annotations

from http import HTTPStatus

import pytest

from intake import rules
from intake.models import Assessment, AuditEvent
from intake.rules.compare import compare
from tests.factories import PF_COMPENSATION_ANSWERS
from tests.staff_support import case_url, load_library, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(db):
    load_library()
    return submit()


def rerun(client, case):
    response = client.get(case_url(case, "staff:case_rerun"))
    assert response.status_code == HTTPStatus.OK
    return response


def test_the_case_page_links_to_the_rerun(physio_client, case):
    assert case_url(case, "staff:case_rerun") in physio_client.get(case_url(case)).content.decode()


def test_unchanged_rules_give_the_same_result(physio_client, case):
    response = rerun(physio_client, case)
    assert response.context["comparison"].same
    assert "give the same result" in response.content.decode()


def test_differences_from_an_older_snapshot_are_shown_side_by_side_and_nothing_is_stored(physio_client, case):
    # The stored snapshot as older rules might have left it: another pathway, a red flag, other scores.
    assessment = case.assessments.get()
    old = rules.assess({**PF_COMPENSATION_ANSWERS, "cancer_history": True}).to_dict()
    old["version"] = "2025.1+0ldrules"
    Assessment.objects.filter(pk=assessment.pk).update(result=old, rules_version="2025.1+0ldrules")
    events_before, version_before = AuditEvent.objects.count(), case.version

    response = rerun(physio_client, case)
    comparison = response.context["comparison"]
    changed = {row.aspect: (row.stored, row.current) for row in comparison.changed_rows}
    assert changed["Suggested pathway"] == (
        (rules.Pathway.URGENT_REFERRAL.label,),
        (rules.Pathway.PF_COMPENSATION.label,),
    )
    assert changed["Urgency"] == ((rules.Urgency.URGENT.label,), (rules.Urgency.ROUTINE.label,))
    assert changed["Red flags"] == (("RF-CANCER (urgent)",), ())
    assert "Plan items" in changed  # no self-care plan under a red flag; the plan now
    assert "Score: Heel pain driving back-of-thigh strain" not in changed  # the scores agree
    body = response.content.decode()
    assert "2025.1+0ldrules" in body and rules.RULES_VERSION in body
    assert body.count("<strong>changed</strong>") == len(comparison.changed_rows)

    # Never overwritten: the same snapshot, suggestion, version and audit trail as before.
    case.refresh_from_db()
    assert case.assessments.get().rules_version == "2025.1+0ldrules"
    assert (case.pathway, case.urgency, case.version) == ("pf_compensation", "routine", version_before)
    assert AuditEvent.objects.count() == events_before


def test_compare_lists_scores_and_questions_to_ask():
    full = rules.assess(PF_COMPENSATION_ANSWERS)
    fewer = {key: value for key, value in PF_COMPENSATION_ANSWERS.items() if key not in ("first_step_pain", "limping")}
    aspects = {row.aspect for row in compare(full, rules.assess(fewer)).changed_rows}
    assert any(aspect.startswith("Score: ") for aspect in aspects)
    sparse = {"heel_pain": True, "age": 40}
    asked = compare(rules.ENGINE.assess_without_questions(sparse), rules.assess(sparse))
    assert [row.aspect for row in asked.changed_rows] == ["Questions to ask"]
    assert compare(full, full).same
