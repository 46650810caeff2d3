"""The intake as a FHIR Questionnaire: the questions a FHIR form filler would ask (its enableWhen) are the
questions the patient pages ask, for every corpus case and demo patient; and each case's answers survive
the trip through a QuestionnaireResponse, to the same suggestion."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from intake import rules
from intake.fhir.questionnaire import answers_from_response, intake_questionnaire, response_items
from intake.fhir.resources import response_resource
from intake.patient.flow import HONEYPOT_FIELD, STEPS, form_context
from tests.fhir_support import CORPUS_CASES, PERSONAS, answers_by_link, enabled_questions, schema_errors
from tests.staff_support import submit


def questionnaire() -> dict:
    return intake_questionnaire(rules_version=rules.RULES_VERSION).model_dump(mode="json")


def asked_by_the_flow(answers: dict) -> list[tuple[str, str]]:
    """(step, field) for every question the patient pages show a patient with these answers."""
    context = form_context(answers)
    return [
        (step.slug, name)
        for step in STEPS
        if step.applies(context)
        for name in step.form_class(context=context).fields
        if name != HONEYPOT_FIELD
    ]


def asked_by_fhir(answers: dict) -> list[tuple[str, str]]:
    response = {"item": response_items(answers)}
    shown = enabled_questions(questionnaire(), answers_by_link(response))
    return [(link.split(".")[0], link.rsplit(".", 1)[1]) for link in shown]


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_enable_when_asks_what_the_patient_pages_ask(persona: str) -> None:
    answers = PERSONAS[persona]
    assert asked_by_fhir(answers) == asked_by_the_flow(answers)


def test_a_patient_without_thigh_pain_is_asked_the_nerve_questions_on_the_safety_step() -> None:
    answers = {**PERSONAS["corpus 01-pf-classic-runner"]}
    asked = asked_by_fhir(answers)
    assert ("safety", "low_back_pain") in asked
    assert not [question for question in asked if question[0] in ("thigh", "walking")]


def test_pregnancy_is_asked_only_with_a_calf_sign_and_an_age_of_12_to_55() -> None:
    base = {**PERSONAS["corpus 01-pf-classic-runner"], "calf_swelling": True}
    assert ("follow_up", "pregnant_or_postpartum") in asked_by_fhir({**base, "age": 40})
    assert ("follow_up", "pregnant_or_postpartum") not in asked_by_fhir({**base, "age": 60})
    assert ("follow_up", "pregnant_or_postpartum") not in asked_by_fhir({**base, "calf_swelling": False, "age": 40})


def test_the_questionnaire_parses_and_is_valid_r4() -> None:
    data = questionnaire()
    Questionnaire.model_validate(data)
    assert schema_errors(data) == []
    assert data["item"][0]["linkId"] == "about"
    pain = next(item for group in data["item"] for item in group["item"] if item["linkId"] == "heel.heel_pain_score")
    assert pain["code"][0] == {
        "system": "http://loinc.org",
        "code": "72514-3",
        "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
    }


def test_every_catalogue_question_is_in_the_questionnaire() -> None:
    """As a question of its own, or (the health conditions) as an option of the health step's list."""
    keys = set()

    def walk(items):
        for item in items:
            keys.add(item["linkId"].rsplit(".", 1)[-1])
            keys.update(option["valueCoding"]["code"] for option in item.get("answerOption", []))
            walk(item.get("item", []))

    walk(questionnaire()["item"])
    assert {question.key for question in rules.QUESTIONS} - keys == set()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CORPUS_CASES))
def test_a_corpus_case_read_back_from_its_response_gives_the_same_answers_and_assessment(name: str) -> None:
    case = submit(CORPUS_CASES[name]["answers"])
    exported = response_resource(case).model_dump_json()

    read_back = answers_from_response(QuestionnaireResponse.model_validate_json(exported))

    assert read_back == case.answers.as_dict()
    assessment = case.latest_assessment()
    assert rules.assess(read_back).to_dict() == assessment.result
    assert schema_errors(QuestionnaireResponse.model_validate_json(exported).model_dump(mode="json")) == []
