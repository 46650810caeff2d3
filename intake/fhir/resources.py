"""A case as FHIR R4 resources (fhir.resources' R4B models): who the patient is, what they answered,
what the rules suggested, the approved plan, the referral and the outcome scores, in one Bundle.

Each mapping is a small function from one model to one resource, built as plain data and checked by
the library's model (``model_validate``), so a field the resource does not have fails here, not at the
clinic's server. The outcome measures are a table (``MEASURES``): a new measure is one row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient as FhirPatient
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir.resources.R4B.resource import Resource
from fhir.resources.R4B.riskassessment import RiskAssessment
from fhir.resources.R4B.servicerequest import ServiceRequest

from intake.fhir.questionnaire import LOINC, QUESTIONNAIRE_ID, SNOMED, UCUM, fhir_base, response_items
from intake.models import Assessment, Case, CaseStatus, Outcome, PlanItem, TherapyPlan
from intake.rules.vocabulary import Pathway, Urgency

# Our own code systems, under this clinic's FHIR address.
PATHWAY_SYSTEM = "CodeSystem/pathway"
RED_FLAG_SYSTEM = "CodeSystem/red-flag"
SIGN_SYSTEM = "CodeSystem/sign"
URGENCY_SYSTEM = "CodeSystem/urgency"
RULES_SYSTEM = "CodeSystem/rules-version"
EXERCISE_SYSTEM = "CodeSystem/exercise"
MEASURE_SYSTEM = "CodeSystem/outcome-measure"
CASE_REFERENCE_SYSTEM = "NamingSystem/case-reference"


def system(path: str) -> str:
    return f"{fhir_base()}/{path}"


def instant(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@dataclass(frozen=True)
class Ids:
    """The resource ids of one case, all from its public reference (never a database id)."""

    reference: str

    @property
    def patient(self) -> str:
        return f"{self.reference}-patient"

    @property
    def response(self) -> str:
        return f"{self.reference}-intake"

    def assessment(self, assessment: Assessment) -> str:
        # Assessments are numbered within the case by creation; the pk keeps them apart and says nothing.
        return f"{self.reference}-assessment-{assessment.created_at:%Y%m%d%H%M%S}"

    def plan(self, plan: TherapyPlan) -> str:
        return f"{self.reference}-plan-{plan.version}"

    @property
    def referral(self) -> str:
        return f"{self.reference}-referral"

    def observation(self, outcome: Outcome, measure: str) -> str:
        return f"{self.reference}-week-{outcome.check_in.weeks}-{measure.replace('_', '-')}"


def case_identifier(case: Case) -> dict[str, str]:
    return {"system": system(CASE_REFERENCE_SYSTEM), "value": case.reference}


def patient_resource(case: Case) -> FhirPatient:
    """Only what the clinic holds: name, birth date, phone and e-mail; nothing after erasure."""
    patient = case.patient
    data: dict[str, object] = {"resourceType": "Patient", "id": Ids(case.reference).patient}
    if patient.erased_at is None:
        data["name"] = [{"text": patient.name}]
        telecom = [
            {"system": kind, "value": value}
            for kind, value in (("phone", patient.phone), ("email", patient.email))
            if value
        ]
        if telecom:
            data["telecom"] = telecom
        if patient.date_of_birth:
            data["birthDate"] = patient.date_of_birth.isoformat()
    if case.language:
        data["communication"] = [
            {"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": case.language}]}, "preferred": True}
        ]
    return FhirPatient.model_validate(data)


def response_resource(case: Case) -> QuestionnaireResponse:
    """The patient's answers (the Answers row), grouped as the Questionnaire asks them."""
    ids = Ids(case.reference)
    data = {
        "resourceType": "QuestionnaireResponse",
        "id": ids.response,
        # The case's last change: answers have no time of their own, and a change to the case may come
        # with one to its answers, so a client that fetches "changed since" never misses one.
        "meta": {"lastUpdated": instant(case.updated_at)},
        "identifier": case_identifier(case),
        "questionnaire": f"{fhir_base()}/Questionnaire/{QUESTIONNAIRE_ID}",
        "status": "completed",
        "subject": {"reference": f"Patient/{ids.patient}"},
        "authored": instant(case.submitted_at),
        "source": {"reference": f"Patient/{ids.patient}"},
        "item": response_items(case.answers.as_dict()),
    }
    return QuestionnaireResponse.model_validate(data)


def _coding(path: str, code: str, display: str) -> dict[str, str]:
    return {"system": system(path), "code": code, "display": display}


def risk_assessment_resource(case: Case, assessment: Assessment) -> RiskAssessment:
    """The engine's suggestion: the pathway (with its signs) and each red flag with its urgency.

    A RiskAssessment, not a ClinicalImpression: the engine predicts how urgent the case is and which
    pathway it most likely belongs to, from the answers alone; a ClinicalImpression is a clinician's
    own assessment, which this is not until a physiotherapist reviews it (the CarePlan says they did).
    """
    ids = Ids(case.reference)
    result = assessment.engine_result
    # The pathway the scores chose and its signs (with a red flag the suggestion is urgent referral,
    # which has no signs of its own: the flags are its reasons, each a prediction below).
    suggested = next((score for score in result.ranking if score.pathway == result.scored_pathway), None)
    signs = list(suggested.signs_for) if suggested else []
    predictions = [
        {
            "outcome": {"coding": [_coding(PATHWAY_SYSTEM, result.pathway.value, result.pathway.label)]},
            "qualitativeRisk": {"coding": [_coding(URGENCY_SYSTEM, result.urgency.value, result.urgency.label)]},
            "rationale": "Suggested pathway. " + " ".join(sign.explanation for sign in signs),
        },
        *(
            {
                "outcome": {"coding": [_coding(RED_FLAG_SYSTEM, flag.rule, flag.explanation)]},
                "qualitativeRisk": {"coding": [_coding(URGENCY_SYSTEM, flag.urgency.value, flag.urgency.label)]},
                "rationale": flag.explanation,
            }
            for flag in result.red_flags
        ),
    ]
    basis = [
        {"reference": f"QuestionnaireResponse/{ids.response}"},
        *(
            {"identifier": {"system": system(SIGN_SYSTEM), "value": sign.rule}, "display": sign.explanation}
            for sign in signs
        ),
    ]
    data = {
        "resourceType": "RiskAssessment",
        "id": ids.assessment(assessment),
        "identifier": [case_identifier(case)],
        "status": "final" if assessment.result else "preliminary",
        "method": {
            "coding": [_coding(RULES_SYSTEM, assessment.rules_version, f"Intake rules {assessment.rules_version}")],
            "text": f"Differential-signs rules, version {assessment.rules_version}",
        },
        "subject": {"reference": f"Patient/{ids.patient}"},
        "occurrenceDateTime": instant(assessment.created_at),
        "basis": basis,
        "prediction": predictions,
    }
    return RiskAssessment.model_validate(data)


def _activity(item: PlanItem) -> dict[str, object]:
    code: dict[str, object] = {"text": item.name}
    if item.exercise is not None:
        code["coding"] = [_coding(EXERCISE_SYSTEM, item.exercise.code, item.exercise.name)]
    detail: dict[str, object] = {
        "code": code,
        "status": "in-progress",
        "description": item.patient_instructions,
    }
    dose = item.dose_text()
    if dose:
        detail["scheduledString"] = dose
    if item.reps:
        detail["quantity"] = {"value": item.reps, "unit": "repetitions", "system": UCUM, "code": "{repetitions}"}
    return {"detail": detail}


def care_plan_resource(case: Case, plan: TherapyPlan) -> CarePlan:
    """The approved plan: each item an activity, its dose as the handout words it."""
    ids = Ids(case.reference)
    data = {
        "resourceType": "CarePlan",
        "id": ids.plan(plan),
        "identifier": [case_identifier(case)],
        "status": "active" if case.status != CaseStatus.CLOSED else "completed",
        "intent": "plan",
        "title": f"Exercise and advice plan, version {plan.version}",
        "category": [{"coding": [_coding(PATHWAY_SYSTEM, plan.pathway, Pathway(plan.pathway).label)]}],
        "subject": {"reference": f"Patient/{ids.patient}"},
        "created": instant(plan.approved_at),
        "author": {"display": plan.approved_by.get_full_name() or plan.approved_by.get_username()}
        if plan.approved_by
        else None,
        "supportingInfo": [{"reference": f"QuestionnaireResponse/{ids.response}"}],
        "activity": [_activity(item) for item in plan.items.all()],
    }
    return CarePlan.model_validate({key: value for key, value in data.items() if value is not None})


def referral_resource(case: Case) -> ServiceRequest:
    """The case referred on: where to, and the physiotherapist's note."""
    ids = Ids(case.reference)
    data: dict[str, object] = {
        "resourceType": "ServiceRequest",
        "id": ids.referral,
        "identifier": [case_identifier(case)],
        "status": "active",
        "intent": "order",
        "code": {"coding": [{"system": SNOMED, "code": "3457005", "display": "Patient referral"}]},
        "subject": {"reference": f"Patient/{ids.patient}"},
        "performerType": {"text": case.get_referred_to_display()},
        "supportingInfo": [{"reference": f"QuestionnaireResponse/{ids.response}"}],
        "priority": "urgent" if case.urgency != Urgency.ROUTINE else "routine",
    }
    if case.referral_note:
        data["note"] = [{"text": case.referral_note}]
    return ServiceRequest.model_validate(data)


# --- Outcome scores ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """One outcome measure as an Observation: its code, and how to read its value from an Outcome."""

    key: str
    code: dict[str, object]
    value: Callable[[Outcome], dict[str, object] | None]
    body_site: str = ""


NPRS = {"system": LOINC, "code": "72514-3", "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}


def _score(field: str) -> Callable[[Outcome], dict[str, object] | None]:
    def read(outcome: Outcome) -> dict[str, object] | None:
        value = getattr(outcome, field)
        return None if value is None else {"valueQuantity": {"value": value, "system": UCUM, "code": "{score}"}}

    return read


def _local(key: str, display: str) -> dict[str, object]:
    return {"coding": [{"system": system(MEASURE_SYSTEM), "code": key, "display": display}], "text": display}


# LOINC where a code means exactly this measure; our own code otherwise (the 7-point global rating of
# change and the days-done count have no LOINC code for these exact wordings; the LEFS and PSFS totals
# carry our own code rather than a LOINC code we could not confirm here).
MEASURES: tuple[Measure, ...] = (
    Measure("heel_pain", {"coding": [NPRS], "text": "Heel pain now (NPRS 0-10)"}, _score("heel_pain"), "Heel"),
    Measure(
        "thigh_pain",
        {"coding": [NPRS], "text": "Back-of-thigh pain now (NPRS 0-10)"},
        _score("thigh_pain"),
        "Back of thigh",
    ),
    Measure(
        "global_change",
        _local("global_change", "Global rating of change since starting the plan (-3 much worse to +3 much better)"),
        lambda outcome: {"valueInteger": outcome.global_change},
    ),
    Measure(
        "lefs",
        _local("lefs", "Lower Extremity Functional Scale total (0-80, higher is better; Binkley 1999)"),
        _score("lefs_score"),
    ),
    Measure(
        "psfs",
        _local("psfs", "Patient-Specific Functional Scale, mean of the activities (0-10, higher is better)"),
        _score("psfs_score"),
    ),
    Measure(
        "adherence_days",
        _local("adherence_days", "Days in the last 7 the programme was done"),
        lambda outcome: {
            "valueQuantity": {"value": outcome.adherence_days, "unit": "days", "system": UCUM, "code": "d"}
        },
    ),
)


def observation_resources(case: Case, outcomes: Iterable[Outcome]) -> list[Observation]:
    ids = Ids(case.reference)
    observations = []
    for outcome in outcomes:
        for measure in MEASURES:
            value = measure.value(outcome)
            if value is None:
                continue
            data = {
                "resourceType": "Observation",
                "id": ids.observation(outcome, measure.key),
                "status": "final",
                "category": [
                    {
                        "coding": [
                            {"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey"}
                        ]
                    }
                ],
                "code": measure.code,
                "subject": {"reference": f"Patient/{ids.patient}"},
                "effectiveDateTime": instant(outcome.answered_at),
                "issued": instant(outcome.answered_at),
                "note": [{"text": f"Follow-up check-in, week {outcome.check_in.weeks}"}],
                **value,
            }
            if measure.body_site:
                data["bodySite"] = {"text": measure.body_site}
            observations.append(Observation.model_validate(data))
    return observations


# --- The whole case ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRecord:
    """Everything the Bundle needs, read in a fixed number of queries (intake/fhir/selectors.py)."""

    case: Case
    assessment: Assessment | None
    plan: TherapyPlan | None
    outcomes: list[Outcome]


def case_resources(record: CaseRecord) -> list[Resource]:
    case = record.case
    resources: list[Resource] = [patient_resource(case)]
    if hasattr(case, "answers"):
        resources.append(response_resource(case))
    if record.assessment is not None:
        resources.append(risk_assessment_resource(case, record.assessment))
    if record.plan is not None:
        resources.append(care_plan_resource(case, record.plan))
    if case.referred_to:
        resources.append(referral_resource(case))
    resources.extend(observation_resources(case, record.outcomes))
    return resources


def entry(resource: Resource) -> dict[str, object]:
    return {
        "fullUrl": f"{fhir_base()}/{resource.get_resource_type()}/{resource.id}",
        "resource": resource.model_dump(mode="json"),
    }


def case_bundle(record: CaseRecord, *, now: dt.datetime) -> Bundle:
    """All of a case as one ``collection`` Bundle: a set of resources kept together, not a search."""
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "id": f"{record.case.reference}-case",
            "identifier": case_identifier(record.case),
            "type": "collection",
            "timestamp": instant(now),
            "entry": [entry(resource) for resource in case_resources(record)],
        }
    )
