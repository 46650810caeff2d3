"""The engine's words: the pathways it suggests, how urgent a red flag is, the questionnaire's sections.

Each is defined here once, with the label a person reads (``.label`` on every member). The app
builds its Django choices from these (``PATHWAY_CHOICES``, ``URGENCY_CHOICES``, ``SECTION_CHOICES``:
ordered (value, label) pairs), so a stored value, an admin filter and a page use the rules' words.
"""

from __future__ import annotations

from enum import StrEnum

from intake.rules.i18n import gettext_noop


class Pathway(StrEnum):
    PF_COMPENSATION = "pf_compensation"
    PF_ONLY = "pf_only"
    HAMSTRING_STRAIN = "hamstring_strain"
    SCIATICA = "sciatica"
    URGENT_REFERRAL = "urgent_referral"
    INSUFFICIENT = "insufficient"

    @property
    def label(self) -> str:
        """The meaning given in questions.md, as pages show it."""
        return _PATHWAY_LABELS[self]


_PATHWAY_LABELS = {
    Pathway.PF_COMPENSATION: "Heel pain driving back-of-thigh strain",
    Pathway.PF_ONLY: "Heel pain, no thigh involvement",
    Pathway.HAMSTRING_STRAIN: "Local hamstring strain",
    Pathway.SCIATICA: "Nerve-related (sciatica, including piriformis)",
    Pathway.URGENT_REFERRAL: "Urgent referral (a red flag decides)",
    Pathway.INSUFFICIENT: "Too little to go on",
}

# The four pathways the scores decide between; the other two are outcomes, not scores.
SCORED_PATHWAYS: tuple[Pathway, ...] = (
    Pathway.PF_COMPENSATION,
    Pathway.PF_ONLY,
    Pathway.HAMSTRING_STRAIN,
    Pathway.SCIATICA,
)


class Urgency(StrEnum):
    """How soon a patient must see a doctor; listed from the least to the most urgent."""

    ROUTINE = "routine"  # no red flag
    URGENT = "urgent"  # see a doctor within days
    EMERGENCY = "emergency"  # same day, emergency department

    @property
    def label(self) -> str:
        return _URGENCY_LABELS[self]

    @property
    def rank(self) -> int:
        """0 for routine, higher is more urgent."""
        return _URGENCY_RANK[self]


_URGENCY_LABELS = {
    Urgency.ROUTINE: "Routine",
    Urgency.URGENT: "Urgent (a doctor within days)",
    Urgency.EMERGENCY: "Emergency (same day)",
}
_URGENCY_RANK = {Urgency.ROUTINE: 0, Urgency.URGENT: 1, Urgency.EMERGENCY: 2}


class Section(StrEnum):
    """The parts of the questionnaire, in the order a patient answers them."""

    ABOUT = "about"
    HEEL = "heel"
    WALKING = "walking"
    THIGH = "thigh"
    SAFETY = "safety"
    HEALTH = "health"
    FOLLOW_UP = "follow_up"

    @property
    def label(self) -> str:
        """The heading a patient sees on the intake step and staff see on the case page."""
        return _SECTION_LABELS[self]


_SECTION_LABELS = {
    Section.ABOUT: gettext_noop("About you"),
    Section.HEEL: gettext_noop("Your heel and foot"),
    Section.WALKING: gettext_noop("How you walk"),
    Section.THIGH: gettext_noop("The back of your thigh"),
    Section.SAFETY: gettext_noop("Safety questions"),
    Section.HEALTH: gettext_noop("Your health"),
    Section.FOLLOW_UP: gettext_noop("A few more questions"),
}

# Ordered (value, label) pairs, the shape Django choices take.
PATHWAY_CHOICES: tuple[tuple[str, str], ...] = tuple((pathway.value, pathway.label) for pathway in Pathway)
URGENCY_CHOICES: tuple[tuple[str, str], ...] = tuple((urgency.value, urgency.label) for urgency in Urgency)
SECTION_CHOICES: tuple[tuple[str, str], ...] = tuple((section.value, section.label) for section in Section)
