"""What the engine returns: a typed result, and its JSON shape for storing (``to_dict``/``from_dict``).

The stored snapshot is the contract of ../shared/clinical/questions.md plus extra keys; ``to_dict``
must give the same text for the same result forever, because snapshots are compared and audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any as AnyType

from intake.rules.questions import QUESTIONS_BY_KEY, Question
from intake.rules.vocabulary import Pathway, Urgency


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
    """A red-flag rule that fired. ``advice`` is for the patient; ``explanation`` for staff.

    ``escalated``: another answer raised it to the rule's higher urgency; ``softened``: an explicit
    answer lowered it (e.g. "not new and not worse"). Never both: escalation wins.
    """

    rule: str
    key: str
    urgency: Urgency
    advice: str
    explanation: str
    sources: tuple[str, ...]
    escalated: bool
    softened: bool = False

    def to_dict(self, *, emergency_number: str = DEFAULT_EMERGENCY_NUMBER) -> dict[str, object]:
        return {
            "key": self.key,
            "urgency": self.urgency.value,
            "advice": with_emergency_number(self.advice, emergency_number),
            "rule": self.rule,
            "explanation": self.explanation,
            "sources": list(self.sources),
            "escalated": self.escalated,
            "softened": self.softened,
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
            data.get("softened", False),  # snapshots from before the second edition have no softening
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
class Caution:
    """A plan caution that applies (staff): which items of this plan it is about, and what to do."""

    id: str
    items: tuple[str, ...]
    text: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "items": list(self.items), "text": self.text, "sources": list(self.sources)}

    @classmethod
    def from_dict(cls, data: Mapping[str, AnyType]) -> Caution:
        return cls(data["id"], tuple(data["items"]), data["text"], tuple(data["sources"]))


@dataclass(frozen=True, slots=True)
class QuestionToAsk:
    """An unanswered key worth asking: answered on its own it could change the suggestion.

    ``could_change_pathway_to`` lists the pathways other than urgent referral some answer would
    lead to (including a scored pathway when an answer would soften every red flag away); a red flag
    is reported in ``could_raise_red_flags`` instead, as rule ids that would fire or reach a higher
    urgency. ``could_soften_red_flags``: rule ids an explicit answer would lower or stop.
    """

    key: str
    could_change_pathway_to: tuple[Pathway, ...]
    could_raise_red_flags: tuple[str, ...]
    could_soften_red_flags: tuple[str, ...] = ()

    @property
    def question(self) -> Question:
        """The question to ask, with its wording."""
        return QUESTIONS_BY_KEY[self.key]

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "could_change_pathway_to": [pathway.value for pathway in self.could_change_pathway_to],
            "could_raise_red_flags": list(self.could_raise_red_flags),
            "could_soften_red_flags": list(self.could_soften_red_flags),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, AnyType]) -> QuestionToAsk:
        return cls(
            data["key"],
            tuple(Pathway(pathway) for pathway in data["could_change_pathway_to"]),
            tuple(data["could_raise_red_flags"]),
            tuple(data.get("could_soften_red_flags", ())),
        )


@dataclass(frozen=True, slots=True)
class Result:
    """What the engine suggests for one patient, with every reason, for a physiotherapist to review.

    ``pathway`` is the final suggestion (``urgent_referral`` whenever a red flag fired);
    ``scored_pathway`` is what the scores alone chose, kept for the physiotherapist. ``ranking`` has
    one entry per scored pathway, the chosen one first; ``red_flags`` are most urgent first;
    ``plan`` holds plan item ids (``RULE_SET.plan_items``). ``cautions`` are the plan cautions that
    apply to this plan (staff); ``choice_explanation`` says in words why the suggested pathway won
    when several qualified (empty otherwise).
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
    cautions: tuple[Caution, ...] = ()
    choice_explanation: str = ""

    @property
    def advice(self) -> str:
        """The patient advice of the most urgent red flag, or an empty string when there is none.

        Kept for compatibility: a patient must read ``advice_all`` (every fired flag's advice).
        """
        return self.red_flags[0].advice if self.red_flags else ""

    @property
    def advice_all(self) -> tuple[str, ...]:
        """The patient advice of every red flag, most urgent first, each different text once."""
        return tuple(dict.fromkeys(flag.advice for flag in self.red_flags_most_urgent_first))

    def advice_all_for(self, emergency_number: str = DEFAULT_EMERGENCY_NUMBER) -> tuple[str, ...]:
        """``advice_all`` with the clinic's emergency number filled in."""
        return tuple(with_emergency_number(advice, emergency_number) for advice in self.advice_all)

    @property
    def escalated(self) -> bool:
        """Whether any red flag was raised to a higher urgency by another answer."""
        return any(flag.escalated for flag in self.red_flags)

    @property
    def softened(self) -> bool:
        """Whether any red flag that fired was lowered by an explicit answer."""
        return any(flag.softened for flag in self.red_flags)

    @property
    def red_flags_most_urgent_first(self) -> tuple[RedFlag, ...]:
        """Emergencies first, then urgent flags, each in rule order.

        The engine already lists ``red_flags`` so; sorting again keeps pages right for any snapshot.
        """
        return tuple(sorted(self.red_flags, key=lambda flag: -flag.urgency.rank))

    def red_flag(self, rule_id: str) -> RedFlag | None:
        """The red flag raised by rule ``rule_id``, or None if that rule did not fire."""
        return next((flag for flag in self.red_flags if flag.rule == rule_id), None)

    def ranking_entry(self, pathway: Pathway) -> PathwayScore | None:
        """The ranking entry of a scored pathway (None for urgent_referral and insufficient)."""
        return next((entry for entry in self.ranking if entry.pathway == pathway), None)

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
            "advice_all": list(self.advice_all_for(emergency_number)),
            "cautions": [caution.to_dict() for caution in self.cautions],
            "choice_explanation": self.choice_explanation,
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
            # Snapshots from before the second edition have neither.
            cautions=tuple(Caution.from_dict(caution) for caution in data.get("cautions", ())),
            choice_explanation=data.get("choice_explanation", ""),
        )
