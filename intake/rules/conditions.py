"""Conditions as data: small predicate records a clinician can read and the engine can evaluate.

A rule's condition is built from these records (``Is("heel_pain_site", "arch")``,
``AtLeast("bmi", 30)``, ``All(...)``, ``Any(...)``, ``Not(...)``) rather than from lambdas, so that

* the "About these suggestions" page can print every condition in words (``describe()``),
* the rules version can be hashed from the data itself, and
* the engine can see which answer keys each rule depends on (``keys()``), which is what makes
  "questions that would change the answer" cheap to work out.

Missing answers use three-valued logic: a condition on an unanswered key is *unknown* (``None``),
``Not`` of unknown is unknown, ``All`` is false as soon as one part is false and ``Any`` is true as
soon as one part is true. A rule fires only when its condition is definitely true, so a missing
answer never counts for or against anything, and adding an answer can turn "unknown" into "true"
but can never turn "false" into "true" (removing an answer can therefore never raise a red flag).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from intake.rules.questions import QUESTIONS_BY_KEY, AnswerValue, Kind
from intake.rules.vocabulary import Pathway

# True, False, or None for "cannot tell yet: an answer it needs is missing".
Truth = bool | None


@dataclass(frozen=True)
class ScoringContext:
    """What differential notes may ask about besides answers: what the scores decided."""

    eligible: Mapping[Pathway, bool]
    scored_pathway: Pathway


def _value_words(key: str, value: AnswerValue) -> str:
    question = QUESTIONS_BY_KEY.get(key)
    if question is not None and question.kind is Kind.CHOICE:
        for choice, label in question.choices:
            if choice == value:
                return f'"{label}"'
    return f'"{value}"'


def _key_words(key: str) -> str:
    return key.replace("_", " ")


def _in_a_sentence(label: str) -> str:
    """A label as it reads inside a sentence ("Local hamstring strain" -> "local hamstring strain")."""
    return label[:1].lower() + label[1:]


class Condition:
    """Base of all condition records."""

    def describe(self) -> str:
        raise NotImplementedError

    def keys(self) -> frozenset[str]:
        """The answer keys this condition reads."""
        raise NotImplementedError

    def evaluate(self, answers: Mapping[str, AnswerValue], context: ScoringContext | None = None) -> Truth:
        """True, False or None (unknown), under the three-valued logic described above."""
        raise NotImplementedError

    def uses_context(self) -> bool:
        return False


@dataclass(frozen=True)
class Is(Condition):
    """The answer to ``key`` is ``value`` (``Is("felt_pop", True)``, ``Is("thigh_onset", "sudden")``)."""

    key: str
    value: AnswerValue

    def describe(self) -> str:
        question = QUESTIONS_BY_KEY.get(self.key)
        if question is not None and question.kind is Kind.BOOL:
            return f'{"yes" if self.value is True else "no"} to "{question.meaning}"'
        return f"{_key_words(self.key)} is {_value_words(self.key, self.value)}"

    def keys(self) -> frozenset[str]:
        return frozenset((self.key,))

    def evaluate(self, answers: Mapping[str, AnswerValue], context: ScoringContext | None = None) -> Truth:
        answer = answers.get(self.key)
        return None if answer is None else answer == self.value


@dataclass(frozen=True)
class OneOf(Condition):
    """The answer to ``key`` is any of ``values``."""

    key: str
    values: tuple[AnswerValue, ...]

    def describe(self) -> str:
        words = " or ".join(_value_words(self.key, value) for value in self.values)
        return f"{_key_words(self.key)} is {words}"

    def keys(self) -> frozenset[str]:
        return frozenset((self.key,))

    def evaluate(self, answers: Mapping[str, AnswerValue], context: ScoringContext | None = None) -> Truth:
        answer = answers.get(self.key)
        return None if answer is None else answer in self.values


@dataclass(frozen=True)
class AtLeast(Condition):
    """A whole-number answer is ``minimum`` or more (``AtLeast("bmi", 30)``)."""

    key: str
    minimum: int

    def describe(self) -> str:
        return f"{_key_words(self.key)} {self.minimum} or more"

    def keys(self) -> frozenset[str]:
        return frozenset((self.key,))

    def evaluate(self, answers: Mapping[str, AnswerValue], context: ScoringContext | None = None) -> Truth:
        answer = answers.get(self.key)
        # check_rule_set allows AtLeast on whole-number questions only, so the answer is an int.
        return None if answer is None else answer >= self.minimum  # type: ignore[operator]


@dataclass(frozen=True)
class Below(Condition):
    """A whole-number answer is less than ``limit`` (``Below("age", 16)`` means 15 or younger)."""

    key: str
    limit: int

    def describe(self) -> str:
        return f"{_key_words(self.key)} under {self.limit}"

    def keys(self) -> frozenset[str]:
        return frozenset((self.key,))

    def evaluate(self, answers: Mapping[str, AnswerValue], context: ScoringContext | None = None) -> Truth:
        answer = answers.get(self.key)
        return None if answer is None else answer < self.limit  # type: ignore[operator]


class _Group(Condition):
    conditions: tuple[Condition, ...]
    _joiner = ""

    def __init__(self, *conditions: Condition) -> None:
        if not conditions:
            raise ValueError(f"{type(self).__name__}() needs at least one condition")
        object.__setattr__(self, "conditions", tuple(conditions))

    def describe(self) -> str:
        parts = []
        for condition in self.conditions:
            words = condition.describe()
            parts.append(f"({words})" if isinstance(condition, _Group) and len(condition.conditions) > 1 else words)
        return self._joiner.join(parts)

    def keys(self) -> frozenset[str]:
        return frozenset().union(*(condition.keys() for condition in self.conditions))

    def uses_context(self) -> bool:
        return any(condition.uses_context() for condition in self.conditions)


@dataclass(frozen=True, init=False)
class All(_Group):
    """Every part is true. False as soon as one part is false, unknown if a part is unknown."""

    conditions: tuple[Condition, ...]
    _joiner = " AND "

    def evaluate(self, answers: Mapping[str, AnswerValue], context: ScoringContext | None = None) -> Truth:
        result: Truth = True
        for condition in self.conditions:
            truth = condition.evaluate(answers, context)
            if truth is False:
                return False
            if truth is None:
                result = None
        return result


@dataclass(frozen=True, init=False)
class Any(_Group):
    """At least one part is true. True as soon as one part is true, unknown if none is but one is unknown."""

    conditions: tuple[Condition, ...]
    _joiner = " OR "

    def evaluate(self, answers: Mapping[str, AnswerValue], context: ScoringContext | None = None) -> Truth:
        result: Truth = False
        for condition in self.conditions:
            truth = condition.evaluate(answers, context)
            if truth is True:
                return True
            if truth is None:
                result = None
        return result


@dataclass(frozen=True)
class Not(Condition):
    """The part is false. Unknown stays unknown: "not answered" is not the same as "no"."""

    condition: Condition

    def describe(self) -> str:
        return f"NOT ({self.condition.describe()})"

    def keys(self) -> frozenset[str]:
        return self.condition.keys()

    def uses_context(self) -> bool:
        return self.condition.uses_context()

    def evaluate(self, answers: Mapping[str, AnswerValue], context: ScoringContext | None = None) -> Truth:
        truth = self.condition.evaluate(answers, context)
        return None if truth is None else not truth


@dataclass(frozen=True)
class Eligible(Condition):
    """A pathway passed its gate (for differential notes only: they are read after scoring)."""

    pathway: Pathway

    def describe(self) -> str:
        return f'the "{_in_a_sentence(self.pathway.label)}" pathway qualifies'

    def keys(self) -> frozenset[str]:
        return frozenset()

    def uses_context(self) -> bool:
        return True

    def evaluate(self, answers: Mapping[str, AnswerValue], context: ScoringContext | None = None) -> Truth:
        return None if context is None else context.eligible[self.pathway]


@dataclass(frozen=True)
class ScoredPathway(Condition):
    """The scores chose this pathway (before any red flag; for differential notes only)."""

    pathway: Pathway

    def describe(self) -> str:
        return f'the scores chose the "{_in_a_sentence(self.pathway.label)}" pathway'

    def keys(self) -> frozenset[str]:
        return frozenset()

    def uses_context(self) -> bool:
        return True

    def evaluate(self, answers: Mapping[str, AnswerValue], context: ScoringContext | None = None) -> Truth:
        return None if context is None else context.scored_pathway == self.pathway


def yes(key: str) -> Is:
    """Shorthand for a yes/no question answered yes."""
    return Is(key, True)


def no(key: str) -> Is:
    """Shorthand for a yes/no question answered no (an explicit no, never a missing answer)."""
    return Is(key, False)


def leaves(condition: Condition) -> tuple[Condition, ...]:
    """The single-key predicates inside a condition, for checking keys and values against the contract."""
    if isinstance(condition, _Group):
        return tuple(leaf for part in condition.conditions for leaf in leaves(part))
    if isinstance(condition, Not):
        return leaves(condition.condition)
    return (condition,)
