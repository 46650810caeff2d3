"""The worked cases in tests/corpus: each file is one patient, with the suggestion a clinician expects.

Changing a rule that moves a case fails here until the case is updated on purpose (and reviewed).
A case with red flags that no longer routes urgently always fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake.rules import RULE_SET, Pathway, Urgency, assess, validate

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FILES = sorted(CORPUS.glob("*.json"))
CASES = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in FILES}
FLAG_KEYS = {flag.id: flag.key for flag in RULE_SET.red_flags}


def _flags_as_expected(case: dict, result) -> list[str]:
    """The corpus may name red flags by rule id or by answer key; compare in the same terms."""
    expected = case["expected"]["red_flags"]
    if all(name in FLAG_KEYS for name in expected):
        return [flag.rule for flag in result.red_flags]
    return [flag.key for flag in result.red_flags]


def test_the_corpus_has_at_least_forty_cases() -> None:
    assert len(FILES) >= 40


def test_every_case_is_well_formed() -> None:
    for name, case in CASES.items():
        assert case["description"], name
        assert {"pathway", "red_flags", "urgency"} <= set(case["expected"]), name
        validate(case["answers"])  # a corpus case must itself be valid input


def test_every_pathway_is_covered() -> None:
    assert {case["expected"]["pathway"] for case in CASES.values()} == {pathway.value for pathway in Pathway}


def test_every_red_flag_rule_is_covered() -> None:
    named = {flag for case in CASES.values() for flag in case["expected"]["red_flags"]}
    assert {flag.id for flag in RULE_SET.red_flags} <= named | {rule for rule, key in FLAG_KEYS.items() if key in named}


def test_every_escalation_is_covered() -> None:
    escalated = set()
    for case in CASES.values():
        for flag in assess(case["answers"]).red_flags:
            if flag.escalated:
                escalated.add(flag.rule)
    assert escalated == {flag.id for flag in RULE_SET.red_flags if flag.escalate_if is not None}


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(name: str) -> None:
    case = CASES[name]
    expected = case["expected"]
    result = assess(case["answers"])
    assert result.pathway == expected["pathway"], case["description"]
    assert _flags_as_expected(case, result) == expected["red_flags"], case["description"]
    assert result.urgency == expected["urgency"], case["description"]
    if "plan" in expected:
        assert list(result.plan) == expected["plan"], case["description"]
    if "notes" in expected:
        assert [note.id for note in result.notes] == expected["notes"], case["description"]
    if "notes_include" in expected:
        assert set(expected["notes_include"]) <= {note.id for note in result.notes}, case["description"]
    if "questions_to_ask_include" in expected:
        asked = {question.key for question in result.questions_to_ask}
        assert set(expected["questions_to_ask_include"]) <= asked, case["description"]


@pytest.mark.parametrize("name", sorted(name for name, case in CASES.items() if case["expected"]["red_flags"]))
def test_a_red_flag_case_always_routes_urgently(name: str) -> None:
    """Separate from test_case on purpose: this one may never be 'updated' to pass."""
    result = assess(CASES[name]["answers"])
    assert result.pathway == Pathway.URGENT_REFERRAL
    assert result.urgency in (Urgency.URGENT, Urgency.EMERGENCY)
    assert result.plan == ()
    assert result.red_flags and result.advice
