"""A patient's answers, checked against the question contract (``questions.py``) on the way in."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Any as AnyType

from intake.rules.questions import QUESTIONS, QUESTIONS_BY_KEY, AnswerValue, Kind, domain


class AnswersInvalid(ValueError):
    """Answers that break the contract. ``errors`` maps each bad key to a message naming what is allowed."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors: dict[str, str] = dict(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "invalid answers: " + "; ".join(self.errors.values())


_PYTHON_TYPE: dict[str, type] = {
    question.key: {Kind.BOOL: bool, Kind.INT: int, Kind.CHOICE: str}[question.kind] for question in QUESTIONS
}

# Every valid (key, value, exact type), so that checking a whole answer set is one C-level subset
# test. The type is part of it because True == 1 and 30.0 == 30 in Python, and a boolean must never
# pass as a number, nor a number as a boolean.
_VALID_ANSWERS: frozenset[tuple[str, AnswerValue, type]] = frozenset(
    (question.key, value, _PYTHON_TYPE[question.key]) for question in QUESTIONS for value in domain(question.key)
)


def accepts(key: str, value: object) -> bool:
    """Whether ``value`` is a valid answer to the question ``key`` (an unknown key accepts nothing)."""
    try:
        return (key, value, type(value)) in _VALID_ANSWERS
    except TypeError:  # an unhashable value
        return False


def _problem(key: object, value: object) -> str | None:
    """What is wrong with one answer, or None if it is fine."""
    question = QUESTIONS_BY_KEY.get(key) if isinstance(key, str) else None
    if question is None:
        close = difflib.get_close_matches(str(key), QUESTIONS_BY_KEY, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{key!r} is not a known question key{hint}"
    if value is None or accepts(question.key, value):
        return None
    return f"{question.key} must be {question.allowed()}, not {value!r}"


class Answers(Mapping[str, AnswerValue]):
    """One patient's validated answers, read-only. Only answered keys are present."""

    __slots__ = ("_data",)
    _data: dict[str, AnswerValue]

    def __init__(self, answers: Mapping[str, object] | None = None) -> None:
        object.__setattr__(self, "_data", validate(answers or {})._data)

    @classmethod
    def _trusted(cls, data: dict[str, AnswerValue]) -> Answers:
        instance = object.__new__(cls)
        object.__setattr__(instance, "_data", data)
        return instance

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Answers are read-only")

    def __getitem__(self, key: str) -> AnswerValue:
        return self._data[key]

    def get(self, key: str, default: AnyType = None) -> AnyType:
        return self._data.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __repr__(self) -> str:
        return f"Answers({self._data!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Answers):
            return self._data == other._data
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def as_dict(self) -> dict[str, AnswerValue]:
        return dict(self._data)


def validate(answers: Mapping[str, object]) -> Answers:
    """Check answers against the contract; return them read-only without the unanswered (None) keys.

    Raises ``AnswersInvalid`` naming every unknown key, wrong type (booleans are not numbers and
    numbers are not booleans), out-of-range number and unknown choice.
    """
    # Exact type checks first: isinstance() against these abstract classes costs more than the rest of a check.
    kind = type(answers)
    if kind is Answers:
        return answers  # type: ignore[return-value]  # mypy cannot narrow a Mapping by type() is
    if kind is not dict and not isinstance(answers, Mapping):
        raise AnswersInvalid({"(answers)": f"answers must be a JSON object of question keys, not {kind.__name__}"})
    # Fast path for the common, valid case; anything unusual (None, a bad key or value) falls through.
    values = answers.values()
    try:
        if _VALID_ANSWERS.issuperset(zip(answers.keys(), values, map(type, values), strict=True)):
            return Answers._trusted(dict(answers))  # type: ignore[arg-type]  # every value was just checked
    except TypeError:  # an unhashable value; reported below
        pass
    errors: dict[str, str] = {}
    data: dict[str, AnswerValue] = {}
    for key, value in answers.items():
        problem = _problem(key, value)
        if problem is not None:
            errors[str(key)] = problem
        elif value is not None:
            data[key] = value  # type: ignore[assignment]  # accepted by _problem
    if errors:
        raise AnswersInvalid(errors)
    return Answers._trusted(data)
