"""The engine's vocabulary: every pathway, urgency and section has a label, and choices follow the enums."""

from __future__ import annotations

from intake.rules import (
    PATHWAY_CHOICES,
    QUESTIONS,
    RULE_SET,
    SCORED_PATHWAYS,
    SECTION_CHOICES,
    URGENCY_CHOICES,
    Pathway,
    Section,
    Urgency,
)


def test_choices_are_the_members_in_order_with_their_labels() -> None:
    assert PATHWAY_CHOICES == tuple((pathway.value, pathway.label) for pathway in Pathway)
    assert URGENCY_CHOICES == tuple((urgency.value, urgency.label) for urgency in Urgency)
    assert SECTION_CHOICES == tuple((section.value, section.label) for section in Section)
    for choices in (PATHWAY_CHOICES, URGENCY_CHOICES, SECTION_CHOICES):
        assert all(label and label[0].isupper() for _value, label in choices)


def test_urgencies_are_listed_from_least_to_most_urgent() -> None:
    assert [urgency.rank for urgency in Urgency] == sorted(urgency.rank for urgency in Urgency)
    assert Urgency.ROUTINE.rank == 0


def test_the_scored_pathways_are_those_the_rules_score_and_the_others_are_outcomes() -> None:
    assert {scale.pathway for scale in RULE_SET.scales} == set(SCORED_PATHWAYS)
    assert set(Pathway) - set(SCORED_PATHWAYS) == {Pathway.URGENT_REFERRAL, Pathway.INSUFFICIENT}


def test_every_section_has_questions_in_questionnaire_order() -> None:
    order = [question.section for question in QUESTIONS]
    assert sorted(set(order), key=order.index) == list(Section)
