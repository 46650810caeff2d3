"""The shapes of the rule data: what a red-flag rule, a scoring rule, a gate, a note and a plan item are.

The rules themselves are in ``data.py``; this module only says which fields each row has, so that
``data.py`` reads as the clinical tables and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from intake.rules.conditions import Condition
from intake.rules.result import DEFAULT_EMERGENCY_NUMBER, with_emergency_number
from intake.rules.sources import Source
from intake.rules.vocabulary import Pathway, Urgency


class Score(StrEnum):
    """The four points scores of section 7.4 of the clinical README."""

    PF = "PF"  # heel: plantar fasciitis
    COMP = "COMP"  # heel pain driving back-of-thigh compensation
    HS = "HS"  # local hamstring strain
    SCI = "SCI"  # sciatica / nerve-related, including piriformis


@dataclass(frozen=True)
class RedFlagRule:
    """A sign that needs a doctor, whatever the scores say.

    ``advice`` is what the patient reads: where to go and how soon, never a diagnosis.
    When ``escalate_if`` is also true the urgency becomes ``escalate_to`` and the patient reads
    ``escalated_advice`` instead.

    A flag can be softened only by explicit answers: when it fires, is not escalated (escalation wins)
    and ``soften_if`` is definitely true, the urgency becomes ``soften_to`` and the patient reads
    ``softened_advice``; ``soften_to`` None means the flag does not fire at all (its staff explanation
    says so, and a differential note tells staff what to check instead). ``soften_if`` is built from
    answers only (``no(...)``, ``Is(...)``, ``Below(...)``), never ``Not``, so an unanswered question
    can never soften a flag.
    """

    id: str
    key: str  # the main answer key, shown as "key" in the result
    condition: Condition
    urgency: Urgency
    advice: str
    staff_explanation: str
    sources: tuple[str, ...]
    escalate_if: Condition | None = None
    escalate_to: Urgency | None = None
    escalated_advice: str = ""
    soften_if: Condition | None = None
    soften_to: Urgency | None = None  # None with soften_if: the flag does not fire
    softened_advice: str = ""
    rationale: str = ""  # why this row differs from the first edition's table, when it does

    def advice_in_words(self, emergency_number: str = DEFAULT_EMERGENCY_NUMBER) -> tuple[tuple[str, str], ...]:
        """(when, patient advice) pairs for staff pages such as About, with the emergency number filled in.

        Every page that shows a rule's advice must go through this (or ``with_emergency_number``): the
        rule data holds a ``{emergency_number}`` placeholder.
        """
        pairs = [(self.urgency.label, with_emergency_number(self.advice, emergency_number))]
        if self.escalate_if is not None and self.escalate_to is not None:
            pairs.append(
                (
                    f"{self.escalate_to.label} if {self.escalate_if.describe()}",
                    with_emergency_number(self.escalated_advice, emergency_number),
                )
            )
        if self.soften_if is not None:
            if self.soften_to is None:
                pairs.append((f"Not a red flag if {self.soften_if.describe()}", ""))
            else:
                pairs.append(
                    (
                        f"{self.soften_to.label} if {self.soften_if.describe()}",
                        with_emergency_number(self.softened_advice, emergency_number),
                    )
                )
        return tuple(pairs)


@dataclass(frozen=True)
class ScoreScale:
    """One points score: which pathway it speaks for and when it is counted at all."""

    score: Score
    pathway: Pathway
    # None means always counted; otherwise the score stays 0 (no signs) unless this is true.
    counted_when: Condition | None
    description: str


@dataclass(frozen=True)
class ScoringRule:
    """One sign for (positive weight) or against (negative weight) a pathway's score."""

    id: str
    score: Score
    condition: Condition
    weight: int
    staff_explanation: str
    sources: tuple[str, ...]
    rationale: str = ""


@dataclass(frozen=True)
class Gate:
    """What a pathway needs before it can be suggested, besides reaching its score threshold.

    ``requires`` must be definitely true (an unanswered key cannot satisfy it); ``ruled_out_by``
    must not be definitely true (an unanswered key never rules a pathway out).
    """

    id: str
    pathway: Pathway
    score: Score
    threshold: int
    requires: Condition
    staff_explanation: str
    sources: tuple[str, ...]
    ruled_out_by: Condition | None = None
    # The heel gate must also pass for compensation: no plantar fasciitis, nothing to compensate for.
    requires_eligible: Pathway | None = None
    rationale: str = ""


@dataclass(frozen=True)
class TieBreakReason:
    """Why a pathway wins over the ones after it in the tie-break, in words for the case page."""

    pathway: Pathway
    name: str  # as it reads inside a sentence: "sciatica", "plantar fasciitis"
    reason: str  # completes "... is suggested because ..."


@dataclass(frozen=True)
class TieBreak:
    """The order in which eligible pathways win, and why (one reason per pathway)."""

    order: tuple[Pathway, ...]
    staff_explanation: str
    sources: tuple[str, ...]
    reasons: tuple[TieBreakReason, ...] = ()


@dataclass(frozen=True)
class DifferentialNote:
    """A prompt for the physiotherapist (never shown to the patient)."""

    id: str
    condition: Condition
    note: str
    sources: tuple[str, ...]
    rationale: str = ""


@dataclass(frozen=True)
class PlanItem:
    """One item a plan template can hold (section 6 of the clinical README).

    ``item`` starts with a plain title a patient may read (no diagnosis named); ``evidence`` and
    ``caution`` are for staff.
    """

    id: str
    item: str
    dose: str
    duration: str
    sources: tuple[str, ...]
    # The evidence behind the item and its dose, in plain words for staff.
    evidence: str
    # When to adapt or avoid the item (staff): the text of every PlanCaution naming this item.
    caution: str = ""


@dataclass(frozen=True)
class PlanCaution:
    """A warning for staff about plan items, in the result when ``condition`` holds and one of
    ``items`` is in the plan. The condition may ask which pathways qualified (as notes do)."""

    id: str
    condition: Condition
    items: tuple[str, ...]
    caution: str
    sources: tuple[str, ...]
    rationale: str = ""


@dataclass(frozen=True)
class PathwayPlan:
    """The items of a pathway's self-care plan, with when to reassess and when to escalate."""

    pathway: Pathway
    items: tuple[str, ...]
    reassess: str
    escalate: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class MixedPictureRule:
    """Section 6.4: extra plan items when another pathway also qualified besides the chosen one."""

    id: str
    primary: Pathway
    also_eligible: Pathway
    add_items: tuple[str, ...]
    staff_explanation: str
    sources: tuple[str, ...]
    rationale: str = ""


@dataclass(frozen=True)
class RuleSet:
    """Everything the engine reads; the rules version is a hash of exactly this."""

    declared_version: str
    red_flags: tuple[RedFlagRule, ...]
    scales: tuple[ScoreScale, ...]
    scoring_rules: tuple[ScoringRule, ...]
    gates: tuple[Gate, ...]
    tie_break: TieBreak
    notes: tuple[DifferentialNote, ...]
    plan_items: tuple[PlanItem, ...]
    plans: tuple[PathwayPlan, ...]
    mixed_pictures: tuple[MixedPictureRule, ...]
    sources: tuple[Source, ...]
    cautions: tuple[PlanCaution, ...] = ()
