"""Conditions as data: small predicate records a clinician can read and the engine can compile.

A rule's condition is built from these records (``Is("heel_pain_site", "arch")``,
``AtLeast("bmi", 30)``, ``All(...)``, ``Any(...)``, ``Not(...)``) rather than from lambdas, so that

* the "About these suggestions" page can print every condition in words (``describe()``),
* the rules version can be hashed from the data itself, and
* the engine can see which answer keys each rule depends on, which is what makes
  "questions that would change the answer" cheap to work out.

Missing answers use three-valued logic: a condition on an unanswered key is *unknown* (``None``),
``Not`` of unknown is unknown, ``All`` is false as soon as one part is false and ``Any`` is true as
soon as one part is true. A rule fires only when its condition is definitely true, so a missing
answer never counts for or against anything, and adding an answer can turn "unknown" into "true"
but can never turn "false" into "true" (removing an answer can therefore never raise a red flag).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from intake.rules.questions import QUESTIONS_BY_KEY, Kind

if TYPE_CHECKING:  # pragma: no cover - typing only
    from intake.rules.records import Pathway

# True, False, or None for "cannot tell yet: an answer it needs is missing".
Truth = bool | None
AnswerValue = bool | int | str


class Context(Protocol):
    """What notes may ask about besides answers: which pathways the scores made eligible."""

    eligible: Mapping[str, bool]
    scored_pathway: str


# A compiled condition: answers (and, for notes only, the scoring context) -> truth.
Check = Callable[[Mapping[str, AnswerValue], "Context | None"], Truth]


def _value_words(key: str, value: AnswerValue) -> str:
    question = QUESTIONS_BY_KEY.get(key)
    if question is not None and question.kind is Kind.CHOICE:
        for choice, label in question.choices:
            if choice == value:
                return f'"{label}"'
    return f'"{value}"'


def _key_words(key: str) -> str:
    return key.replace("_", " ")


class Condition:
    """Base of all condition records."""

    def describe(self) -> str:
        raise NotImplementedError

    def keys(self) -> frozenset[str]:
        """The answer keys this condition reads."""
        raise NotImplementedError

    def evaluate(self, answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
        """Reference semantics, written for reading; the engine uses ``compile()`` for speed."""
        raise NotImplementedError

    def compile(self) -> Check:
        raise NotImplementedError

    def uses_context(self) -> bool:
        return False

    def thresholds(self, key: str) -> frozenset[int]:
        """Whole numbers at which this condition's answer for ``key`` can change (for int keys)."""
        return frozenset()


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

    def evaluate(self, answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
        answer = answers.get(self.key)
        return None if answer is None else answer == self.value

    def compile(self) -> Check:
        key, value = self.key, self.value

        def check(answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
            answer = answers.get(key)
            return None if answer is None else answer == value

        return check


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

    def evaluate(self, answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
        answer = answers.get(self.key)
        return None if answer is None else answer in self.values

    def compile(self) -> Check:
        key, values = self.key, frozenset(self.values)

        def check(answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
            answer = answers.get(key)
            return None if answer is None else answer in values

        return check


@dataclass(frozen=True)
class AtLeast(Condition):
    """A whole-number answer is ``minimum`` or more (``AtLeast("bmi", 30)``)."""

    key: str
    minimum: int

    def describe(self) -> str:
        return f"{_key_words(self.key)} {self.minimum} or more"

    def keys(self) -> frozenset[str]:
        return frozenset((self.key,))

    def evaluate(self, answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
        answer = answers.get(self.key)
        return None if answer is None else answer >= self.minimum  # type: ignore[operator]

    def compile(self) -> Check:
        key, minimum = self.key, self.minimum

        def check(answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
            answer = answers.get(key)
            return None if answer is None else answer >= minimum  # type: ignore[operator]

        return check

    def thresholds(self, key: str) -> frozenset[int]:
        return frozenset((self.minimum,)) if key == self.key else frozenset()


@dataclass(frozen=True)
class Below(Condition):
    """A whole-number answer is less than ``limit`` (``Below("age", 16)`` means 15 or younger)."""

    key: str
    limit: int

    def describe(self) -> str:
        return f"{_key_words(self.key)} under {self.limit}"

    def keys(self) -> frozenset[str]:
        return frozenset((self.key,))

    def evaluate(self, answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
        answer = answers.get(self.key)
        return None if answer is None else answer < self.limit  # type: ignore[operator]

    def compile(self) -> Check:
        key, limit = self.key, self.limit

        def check(answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
            answer = answers.get(key)
            return None if answer is None else answer < limit  # type: ignore[operator]

        return check

    def thresholds(self, key: str) -> frozenset[int]:
        return frozenset((self.limit,)) if key == self.key else frozenset()


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

    def thresholds(self, key: str) -> frozenset[int]:
        return frozenset().union(*(condition.thresholds(key) for condition in self.conditions))


@dataclass(frozen=True, init=False)
class All(_Group):
    """Every part is true. False as soon as one part is false, unknown if a part is unknown."""

    conditions: tuple[Condition, ...]
    _joiner = " AND "

    def evaluate(self, answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
        result: Truth = True
        for condition in self.conditions:
            truth = condition.evaluate(answers, context)
            if truth is False:
                return False
            if truth is None:
                result = None
        return result

    def compile(self) -> Check:
        checks = tuple(condition.compile() for condition in self.conditions)

        def check(answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
            result: Truth = True
            for part in checks:
                truth = part(answers, context)
                if truth is False:
                    return False
                if truth is None:
                    result = None
            return result

        return check


@dataclass(frozen=True, init=False)
class Any(_Group):
    """At least one part is true. True as soon as one part is true, unknown if none is but one is unknown."""

    conditions: tuple[Condition, ...]
    _joiner = " OR "

    def evaluate(self, answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
        result: Truth = False
        for condition in self.conditions:
            truth = condition.evaluate(answers, context)
            if truth is True:
                return True
            if truth is None:
                result = None
        return result

    def compile(self) -> Check:
        checks = tuple(condition.compile() for condition in self.conditions)

        def check(answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
            result: Truth = False
            for part in checks:
                truth = part(answers, context)
                if truth is True:
                    return True
                if truth is None:
                    result = None
            return result

        return check


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

    def thresholds(self, key: str) -> frozenset[int]:
        return self.condition.thresholds(key)

    def evaluate(self, answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
        truth = self.condition.evaluate(answers, context)
        return None if truth is None else not truth

    def compile(self) -> Check:
        inner = self.condition.compile()

        def check(answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
            truth = inner(answers, context)
            return None if truth is None else not truth

        return check


@dataclass(frozen=True)
class Eligible(Condition):
    """A pathway passed its gate (for differential notes only: they are read after scoring)."""

    pathway: Pathway

    def describe(self) -> str:
        return f'the "{self.pathway.label}" pathway qualifies'

    def keys(self) -> frozenset[str]:
        return frozenset()

    def uses_context(self) -> bool:
        return True

    def evaluate(self, answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
        return None if context is None else context.eligible[self.pathway]

    def compile(self) -> Check:
        pathway = self.pathway

        def check(answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
            return None if context is None else context.eligible[pathway]

        return check


@dataclass(frozen=True)
class ScoredPathway(Condition):
    """The scores chose this pathway (before any red flag; for differential notes only)."""

    pathway: Pathway

    def describe(self) -> str:
        return f'the scores chose the "{self.pathway.label}" pathway'

    def keys(self) -> frozenset[str]:
        return frozenset()

    def uses_context(self) -> bool:
        return True

    def evaluate(self, answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
        return None if context is None else context.scored_pathway == self.pathway

    def compile(self) -> Check:
        pathway = self.pathway

        def check(answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
            return None if context is None else context.scored_pathway == pathway

        return check


def yes(key: str) -> Is:
    """Shorthand for a yes/no question answered yes."""
    return Is(key, True)


def no(key: str) -> Is:
    """Shorthand for a yes/no question answered no (an explicit no, never a missing answer)."""
    return Is(key, False)


def domain(key: str) -> tuple[AnswerValue, ...]:
    """Every value a key accepts (the whole-number ranges of the contract are small enough to list)."""
    question = QUESTIONS_BY_KEY[key]
    if question.kind is Kind.BOOL:
        return (True, False)
    if question.kind is Kind.INT:
        assert question.minimum is not None and question.maximum is not None
        return tuple(range(question.minimum, question.maximum + 1))
    return question.values


def truth_set(condition: Condition) -> tuple[str, frozenset[AnswerValue]] | None:
    """For a condition on one answer: (key, the values that make it true); None otherwise."""
    if condition.uses_context():
        return None
    keys = condition.keys()
    if len(keys) != 1 or not isinstance(condition, Is | OneOf | AtLeast | Below | Not):
        return None
    (key,) = keys
    if key not in QUESTIONS_BY_KEY or condition.evaluate({}) is not None:
        return None
    return key, frozenset(value for value in domain(key) if condition.evaluate({key: value}) is True)


def compile_fast(condition: Condition) -> Check:
    """The same three-valued semantics as ``compile()``, flattened for speed.

    Every predicate on a single answer becomes a set lookup, and groups check their single-answer
    parts in one loop instead of one function call each: the engine evaluates these conditions
    many times per assessment while working out the questions to ask.
    """
    single = truth_set(condition)
    if single is not None:
        key, good = single

        def check_one(answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
            answer = answers.get(key)
            return None if answer is None else answer in good

        return check_one
    if isinstance(condition, All | Any):
        pairs: list[tuple[str, frozenset[AnswerValue]]] = []
        others: list[Check] = []
        for part in condition.conditions:
            part_single = truth_set(part)
            if part_single is not None:
                pairs.append(part_single)
            else:
                others.append(compile_fast(part))
        flat, nested = tuple(pairs), tuple(others)
        if isinstance(condition, All):

            def check_all(answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
                result: Truth = True
                for key, good in flat:
                    answer = answers.get(key)
                    if answer is None:
                        result = None
                    elif answer not in good:
                        return False
                for part in nested:
                    truth = part(answers, context)
                    if truth is False:
                        return False
                    if truth is None:
                        result = None
                return result

            return check_all

        def check_any(answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
            result: Truth = False
            for key, good in flat:
                answer = answers.get(key)
                if answer is None:
                    result = None
                elif answer in good:
                    return True
            for part in nested:
                truth = part(answers, context)
                if truth is True:
                    return True
                if truth is None:
                    result = None
            return result

        return check_any
    if isinstance(condition, Not):
        inner = compile_fast(condition.condition)

        def check_not(answers: Mapping[str, AnswerValue], context: Context | None = None) -> Truth:
            truth = inner(answers, context)
            return None if truth is None else not truth

        return check_not
    return condition.compile()


def leaves(condition: Condition) -> tuple[Condition, ...]:
    """The single-key predicates inside a condition, for checking keys and values against the contract."""
    if isinstance(condition, _Group):
        return tuple(leaf for part in condition.conditions for leaf in leaves(part))
    if isinstance(condition, Not):
        return leaves(condition.condition)
    return (condition,)
