"""Shared helpers for the rules-engine tests: answer builders and hypothesis strategies from QUESTIONS."""

from __future__ import annotations

from hypothesis import strategies as st

from intake.rules import QUESTIONS, Result
from intake.rules.conditions import All, Any, AtLeast, Below, Condition, Is, OneOf
from intake.rules.questions import Kind, Question, Section, questions_in

KEYS = frozenset(question.key for question in QUESTIONS)
SAFETY_KEYS = tuple(question.key for question in questions_in(Section.SAFETY))


def no_red_flags(**answers: object) -> dict[str, object]:
    """Every safety question answered no, then the given answers."""
    return {**dict.fromkeys(SAFETY_KEYS, False), **answers}


def flag_ids(result: Result) -> list[str]:
    return [flag.rule for flag in result.red_flags]


def sign_ids(result: Result) -> set[str]:
    return {sign.rule for entry in result.ranking for sign in entry.signs_for + entry.signs_against}


def entry(result: Result, pathway: str):
    (found,) = [item for item in result.ranking if item.pathway == pathway]
    return found


def witness(condition: Condition) -> dict[str, object]:
    """Answers that make a positive condition (no Not) true whatever else is answered."""
    if isinstance(condition, Is):
        return {condition.key: condition.value}
    if isinstance(condition, OneOf):
        return {condition.key: condition.values[0]}
    if isinstance(condition, AtLeast):
        return {condition.key: condition.minimum}
    if isinstance(condition, Below):
        return {condition.key: condition.limit - 1}
    if isinstance(condition, All):
        merged: dict[str, object] = {}
        for part in condition.conditions:
            merged.update(witness(part))
        return merged
    if isinstance(condition, Any):
        return witness(condition.conditions[0])
    raise TypeError(f"no witness for {condition!r}")


def value_strategy(question: Question) -> st.SearchStrategy[object]:
    if question.kind is Kind.BOOL:
        return st.booleans()
    if question.kind is Kind.INT:
        return st.integers(question.minimum, question.maximum)
    return st.sampled_from(question.values)


# Any valid answers: any subset of the keys, each with an allowed value.
valid_answers = st.fixed_dictionaries({}, optional={question.key: value_strategy(question) for question in QUESTIONS})

# The same, but safety questions mostly answered no, so that the scoring paths get exercised too.
mostly_safe_answers = st.fixed_dictionaries(
    {},
    optional={
        question.key: (
            st.sampled_from([False, False, False, True]) if question.key in SAFETY_KEYS else value_strategy(question)
        )
        for question in QUESTIONS
    },
)
