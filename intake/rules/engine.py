"""The differentiating-signs engine: answers in, an explained suggestion out.

Order of reasoning (README 7.2, as amended in ``data.py``):

1. Red flags first. Any red flag makes the pathway ``urgent_referral`` with the highest urgency, no
   self-care plan and the patient advice of the most urgent flag. Scoring can never outvote it; the
   ranking is still computed for the physiotherapist.
2. Every pathway gets its score, with the signs for it and against it.
3. Gates and the tie-break choose the pathway; too little to go on gives ``insufficient``.
4. Questions to ask: the unanswered keys that, answered on their own, could change the pathway or
   raise a red flag (or its urgency), so staff know what to ask at the first visit.
5. Differential notes for staff.

Pure Python on purpose (no Django): it is reused by views, admin and ``manage.py assess``, and tested
in milliseconds without a database.

Speed: the rule data is compiled once, at import. Every rule that reads a single answer becomes an
entry in a dictionary keyed by (key, value), so scoring costs one lookup per answer; conditions over
several answers become small closures. Questions to ask are worked out inside ``assess`` but only for
keys that can matter: three-valued logic means a condition that is already true or false cannot be
changed by another answer, so only the unknown parts of red flags and gates, and the scores close
enough to a threshold, are tried.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any as AnyType

from intake.rules.conditions import (
    All,
    AnswerValue,
    AtLeast,
    Below,
    Check,
    Condition,
    Eligible,
    Is,
    Not,
    OneOf,
    ScoredPathway,
    Truth,
    compile_fast,
    domain,
    leaves,
    truth_set,
)
from intake.rules.data import RULE_SET
from intake.rules.questions import QUESTIONS, QUESTIONS_BY_KEY, Kind
from intake.rules.records import SCORED_PATHWAYS, Pathway, RuleSet, Urgency
from intake.rules.version import version_of

# --- Validation -----------------------------------------------------------------------------------


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


# Every valid (key, value) pair, and the same with the exact type, so that checking a whole answer set
# is one C-level subset test. The type is part of it because True == 1 and 30.0 == 30 in Python, and
# a boolean must never pass as a number, nor a number as a boolean.
_VALID_PAIRS: frozenset[tuple[str, AnswerValue]] = frozenset(
    (question.key, value) for question in QUESTIONS for value in domain(question.key)
)
_VALID_TYPED: frozenset[tuple[str, AnswerValue, type]] = frozenset(
    (key, value, _PYTHON_TYPE[key]) for key, value in _VALID_PAIRS
)


def _problem(key: object, value: object) -> str | None:
    """What is wrong with one answer, or None if it is fine."""
    question = QUESTIONS_BY_KEY.get(key) if isinstance(key, str) else None
    if question is None:
        close = difflib.get_close_matches(str(key), QUESTIONS_BY_KEY, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{key!r} is not a known question key{hint}"
    if value is None:
        return None
    expected = _PYTHON_TYPE[question.key]
    fine = type(value) is expected and (question.key, value) in _VALID_PAIRS
    if fine:
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
    kind = type(answers)
    if kind is Answers:
        return answers  # type: ignore[return-value]
    if kind is not dict and not isinstance(answers, Mapping):
        raise AnswersInvalid({"(answers)": f"answers must be a JSON object of question keys, not {kind.__name__}"})
    # Fast path for the common, valid case; anything unusual (None, a bad key or value) falls through.
    values = answers.values()
    try:
        if _VALID_TYPED.issuperset(zip(answers.keys(), values, map(type, values), strict=True)):
            return Answers._trusted(dict(answers))  # type: ignore[arg-type]
    except TypeError:  # an unhashable value; reported below
        pass
    errors: dict[str, str] = {}
    data: dict[str, AnswerValue] = {}
    for key, value in answers.items():
        problem = _problem(key, value)
        if problem is not None:
            errors[str(key)] = problem
        elif value is not None:
            data[key] = value  # type: ignore[assignment]
    if errors:
        raise AnswersInvalid(errors)
    return Answers._trusted(data)


# --- The result ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sign:
    """One scoring rule that fired: a reason for (positive weight) or against (negative) a pathway."""

    rule: str
    keys: tuple[str, ...]
    weight: int
    explanation: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "keys": list(self.keys),
            "weight": self.weight,
            "explanation": self.explanation,
            "sources": list(self.sources),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, AnyType]) -> Sign:
        return cls(data["rule"], tuple(data["keys"]), data["weight"], data["explanation"], tuple(data["sources"]))


@dataclass(frozen=True, slots=True)
class PathwayScore:
    """A pathway's place in the ranking. ``score`` is on that pathway's own scale (see ``threshold``)."""

    pathway: Pathway
    score: int
    threshold: int
    eligible: bool
    signs_for: tuple[Sign, ...]
    signs_against: tuple[Sign, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "pathway": self.pathway.value,
            "score": self.score,
            "threshold": self.threshold,
            "eligible": self.eligible,
            "for": [sign.to_dict() for sign in self.signs_for],
            "against": [sign.to_dict() for sign in self.signs_against],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, AnyType]) -> PathwayScore:
        return cls(
            Pathway(data["pathway"]),
            data["score"],
            data["threshold"],
            data["eligible"],
            tuple(Sign.from_dict(sign) for sign in data["for"]),
            tuple(Sign.from_dict(sign) for sign in data["against"]),
        )


# Advice text in the rules says "{emergency_number}"; the UK's number unless the caller gives another.
DEFAULT_EMERGENCY_NUMBER = "999"


def with_emergency_number(advice: str, emergency_number: str) -> str:
    return advice.replace("{emergency_number}", emergency_number)


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A red-flag rule that fired. ``advice`` is for the patient; ``explanation`` for staff."""

    rule: str
    key: str
    urgency: Urgency
    advice: str
    explanation: str
    sources: tuple[str, ...]
    escalated: bool

    def to_dict(self, *, emergency_number: str = DEFAULT_EMERGENCY_NUMBER) -> dict[str, object]:
        return {
            "key": self.key,
            "urgency": self.urgency.value,
            "advice": with_emergency_number(self.advice, emergency_number),
            "rule": self.rule,
            "explanation": self.explanation,
            "sources": list(self.sources),
            "escalated": self.escalated,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, AnyType]) -> RedFlag:
        return cls(
            data["rule"],
            data["key"],
            Urgency(data["urgency"]),
            data["advice"],
            data["explanation"],
            tuple(data["sources"]),
            data["escalated"],
        )


@dataclass(frozen=True, slots=True)
class Note:
    """A differential note for the physiotherapist."""

    id: str
    text: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "text": self.text, "sources": list(self.sources)}

    @classmethod
    def from_dict(cls, data: Mapping[str, AnyType]) -> Note:
        return cls(data["id"], data["text"], tuple(data["sources"]))


@dataclass(frozen=True, slots=True)
class QuestionToAsk:
    """An unanswered key worth asking: answered on its own it could change the suggestion.

    ``could_change_pathway_to`` lists the scored pathways some answer would lead to (a red flag is
    reported in ``could_raise_red_flags`` instead, as rule ids that would fire or escalate).
    """

    key: str
    could_change_pathway_to: tuple[Pathway, ...]
    could_raise_red_flags: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "could_change_pathway_to": [pathway.value for pathway in self.could_change_pathway_to],
            "could_raise_red_flags": list(self.could_raise_red_flags),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, AnyType]) -> QuestionToAsk:
        return cls(
            data["key"],
            tuple(Pathway(pathway) for pathway in data["could_change_pathway_to"]),
            tuple(data["could_raise_red_flags"]),
        )


@dataclass(frozen=True, slots=True)
class Result:
    """What the engine suggests for one patient, with every reason, for a physiotherapist to review.

    ``pathway`` is the final suggestion (``urgent_referral`` whenever a red flag fired);
    ``scored_pathway`` is what the scores alone chose, kept for the physiotherapist.
    """

    pathway: Pathway
    urgency: Urgency
    ranking: tuple[PathwayScore, ...]
    red_flags: tuple[RedFlag, ...]
    plan: tuple[str, ...]
    notes: tuple[Note, ...]
    questions_to_ask: tuple[QuestionToAsk, ...]
    scored_pathway: Pathway
    version: str

    @property
    def advice(self) -> str:
        """The patient advice of the most urgent red flag, or an empty string when there is none."""
        return self.red_flags[0].advice if self.red_flags else ""

    def to_dict(self, *, emergency_number: str = DEFAULT_EMERGENCY_NUMBER) -> dict[str, object]:
        """JSON-ready data in the shape of questions.md, plus extra keys (never fewer).

        Patient advice names the clinic's emergency number, filled in here (the rules hold a
        placeholder so one rule set serves any country).
        """
        return {
            "pathway": self.pathway.value,
            "ranking": [entry.to_dict() for entry in self.ranking],
            "red_flags": [flag.to_dict(emergency_number=emergency_number) for flag in self.red_flags],
            "plan": list(self.plan),
            "version": self.version,
            "urgency": self.urgency.value,
            "advice": with_emergency_number(self.advice, emergency_number),
            "scored_pathway": self.scored_pathway.value,
            "notes": [note.to_dict() for note in self.notes],
            "questions_to_ask": [question.to_dict() for question in self.questions_to_ask],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, AnyType]) -> Result:
        """Rebuild a stored snapshot (the output of ``to_dict``)."""
        return cls(
            pathway=Pathway(data["pathway"]),
            urgency=Urgency(data["urgency"]),
            ranking=tuple(PathwayScore.from_dict(entry) for entry in data["ranking"]),
            red_flags=tuple(RedFlag.from_dict(flag) for flag in data["red_flags"]),
            plan=tuple(data["plan"]),
            notes=tuple(Note.from_dict(note) for note in data["notes"]),
            questions_to_ask=tuple(QuestionToAsk.from_dict(question) for question in data["questions_to_ask"]),
            scored_pathway=Pathway(data["scored_pathway"]),
            version=data["version"],
        )


# --- Checking the rule data ------------------------------------------------------------------------


class RuleSetInvalid(ValueError):
    """The rule data itself is wrong (a misspelt key, an unknown source...): fails at import, loudly."""


def _check_condition(where: str, condition: Condition, *, context_allowed: bool, negation_allowed: bool) -> None:
    for leaf in leaves(condition):
        if isinstance(leaf, Eligible | ScoredPathway):
            if not context_allowed:
                raise RuleSetInvalid(f"{where}: pathway conditions are only allowed in differential notes")
            continue
        key = getattr(leaf, "key", None)
        question = QUESTIONS_BY_KEY.get(key) if isinstance(key, str) else None
        if question is None:
            raise RuleSetInvalid(f"{where}: unknown answer key {key!r}")
        if isinstance(leaf, Is | OneOf):
            values = (leaf.value,) if isinstance(leaf, Is) else leaf.values
            for value in values:
                if type(value) is not _PYTHON_TYPE[question.key] or (question.key, value) not in _VALID_PAIRS:
                    raise RuleSetInvalid(f"{where}: {question.key} cannot be {value!r} ({question.allowed()})")
        elif isinstance(leaf, AtLeast | Below):
            if question.kind is not Kind.INT:
                raise RuleSetInvalid(f"{where}: {question.key} is not a whole number")
        else:
            raise RuleSetInvalid(f"{where}: unknown condition {type(leaf).__name__}")
    if not negation_allowed and _contains_not(condition):
        raise RuleSetInvalid(
            f"{where}: red-flag conditions may not use Not: no answer may ever cancel a red flag that other "
            "answers raise"
        )


def _contains_not(condition: Condition) -> bool:
    if isinstance(condition, Not):
        return True
    return any(_contains_not(part) for part in getattr(condition, "conditions", ()))


def check_rule_set(rule_set: RuleSet) -> None:
    """Raise ``RuleSetInvalid`` unless every key, value, source, id and plan item is consistent."""
    source_ids = {source.id for source in rule_set.sources}
    seen_ids: set[str] = set()

    def unique(rule_id: str) -> None:
        if rule_id in seen_ids:
            raise RuleSetInvalid(f"duplicate rule id {rule_id}")
        seen_ids.add(rule_id)

    def sourced(where: str, sources: Iterable[str]) -> None:
        sources = tuple(sources)
        if not sources:
            raise RuleSetInvalid(f"{where}: every row needs a source (use NO-SOURCE for a design choice)")
        for source in sources:
            if source not in source_ids:
                raise RuleSetInvalid(f"{where}: unknown source {source!r}")

    for flag in rule_set.red_flags:
        unique(flag.id)
        sourced(flag.id, flag.sources)
        _check_condition(flag.id, flag.condition, context_allowed=False, negation_allowed=False)
        if flag.key not in flag.condition.keys():
            raise RuleSetInvalid(f"{flag.id}: its key {flag.key} is not in its condition")
        if (flag.escalate_if is None) != (flag.escalate_to is None) or (
            flag.escalate_if is not None and not flag.escalated_advice
        ):
            raise RuleSetInvalid(f"{flag.id}: an escalation needs a condition, an urgency and its own advice")
        if flag.escalate_if is not None:
            _check_condition(flag.id, flag.escalate_if, context_allowed=False, negation_allowed=False)
        if flag.urgency is Urgency.ROUTINE or flag.escalate_to is Urgency.ROUTINE:
            raise RuleSetInvalid(f"{flag.id}: a red flag is never routine")
    scored = {scale.score for scale in rule_set.scales}
    if len(scored) != len(rule_set.scales) or {scale.pathway for scale in rule_set.scales} != set(SCORED_PATHWAYS):
        raise RuleSetInvalid("each scored pathway needs exactly one score scale")
    for scale in rule_set.scales:
        if scale.counted_when is not None:
            _check_condition(f"scale {scale.score}", scale.counted_when, context_allowed=False, negation_allowed=True)
    for rule in rule_set.scoring_rules:
        unique(rule.id)
        sourced(rule.id, rule.sources)
        _check_condition(rule.id, rule.condition, context_allowed=False, negation_allowed=True)
        if rule.score not in scored or rule.weight == 0:
            raise RuleSetInvalid(f"{rule.id}: needs a known score and a non-zero weight")
    gated = [gate.pathway for gate in rule_set.gates]
    if sorted(gated) != sorted(SCORED_PATHWAYS):
        raise RuleSetInvalid("each scored pathway needs exactly one gate")
    for gate in rule_set.gates:
        unique(gate.id)
        sourced(gate.id, gate.sources)
        _check_condition(gate.id, gate.requires, context_allowed=False, negation_allowed=True)
        if gate.ruled_out_by is not None:
            _check_condition(gate.id, gate.ruled_out_by, context_allowed=False, negation_allowed=True)
        scale_pathway = {scale.score: scale.pathway for scale in rule_set.scales}.get(gate.score)
        if scale_pathway is not gate.pathway:
            raise RuleSetInvalid(f"{gate.id}: its score {gate.score} speaks for {scale_pathway}, not {gate.pathway}")
        if gate.requires_eligible is not None and gate.requires_eligible not in gated:
            raise RuleSetInvalid(f"{gate.id}: depends on an ungated pathway")
    _gate_order(rule_set)  # raises on a dependency cycle
    if sorted(rule_set.tie_break.order) != sorted(SCORED_PATHWAYS):
        raise RuleSetInvalid("the tie-break must order every scored pathway once")
    sourced("tie-break", rule_set.tie_break.sources)
    for note in rule_set.notes:
        unique(note.id)
        sourced(note.id, note.sources)
        _check_condition(note.id, note.condition, context_allowed=True, negation_allowed=True)
    item_ids = set()
    for item in rule_set.plan_items:
        unique(item.id)
        sourced(item.id, item.sources)
        item_ids.add(item.id)
    if sorted(plan.pathway for plan in rule_set.plans) != sorted(SCORED_PATHWAYS):
        raise RuleSetInvalid("each scored pathway needs exactly one plan")
    for plan in rule_set.plans:
        sourced(f"plan {plan.pathway}", plan.sources)
        for item_id in plan.items:
            if item_id not in item_ids:
                raise RuleSetInvalid(f"plan {plan.pathway}: unknown item {item_id}")
    for mixed in rule_set.mixed_pictures:
        unique(mixed.id)
        sourced(mixed.id, mixed.sources)
        for item_id in mixed.add_items:
            if item_id not in item_ids:
                raise RuleSetInvalid(f"{mixed.id}: unknown item {item_id}")


def _gate_order(rule_set: RuleSet) -> tuple[int, ...]:
    """Gate positions in an order where a gate comes after the gate it depends on."""
    by_pathway = {gate.pathway: index for index, gate in enumerate(rule_set.gates)}
    order: list[int] = []
    visiting: set[int] = set()

    def visit(index: int) -> None:
        if index in order:
            return
        if index in visiting:
            raise RuleSetInvalid("gates depend on each other in a cycle")
        visiting.add(index)
        dependency = rule_set.gates[index].requires_eligible
        if dependency is not None:
            visit(by_pathway[dependency])
        order.append(index)

    for index in range(len(rule_set.gates)):
        visit(index)
    return tuple(order)


# --- The engine ------------------------------------------------------------------------------------


def _never(answers: Mapping[str, AnswerValue], context: object = None) -> Truth:
    """The ``ruled_out_by`` of a gate that nothing rules out."""
    return False


_URGENCY_BY_RANK = (Urgency.ROUTINE, Urgency.URGENT, Emergency := Urgency.EMERGENCY)


@dataclass(frozen=True, slots=True)
class _Hit:
    """Everything one (key, value) answer does: its signs, what it adds to each score, its red flags."""

    signs_for: tuple[tuple[int, int, Sign], ...]  # (score index, display order, sign)
    signs_against: tuple[tuple[int, int, Sign], ...]
    deltas: tuple[int, ...]  # per score
    flags: tuple[int, ...]  # red-flag indexes that this answer fires on its own


class _Context:
    """What differential notes may read besides the answers."""

    __slots__ = ("eligible", "scored_pathway")

    def __init__(self, eligible: Mapping[str, bool], scored_pathway: str) -> None:
        self.eligible = eligible
        self.scored_pathway = scored_pathway


class _State:
    """What the first pass found, kept so that questions to ask can reuse it."""

    __slots__ = (
        "raw",  # per score: the sum of every sign, whether or not the score is counted
        "counted",  # per score: truth of its counted_when
        "required",  # per gate: truth of requires
        "ruled_out",  # per gate: truth of ruled_out_by
        "eligible",  # per gate
        "scored",  # the pathway the scores chose
        "compound_scoring",  # truth of each scoring rule over several keys
        "flags",  # indexes of the red flags that fired, in rule order
        "escalated",  # per fired flag: truth of its escalation (False when it has none)
        "signs_for",  # per score: (display order, sign) of the signs for
        "signs_against",
    )


class Engine:
    """A compiled rule set. The module compiles ``RULE_SET`` once, at import, into ``ENGINE``."""

    def __init__(self, rule_set: RuleSet) -> None:
        check_rule_set(rule_set)
        self.rule_set = rule_set
        self.version = version_of(rule_set)
        self._compile_scores(rule_set)
        self._compile_red_flags(rule_set)
        self._compile_index()
        self._compile_gates(rule_set)
        self._compile_notes_and_plans(rule_set)
        self._compile_questions(rule_set)

    # -- compiling ---------------------------------------------------------------------------------

    def _compile_scores(self, rule_set: RuleSet) -> None:
        self._scales = rule_set.scales
        self._score_count = len(rule_set.scales)
        self._score_index = {scale.score: index for index, scale in enumerate(rule_set.scales)}
        self._counted: tuple[Check | None, ...] = tuple(
            None if scale.counted_when is None else compile_fast(scale.counted_when) for scale in rule_set.scales
        )
        self._counted_keys = tuple(
            frozenset() if scale.counted_when is None else scale.counted_when.keys() for scale in rule_set.scales
        )
        # Signs are shown strongest first, then in the order of the rule table.
        display = sorted(
            range(len(rule_set.scoring_rules)),
            key=lambda position: (-abs(rule_set.scoring_rules[position].weight), position),
        )
        order_of = {position: order for order, position in enumerate(display)}
        self._simple_signs: dict[tuple[str, AnswerValue], list[tuple[int, int, Sign]]] = {}
        compound = []
        for position, rule in enumerate(rule_set.scoring_rules):
            keys = rule.condition.keys()
            sign = Sign(rule.id, tuple(sorted(keys)), rule.weight, rule.staff_explanation, rule.sources)
            entry = (self._score_index[rule.score], order_of[position], sign)
            if len(keys) == 1:
                for pair in self._firing_pairs(rule.condition):
                    self._simple_signs.setdefault(pair, []).append(entry)
            else:
                compound.append((*entry, compile_fast(rule.condition), keys))
        # Scoring rules over several keys: none in the current data, supported for the clinicians' sake.
        self._compound_scoring = tuple(compound)

    @staticmethod
    def _firing_pairs(condition: Condition) -> list[tuple[str, AnswerValue]]:
        """For a condition on one key: every (key, value) answer that makes it true."""
        (key,) = condition.keys()
        return [(key, value) for value in domain(key) if condition.evaluate({key: value}) is True]

    def _compile_red_flags(self, rule_set: RuleSet) -> None:
        self._flags = rule_set.red_flags
        # Per flag: ((result, urgency rank) without escalation, (result, rank) escalated), indexed by a bool.
        self._flag_results: list[tuple[tuple[RedFlag, int], tuple[RedFlag, int]]] = []
        self._escalations: list[Check | None] = []
        self._simple_flags: dict[tuple[str, AnswerValue], list[int]] = {}
        compound = []
        for index, flag in enumerate(rule_set.red_flags):
            base = RedFlag(flag.id, flag.key, flag.urgency, flag.advice, flag.staff_explanation, flag.sources, False)
            escalated = base
            if flag.escalate_to is not None:
                escalated = RedFlag(
                    flag.id,
                    flag.key,
                    flag.escalate_to,
                    flag.escalated_advice,
                    flag.staff_explanation,
                    flag.sources,
                    True,
                )
            self._flag_results.append(((base, base.urgency.rank), (escalated, escalated.urgency.rank)))
            self._escalations.append(None if flag.escalate_if is None else compile_fast(flag.escalate_if))
            if len(flag.condition.keys()) == 1:
                for pair in self._firing_pairs(flag.condition):
                    self._simple_flags.setdefault(pair, []).append(index)
            else:
                compound.append((index, compile_fast(flag.condition), flag.condition.keys()))
        self._compound_flags = tuple(compound)

    def _compile_index(self) -> None:
        """One dictionary for everything a single answer does, so scoring is one lookup per answer."""
        index: dict[tuple[str, AnswerValue], _Hit] = {}
        for pair in set(self._simple_signs) | set(self._simple_flags):
            signs = self._simple_signs.get(pair, [])
            deltas = [0] * self._score_count
            for score, _order, sign in signs:
                deltas[score] += sign.weight
            index[pair] = _Hit(
                tuple(entry for entry in signs if entry[2].weight > 0),
                tuple(entry for entry in signs if entry[2].weight < 0),
                tuple(deltas),
                tuple(self._simple_flags.get(pair, ())),
            )
        self._index = index

    def _compile_gates(self, rule_set: RuleSet) -> None:
        gate_index = {gate.pathway: index for index, gate in enumerate(rule_set.gates)}
        self._gate_pathways = tuple(gate.pathway for gate in rule_set.gates)
        self._gate_scores = tuple(self._score_index[gate.score] for gate in rule_set.gates)
        self._gate_thresholds = tuple(gate.threshold for gate in rule_set.gates)
        self._gate_requires = tuple(compile_fast(gate.requires) for gate in rule_set.gates)
        self._gate_ruled_out = tuple(
            _never if gate.ruled_out_by is None else compile_fast(gate.ruled_out_by) for gate in rule_set.gates
        )
        self._gate_depends_on = tuple(
            None if gate.requires_eligible is None else gate_index[gate.requires_eligible] for gate in rule_set.gates
        )
        self._gate_keys = tuple(
            gate.requires.keys()
            | self._counted_keys[self._score_index[gate.score]]
            | (frozenset() if gate.ruled_out_by is None else gate.ruled_out_by.keys())
            for gate in rule_set.gates
        )
        self._gate_order = _gate_order(rule_set)
        # (gate index, score index, threshold, dependency) in dependency order, for the hot loop.
        self._eligibility_plan = tuple(
            (index, self._gate_scores[index], self._gate_thresholds[index], self._gate_depends_on[index])
            for index in self._gate_order
        )
        self._tie_break = tuple(gate_index[pathway] for pathway in rule_set.tie_break.order)
        self._tie_position = {pathway: position for position, pathway in enumerate(rule_set.tie_break.order)}
        gate_of_score = {self._score_index[gate.score]: index for index, gate in enumerate(rule_set.gates)}
        self._gate_of_score = tuple(gate_of_score[score] for score in range(self._score_count))
        # A score that is not counted has a fixed ranking entry: 0 points, no signs, not eligible.
        self._uncounted_entries = tuple(
            PathwayScore(scale.pathway, 0, self._gate_thresholds[gate_of_score[score]], False, (), ())
            for score, scale in enumerate(rule_set.scales)
        )

    def _compile_notes_and_plans(self, rule_set: RuleSet) -> None:
        notes = []
        for note in rule_set.notes:
            # One single-answer part the note cannot do without: checked inline before the full condition.
            trigger = _necessary_answer(note.condition)
            key, good = trigger if trigger is not None else (None, frozenset())
            notes.append(
                (
                    key,
                    good,
                    compile_fast(note.condition),
                    note.condition.uses_context(),
                    Note(note.id, note.note, note.sources),
                )
            )
        self._notes = tuple(notes)
        self._plans = {plan.pathway: plan.items for plan in rule_set.plans}
        gate_index = {gate.pathway: index for index, gate in enumerate(rule_set.gates)}
        self._mixed = tuple(
            (mixed.primary, gate_index[mixed.also_eligible], mixed.add_items) for mixed in rule_set.mixed_pictures
        )

    def _compile_questions(self, rule_set: RuleSet) -> None:
        """Precompute what each unanswered key could do, so questions to ask stay cheap."""
        self._all_keys = frozenset(QUESTIONS_BY_KEY)
        self._key_order = {question.key: position for position, question in enumerate(QUESTIONS)}
        conditions: list[Condition] = [flag.condition for flag in rule_set.red_flags]
        conditions += [flag.escalate_if for flag in rule_set.red_flags if flag.escalate_if is not None]
        conditions += [rule.condition for rule in rule_set.scoring_rules]
        conditions += [gate.requires for gate in rule_set.gates]
        conditions += [gate.ruled_out_by for gate in rule_set.gates if gate.ruled_out_by is not None]
        conditions += [scale.counted_when for scale in rule_set.scales if scale.counted_when is not None]
        # The values worth trying for each key: every value of a yes/no or choice key, and for whole
        # numbers one value per stretch between the thresholds the rules use.
        self._trial_values: dict[str, tuple[AnswerValue, ...]] = {}
        for question in QUESTIONS:
            if question.kind is not Kind.INT:
                self._trial_values[question.key] = domain(question.key)
                continue
            assert question.minimum is not None and question.maximum is not None
            cuts = {question.minimum}
            for condition in conditions:
                cuts |= {
                    cut for cut in condition.thresholds(question.key) if question.minimum < cut <= question.maximum
                }
            self._trial_values[question.key] = tuple(sorted(cuts))
        # Red flags that a single unanswered key fires on its own.
        self._flags_raised_by_key: dict[str, frozenset[int]] = {}
        for (key, _value), flags in self._simple_flags.items():
            self._flags_raised_by_key[key] = self._flags_raised_by_key.get(key, frozenset()) | frozenset(flags)
        self._escalation_keys = tuple(
            frozenset() if flag.escalate_if is None else flag.escalate_if.keys() for flag in rule_set.red_flags
        )
        # Per score, the single answers that move it, strongest first, to find threshold crossings fast.
        ups: list[list[tuple[int, str]]] = [[] for _ in range(self._score_count)]
        downs: list[list[tuple[int, str]]] = [[] for _ in range(self._score_count)]
        self._largest_rise: dict[str, list[int]] = {}
        for (key, _value), hit in self._index.items():
            rise = self._largest_rise.setdefault(key, [0] * self._score_count)
            for score, delta in enumerate(hit.deltas):
                rise[score] = max(rise[score], delta)
                if delta > 0:
                    ups[score].append((delta, key))
                elif delta < 0:
                    downs[score].append((delta, key))
        self._ups = tuple(tuple(sorted(entries, key=lambda entry: -entry[0])) for entries in ups)
        self._downs = tuple(tuple(sorted(entries, key=lambda entry: entry[0])) for entries in downs)
        self._compound_scoring_keys = frozenset().union(*(entry[4] for entry in self._compound_scoring))
        # Which counted_when and gate conditions read a key, so a trial answer re-reads only those.
        self._scales_by_key: dict[str, tuple[int, ...]] = {}
        for score, keys in enumerate(self._counted_keys):
            for key in keys:
                self._scales_by_key[key] = (*self._scales_by_key.get(key, ()), score)
        self._gates_by_key: dict[str, tuple[int, ...]] = {}
        for index, keys in enumerate(self._gate_keys):
            for key in keys:
                self._gates_by_key[key] = (*self._gates_by_key.get(key, ()), index)
        # Keys whose trial answer must be re-read by a compiled condition (the rest only move scores),
        # and for the rest, only the values that move some score are worth trying.
        self._keys_needing_trial = self._compound_scoring_keys.union(self._scales_by_key, self._gates_by_key)
        self._moving_values = {
            key: tuple(
                value
                for value in values
                if key in self._keys_needing_trial or any(self._index.get((key, value), _NO_HIT).deltas)
            )
            for key, values in self._trial_values.items()
        }
        self._question_cache: dict[tuple[str, tuple[Pathway, ...], tuple[str, ...]], QuestionToAsk] = {}

    # -- assessing ---------------------------------------------------------------------------------

    def assess(self, answers: Mapping[str, object]) -> Result:
        """Validate (unless already validated) and assess one patient's answers."""
        data = validate(answers)._data
        state = self._evaluate(data)
        return self._result(data, state, self._questions(data, state))

    def assess_without_questions(self, answers: Mapping[str, object]) -> Result:
        """The same result with ``questions_to_ask`` left empty (for bulk re-scoring and for tests)."""
        data = validate(answers)._data
        return self._result(data, self._evaluate(data), ())

    def questions_to_ask(self, answers: Mapping[str, object]) -> tuple[QuestionToAsk, ...]:
        """Only the questions to ask (``assess`` already includes them in its result)."""
        data = validate(answers)._data
        return self._questions(data, self._evaluate(data))

    def _evaluate(self, data: dict[str, AnswerValue]) -> _State:
        count = self._score_count
        raw = [0] * count
        signs_for: list[list[tuple[int, Sign]]] = [[] for _ in range(count)]
        signs_against: list[list[tuple[int, Sign]]] = [[] for _ in range(count)]
        flags: list[int] = []
        lookup = self._index.get
        for pair in data.items():
            hit = lookup(pair)
            if hit is None:
                continue
            for score, order, sign in hit.signs_for:
                raw[score] += sign.weight
                signs_for[score].append((order, sign))
            for score, order, sign in hit.signs_against:
                raw[score] += sign.weight
                signs_against[score].append((order, sign))
            if hit.flags:
                flags.extend(hit.flags)
        compound_scoring = []
        for score, order, sign, check, _keys in self._compound_scoring:
            truth = check(data, None)
            compound_scoring.append(truth)
            if truth is True:
                raw[score] += sign.weight
                (signs_for if sign.weight > 0 else signs_against)[score].append((order, sign))
        for index, check, _keys in self._compound_flags:
            if check(data, None) is True:
                flags.append(index)
        if len(flags) > 1:
            flags.sort()
        counted = [True if check is None else check(data, None) for check in self._counted]
        required = [check(data, None) for check in self._gate_requires]
        ruled_out = [check(data, None) for check in self._gate_ruled_out]
        eligible = self._eligibility(raw, counted, required, ruled_out)

        state = _State()
        state.raw = raw
        state.counted = counted
        state.required = required
        state.ruled_out = ruled_out
        state.eligible = eligible
        state.scored = self._choose(eligible)
        state.compound_scoring = compound_scoring
        state.flags = flags
        escalations = self._escalations
        state.escalated = [
            False if escalations[index] is None else escalations[index](data, None)  # type: ignore[misc]
            for index in flags
        ]
        state.signs_for = signs_for
        state.signs_against = signs_against
        return state

    def _eligibility(
        self, raw: list[int], counted: list[Truth], required: list[Truth], ruled_out: list[Truth]
    ) -> list[bool]:
        eligible = [False] * len(self._gate_pathways)
        for index, score, threshold, depends_on in self._eligibility_plan:
            eligible[index] = (
                raw[score] >= threshold
                and counted[score] is True
                and required[index] is True
                and ruled_out[index] is not True
                and (depends_on is None or eligible[depends_on])
            )
        return eligible

    def _choose(self, eligible: list[bool]) -> Pathway:
        for index in self._tie_break:
            if eligible[index]:
                return self._gate_pathways[index]
        return Pathway.INSUFFICIENT

    def _result(self, data: dict[str, AnswerValue], state: _State, questions: tuple[QuestionToAsk, ...]) -> Result:
        red_flags: tuple[RedFlag, ...] = ()
        top = 0
        if state.flags:
            ranked = []
            for position, (index, escalate) in enumerate(zip(state.flags, state.escalated, strict=True)):
                flag, rank = self._flag_results[index][escalate is True]
                ranked.append((-rank, position, flag))
                top = max(top, rank)
            ranked.sort()  # most urgent first; rule order within an urgency
            red_flags = tuple(flag for _rank, _position, flag in ranked)

        scored = state.scored
        eligible = state.eligible
        tie = self._tie_position
        keyed = []
        for score in range(self._score_count):
            if state.counted[score] is True:
                gate = self._gate_of_score[score]
                pathway = self._gate_pathways[gate]
                is_eligible = eligible[gate]
                value = state.raw[score]
                found_for, found_against = state.signs_for[score], state.signs_against[score]
                entry = PathwayScore(
                    pathway,
                    value,
                    self._gate_thresholds[gate],
                    is_eligible,
                    tuple([sign for _order, sign in sorted(found_for)]) if found_for else (),
                    tuple([sign for _order, sign in sorted(found_against)]) if found_against else (),
                )
            else:
                entry = self._uncounted_entries[score]
                pathway, is_eligible, value = entry.pathway, False, 0
            position = tie[pathway]
            # The chosen pathway first, then the other eligible ones in tie-break order, then by score.
            keyed.append(
                ((pathway is not scored, not is_eligible, position if is_eligible else -value, position), entry)
            )
        keyed.sort()

        notes = []
        context = None
        for key, good, check, needs_context, note in self._notes:
            if key is not None and data.get(key) not in good:
                continue
            if needs_context and context is None:
                context = _Context(dict(zip(self._gate_pathways, eligible, strict=True)), scored)
            if check(data, context) is True:
                notes.append(note)

        if red_flags:
            pathway, plan = Pathway.URGENT_REFERRAL, ()
        else:
            pathway, plan = scored, self._plan_for(scored, eligible)
        return Result(
            pathway=pathway,
            urgency=_URGENCY_BY_RANK[top],
            ranking=tuple([entry for _key, entry in keyed]),
            red_flags=red_flags,
            plan=plan,
            notes=tuple(notes),
            questions_to_ask=questions,
            scored_pathway=scored,
            version=self.version,
        )

    def _plan_for(self, pathway: Pathway, eligible: list[bool]) -> tuple[str, ...]:
        items = self._plans.get(pathway)
        if items is None:
            return ()  # insufficient: the physiotherapist contacts the patient
        for primary, also_eligible, add_items in self._mixed:
            if primary is pathway and eligible[also_eligible]:
                items = items + tuple(item for item in add_items if item not in items)
        return items

    # -- questions to ask --------------------------------------------------------------------------

    def _questions(self, data: dict[str, AnswerValue], state: _State) -> tuple[QuestionToAsk, ...]:
        unanswered = self._all_keys.difference(data)
        if not unanswered:
            return ()
        raises: dict[str, set[int]] = {}
        changes: dict[str, set[Pathway]] = {}

        # A red flag that a single unanswered key fires on its own (none of these can have fired yet).
        for key in unanswered.intersection(self._flags_raised_by_key):
            raises[key] = set(self._flags_raised_by_key[key])
        # Red flags over several keys that are still undecided: only their unanswered keys can decide.
        fired = state.flags
        for index, check, keys in self._compound_flags:
            if index not in fired and check(data, None) is None:
                self._try_to_raise(data, index, check, keys & unanswered, raises)
        # A flag that fired but could still reach its higher urgency.
        for index, escalate in zip(fired, state.escalated, strict=True):
            if escalate is None:
                check = self._escalations[index]
                assert check is not None
                self._try_to_raise(data, index, check, self._escalation_keys[index] & unanswered, raises)

        # The pathway can change only while no red flag decides it (and none can be cancelled).
        if not fired:
            scored = state.scored
            for key in self._pathway_candidates(unanswered, state):
                for value in self._moving_values[key]:
                    pathway = self._choose_with(data, state, key, value)
                    if pathway is not scored:
                        changes.setdefault(key, set()).add(pathway)

        if not raises and not changes:
            return ()
        tie = self._tie_position
        questions = []
        for key in sorted(raises.keys() | changes.keys(), key=self._key_order.__getitem__):
            pathways = tuple(sorted(changes.get(key, ()), key=lambda pathway: tie.get(pathway, len(tie))))
            flag_ids = tuple(self._flags[index].id for index in sorted(raises.get(key, ())))
            cache_key = (key, pathways, flag_ids)
            question = self._question_cache.get(cache_key)
            if question is None:
                question = self._question_cache.setdefault(cache_key, QuestionToAsk(key, pathways, flag_ids))
            questions.append(question)
        return tuple(questions)

    def _try_to_raise(
        self, data: dict[str, AnswerValue], index: int, check: Check, keys: frozenset[str], raises: dict[str, set[int]]
    ) -> None:
        for key in keys:
            trial = dict(data)
            for value in self._trial_values[key]:
                trial[key] = value
                if check(trial, None) is True:
                    raises.setdefault(key, set()).add(index)
                    break

    def _pathway_candidates(self, unanswered: frozenset[str], state: _State) -> set[str]:
        """Unanswered keys that might change the chosen pathway: a superset, each then tried exactly.

        A key matters only if one answer to it can flip some gate. Three-valued logic makes that
        cheap to bound: a gate part that is already true or false stays so whatever else is answered.
        """
        candidates = set(self._compound_scoring_keys & unanswered)
        alive = [False] * len(self._gate_pathways)
        for index, score, threshold, depends_on in self._eligibility_plan:
            counted = state.counted[score]
            required = state.required[index]
            ruled_out = state.ruled_out[index]
            if counted is False or required is False or ruled_out is True:
                continue  # shut for good
            if depends_on is not None and not alive[depends_on]:
                continue
            alive[index] = True
            raw = state.raw[score]
            eligible = state.eligible[index]
            if eligible:
                if ruled_out is None:
                    candidates |= self._gate_keys[index] & unanswered
                margin = raw - threshold + 1  # how far one answer must pull the score down
                for delta, key in self._downs[score]:
                    if -delta < margin:
                        break
                    if key in unanswered:
                        candidates.add(key)
                continue
            if counted is None or required is None:
                # Undecided: one of its own keys could open it, if that key can also lift the score enough.
                for key in self._gate_keys[index] & unanswered:
                    rise = self._largest_rise.get(key)
                    if raw + (rise[score] if rise else 0) >= threshold:
                        candidates.add(key)
                continue
            if depends_on is not None and not state.eligible[depends_on]:
                continue  # its dependency's own keys are found when the dependency is examined
            needed = threshold - raw
            for delta, key in self._ups[score]:
                if delta < needed:
                    break
                if key in unanswered:
                    candidates.add(key)
        return candidates

    def _choose_with(self, data: dict[str, AnswerValue], state: _State, key: str, value: AnswerValue) -> Pathway:
        """The pathway the scores would choose if ``key`` were answered ``value``."""
        raw = state.raw
        hit = self._index.get((key, value))
        if hit is not None:
            raw = [points + delta for points, delta in zip(raw, hit.deltas, strict=True)]
        if key not in self._keys_needing_trial:
            return self._choose(self._eligibility(raw, state.counted, state.required, state.ruled_out))
        trial = dict(data)
        trial[key] = value
        if self._compound_scoring:
            raw = list(raw)
            for position, (score, _order, sign, check, keys) in enumerate(self._compound_scoring):
                if key in keys:
                    before = state.compound_scoring[position] is True
                    after = check(trial, None) is True
                    raw[score] += sign.weight * (after - before)
        counted = state.counted
        if key in self._scales_by_key:
            counted = list(counted)
            for score in self._scales_by_key[key]:
                counted[score] = self._counted[score](trial, None)  # type: ignore[misc]
        required = state.required
        ruled_out = state.ruled_out
        if key in self._gates_by_key:
            required, ruled_out = list(required), list(ruled_out)
            for index in self._gates_by_key[key]:
                required[index] = self._gate_requires[index](trial, None)
                ruled_out[index] = self._gate_ruled_out[index](trial, None)
        return self._choose(self._eligibility(raw, counted, required, ruled_out))


_NO_HIT = _Hit((), (), (), ())


def _necessary_answer(condition: Condition) -> tuple[str, frozenset[AnswerValue]] | None:
    """A (key, values) that must hold for the condition to be true, if one is easy to find."""
    single = truth_set(condition)
    if single is not None:
        return single
    if isinstance(condition, All):
        for part in condition.conditions:
            found = _necessary_answer(part)
            if found is not None:
                return found
    return None


# --- The public functions --------------------------------------------------------------------------

ENGINE = Engine(RULE_SET)
RULES_VERSION: str = ENGINE.version


def assess(answers: Mapping[str, object]) -> Result:
    """Assess one patient's answers (a mapping of contract keys; missing keys are unanswered).

    Raises ``AnswersInvalid`` for answers that break the contract.
    """
    return ENGINE.assess(answers)


def questions_to_ask(answers: Mapping[str, object]) -> tuple[QuestionToAsk, ...]:
    """Only the questions to ask (``assess`` already includes them in its result)."""
    return ENGINE.questions_to_ask(answers)
