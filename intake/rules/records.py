"""The shapes of the rule data: what a red-flag rule, a scoring rule, a gate, a note and a plan item are.

The rules themselves are in ``data.py``; this module only says which fields each row has, so that
``data.py`` reads as the clinical tables and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from intake.rules.conditions import Condition
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
    rationale: str = ""  # why this row differs from section 7.3, when it does


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
class TieBreak:
    """The order in which eligible pathways win."""

    order: tuple[Pathway, ...]
    staff_explanation: str
    sources: tuple[str, ...]


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
    """One item a plan template can hold (section 6 of the clinical README)."""

    id: str
    item: str
    dose: str
    duration: str
    sources: tuple[str, ...]
    # The README's evidence tag for the item and its dose, e.g. "trial [seen]; dose [recalled]".
    evidence: str


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
