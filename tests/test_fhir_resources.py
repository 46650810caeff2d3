"""A case as FHIR resources: every resource parses with fhir.resources and is valid against the official
R4 JSON schema, and carries what the clinic's other systems need (codes, doses, the rules version)."""

from __future__ import annotations

import datetime as dt

import pytest
from fhir.resources.R4B.bundle import Bundle

from intake import services
from intake.fhir.resources import MEASURES, case_bundle
from intake.fhir.selectors import case_record
from intake.models import Case
from tests.fhir_support import schema_errors, with_outcome
from tests.staff_support import URGENT_ANSWERS, approved_case, submit

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)


def referred(case: Case, note: str = "Sent to the GP for blood tests.") -> Case:
    Case.objects.filter(pk=case.pk).update(referred_to="gp", referral_note=note, status="referred")
    case.refresh_from_db()
    return case


def bundle_of(case: Case) -> dict:
    return case_bundle(case_record(reference=case.reference), now=NOW).model_dump(mode="json")


def resources(bundle: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for entry in bundle["entry"]:
        found.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    return found


@pytest.fixture
def full_case(physiotherapist) -> Case:
    """Answers, a suggestion, an approved plan, a referral and one check-in's outcome scores."""
    case, _plan = approved_case(physiotherapist)
    with_outcome(case)
    return referred(case)


def test_every_resource_of_a_full_case_parses_and_is_valid_r4(full_case) -> None:
    bundle = bundle_of(full_case)

    Bundle.model_validate(bundle)  # fhir.resources parses the whole bundle, every entry included
    assert schema_errors(bundle) == []
    for entry in bundle["entry"]:
        assert schema_errors(entry["resource"]) == [], entry["resource"]["resourceType"]
    assert set(resources(bundle)) == {
        "Patient",
        "QuestionnaireResponse",
        "RiskAssessment",
        "CarePlan",
        "ServiceRequest",
        "Observation",
    }
    assert bundle["type"] == "collection"


def test_the_patient_carries_only_what_the_clinic_holds(full_case) -> None:
    (patient,) = resources(bundle_of(full_case))["Patient"]
    assert patient["name"] == [{"text": "Margaret Ellison"}]
    assert set(patient) <= {"resourceType", "id", "name", "telecom", "birthDate", "communication"}
    assert full_case.reference in patient["id"]


def test_an_erased_patient_is_exported_without_name_or_contact(full_case) -> None:
    services.patient_erase(patient=full_case.patient, actor=None)
    (patient,) = resources(bundle_of(full_case))["Patient"]
    assert "name" not in patient and "telecom" not in patient and "birthDate" not in patient


def test_the_risk_assessment_names_the_rules_version_and_the_signs(full_case) -> None:
    (risk,) = resources(bundle_of(full_case))["RiskAssessment"]
    assessment = full_case.latest_assessment()
    assert risk["method"]["coding"][0]["code"] == assessment.rules_version
    sign_rules = {basis["identifier"]["value"] for basis in risk["basis"] if "identifier" in basis}
    scored = next(score for score in assessment.engine_result.ranking if score.pathway == assessment.pathway)
    assert sign_rules == {sign.rule for sign in scored.signs_for} and sign_rules
    assert risk["prediction"][0]["outcome"]["coding"][0]["code"] == assessment.pathway


def test_each_red_flag_is_a_prediction_with_its_urgency(physiotherapist) -> None:
    case = submit(URGENT_ANSWERS)
    (risk,) = resources(bundle_of(case))["RiskAssessment"]
    flags = {prediction["outcome"]["coding"][0]["code"]: prediction for prediction in risk["prediction"][1:]}
    assert "RF-CANCER" in flags
    assert flags["RF-CANCER"]["qualitativeRisk"]["coding"][0]["code"] == "urgent"


def test_the_care_plan_lists_each_item_with_its_dose(full_case) -> None:
    (care_plan,) = resources(bundle_of(full_case))["CarePlan"]
    plan = full_case.plans.get(status="approved")
    items = list(plan.items.all())
    assert [activity["detail"]["code"]["text"] for activity in care_plan["activity"]] == [item.name for item in items]
    dosed = [item for item in items if item.dose_text()]
    assert dosed
    assert {activity["detail"].get("scheduledString") for activity in care_plan["activity"]} >= {
        item.dose_text() for item in dosed
    }


def test_the_referral_says_where_to_with_the_note(full_case) -> None:
    (referral,) = resources(bundle_of(full_case))["ServiceRequest"]
    assert referral["performerType"]["text"] == "GP (family doctor)"
    assert referral["note"] == [{"text": "Sent to the GP for blood tests."}]


def test_each_outcome_score_is_an_observation_with_loinc_for_pain(full_case) -> None:
    observations = resources(bundle_of(full_case))["Observation"]
    assert len(observations) == len(MEASURES)
    heel = next(observation for observation in observations if observation["bodySite"]["text"] == "Heel")
    assert heel["code"]["coding"][0]["code"] == "72514-3"
    assert heel["valueQuantity"]["value"] == 3


def test_a_case_without_a_plan_referral_or_outcomes_exports_what_it_has() -> None:
    case = submit()
    bundle = bundle_of(case)
    assert set(resources(bundle)) == {"Patient", "QuestionnaireResponse", "RiskAssessment"}
    assert schema_errors(bundle) == []


def test_the_lefs_and_psfs_scores_are_observations_too(full_case) -> None:
    observations = resources(bundle_of(full_case))["Observation"]
    by_code = {observation["code"]["coding"][0]["code"]: observation for observation in observations}
    assert by_code["lefs"]["valueQuantity"]["value"] == 52
    assert by_code["psfs"]["valueQuantity"]["value"] == 6.5
