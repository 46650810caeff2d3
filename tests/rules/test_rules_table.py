"""Every rule in the data has a case that fires it and one that does not (STYLE.md rule 18).

The tables below are keyed by rule id, and a test checks each table's keys against the ids in the
rule data: a new rule without a row here fails the build until someone writes its cases.
"""

from __future__ import annotations

import pytest

from intake.rules import RULE_SET, Pathway, Urgency, assess
from tests.rules.helpers import entry, flag_ids, sign_ids

# --- red flags -------------------------------------------------------------------------------------

RED_FLAG_CASES: dict[str, tuple[dict[str, object], dict[str, object]]] = {
    "RF-CES-BLADDER": ({"bladder_bowel_change": True}, {"bladder_bowel_change": False}),
    "RF-CES-SADDLE": ({"saddle_numbness": True}, {"saddle_numbness": False}),
    "RF-CES-BILATERAL": (
        {"both_legs": True, "low_back_pain": True},
        # Tingling in both legs or feet without back or radicular pain: not cauda equina (often a neuropathy).
        {
            "both_legs": True,
            "leg_tingling": True,
            "foot_tingling": True,
            "leg_weakness": False,
            "pain_below_knee": False,
            "low_back_pain": False,
            "thigh_pain": False,
        },
    ),
    "RF-MSCC": (
        {"cancer_history": True, "leg_weakness": True},
        # Cancer with back pain alone (no deficit): RF-CANCER, not this one.
        {
            "cancer_history": True,
            "low_back_pain": True,
            "leg_weakness": False,
            "saddle_numbness": False,
            "bladder_bowel_change": False,
            "both_legs": False,
        },
    ),
    "RF-PE": ({"breathless_or_chest_pain": True}, {"breathless_or_chest_pain": False, "calf_tightness": True}),
    "RF-DVT": ({"calf_swelling": True}, {"calf_swelling": False, "calf_tender": False}),
    "RF-ACHILLES": (
        {"heel_pop": True},
        # Gradual back-of-heel pain with difficulty rising on tiptoe: tendinopathy, not a rupture.
        {"heel_pain_site": "back_of_heel", "heel_onset": "gradual", "tiptoe_difficulty": True, "heel_pop": False},
    ),
    "RF-DIABETIC-FOOT": (
        {"diabetes": True, "foot_red_hot_swollen": True},
        # A red, hot, swollen foot without diabetes: not this flag.
        {"diabetes": False, "foot_red_hot_swollen": True},
    ),
    "RF-BLEED": (
        {"anticoagulants": True, "bruising_or_swelling": True, "thigh_onset": "sudden", "onset_activity": "none"},
        # On a blood thinner, bruising after sprinting: a strain (the flag is softened away).
        {"anticoagulants": True, "bruising_or_swelling": True, "thigh_onset": "sudden", "onset_activity": "sprinting"},
    ),
    "RF-SEXUAL": ({"sexual_dysfunction": True}, {"sexual_dysfunction": False, "low_back_pain": True}),
    "RF-NEURO": ({"leg_weakness": True}, {"leg_weakness": False}),
    "RF-INFECTION": ({"fever_unwell": True}, {"fever_unwell": False}),
    "RF-TRAUMA": (
        {"major_trauma": True},
        # A knock, 45, no steroids, no osteoporosis: not a flag (note N-KNOCK).
        {
            "major_trauma": True,
            "injury_kind": "knock",
            "age": 45,
            "long_term_steroids": False,
            "osteoporosis": False,
            "cannot_bear_weight": False,
        },
    ),
    "RF-NWB": ({"cannot_bear_weight": True}, {"cannot_bear_weight": False}),
    "RF-AVULSION": (
        {"felt_pop": True, "thigh_pain_site": "buttock_to_thigh"},
        # A pop in the muscle belly: a strain, not an avulsion.
        {"felt_pop": True, "thigh_pain_site": "muscle_belly", "thigh_onset": "sudden", "age": 15},
    ),
    "RF-CANCER": ({"cancer_history": True}, {"cancer_history": False}),
    "RF-WEIGHT": ({"weight_loss": True}, {"weight_loss": False}),
    "RF-NIGHT": ({"night_pain": True}, {"night_pain": False}),
}

# Other ways a flag fires (each branch of an Any, and what the second edition added).
MORE_FIRING_CASES: list[tuple[str, dict[str, object]]] = [
    ("RF-CES-BILATERAL", {"both_legs": True, "pain_below_knee": True}),
    ("RF-CES-BILATERAL", {"both_legs": True, "leg_weakness": True}),
    ("RF-CES-BILATERAL", {"both_legs": True, "thigh_pain_quality": "shooting_or_burning"}),
    ("RF-CES-BILATERAL", {"both_legs": True, "leg_tingling": True, "low_back_pain": True}),
    ("RF-MSCC", {"cancer_history": True, "saddle_numbness": True}),
    ("RF-MSCC", {"cancer_history": True, "bladder_bowel_change": True}),
    ("RF-MSCC", {"cancer_history": True, "both_legs": True, "leg_tingling": True}),
    ("RF-MSCC", {"cancer_history": True, "both_legs": True, "thigh_pain_quality": "shooting_or_burning"}),
    ("RF-DVT", {"calf_tender": True}),  # risk factors not answered: fires
    ("RF-DVT", {"calf_tender": True, "calf_swelling": False, "previous_clot": True}),
    ("RF-DVT", {"calf_tender": True, "pregnant_or_postpartum": True, "age": 30}),
    ("RF-ACHILLES", {"heel_onset": "sudden", "tiptoe_difficulty": True}),
    ("RF-BLEED", {"anticoagulants": True, "bruising_or_swelling": True, "thigh_onset": "sudden"}),
    ("RF-AVULSION", {"felt_pop": True, "thigh_pain_site": "sitting_bone", "thigh_onset": "gradual"}),
    ("RF-AVULSION", {"age": 16, "thigh_onset": "sudden", "thigh_pain_site": "sitting_bone"}),
    ("RF-TRAUMA", {"major_trauma": True, "injury_kind": "knock", "osteoporosis": True, "age": 45}),
    ("RF-TRAUMA", {"major_trauma": True, "injury_kind": "knock", "long_term_steroids": True, "age": 45}),
    ("RF-TRAUMA", {"major_trauma": True, "injury_kind": "knock", "age": 70}),
]

CALF_TENDER_NO_RISK: dict[str, object] = {
    "calf_tender": True,
    "calf_swelling": False,
    "recent_surgery_or_immobilised": False,
    "previous_clot": False,
    "long_journey": False,
    "cancer_history": False,
    "pregnant_or_postpartum": False,
    "age": 40,
}

# Nearest look-alikes that must not fire.
MORE_QUIET_CASES: list[tuple[str, dict[str, object]]] = [
    ("RF-CES-BILATERAL", {"both_legs": True, "foot_tingling": True}),
    ("RF-ACHILLES", {"heel_onset": "sudden", "tiptoe_difficulty": False, "heel_pop": False}),
    ("RF-AVULSION", {"age": 17, "thigh_onset": "sudden", "thigh_pain_site": "sitting_bone", "felt_pop": False}),
    ("RF-AVULSION", {"age": 15, "thigh_onset": "gradual", "thigh_pain_site": "sitting_bone", "felt_pop": False}),
    ("RF-MSCC", {"cancer_history": True, "both_legs": True, "low_back_pain": True, "leg_tingling": False}),
    ("RF-DVT", CALF_TENDER_NO_RISK),
    ("RF-DVT", {**CALF_TENDER_NO_RISK, "pregnant_or_postpartum": None, "age": 60}),  # pregnancy is not asked from 56
]

# For flags that escalate: (answers that escalate, answers that fire the flag without escalating).
ESCALATION_CASES: dict[str, tuple[dict[str, object], dict[str, object]]] = {
    "RF-SEXUAL": (
        {"sexual_dysfunction": True, "leg_tingling": True},
        # GIRFT: low back pain with sexual dysfunction as the only other feature is unlikely to be CES.
        {"sexual_dysfunction": True, "low_back_pain": True, "leg_tingling": False},
    ),
    "RF-NEURO": ({"leg_weakness": True, "both_legs": True}, {"leg_weakness": True, "both_legs": False}),
    "RF-INFECTION": ({"fever_unwell": True, "low_back_pain": True}, {"fever_unwell": True, "low_back_pain": False}),
    "RF-TRAUMA": (
        {"major_trauma": True, "cannot_bear_weight": True},
        {"major_trauma": True, "cannot_bear_weight": False},
    ),
    "RF-NWB": ({"cannot_bear_weight": True, "major_trauma": True}, {"cannot_bear_weight": True, "major_trauma": False}),
}

# Every other way a flag escalates (second edition), each with the flag's own answer.
MORE_ESCALATIONS: list[tuple[str, dict[str, object]]] = [
    ("RF-NEURO", {"leg_weakness": True, "cancer_history": True}),
    ("RF-NEURO", {"leg_weakness": True, "fever_unwell": True}),
    *[
        ("RF-INFECTION", {"fever_unwell": True, key: True})
        for key in (
            "leg_weakness",
            "both_legs",
            "diabetes",
            "immunosuppressed",
            "foot_red_hot_swollen",
            "night_pain",
        )
    ],
    ("RF-TRAUMA", {"major_trauma": True, "injury_kind": "high_energy", "cannot_bear_weight": False}),
    # Escalation wins over softening: a knock without fragility, but cannot bear weight.
    (
        "RF-TRAUMA",
        {
            "major_trauma": True,
            "injury_kind": "knock",
            "age": 40,
            "long_term_steroids": False,
            "osteoporosis": False,
            "cannot_bear_weight": True,
        },
    ),
]

# For flags that soften: (answers that soften, the same with the softening answer missing: it fires in full).
SOFTENING_CASES: dict[str, tuple[dict[str, object], dict[str, object]]] = {
    "RF-CES-BILATERAL": (
        {"both_legs": True, "low_back_pain": True, "nerve_symptoms_recent": False},
        {"both_legs": True, "low_back_pain": True},
    ),
    "RF-DVT": (CALF_TENDER_NO_RISK, {**CALF_TENDER_NO_RISK, "long_journey": None}),
    "RF-BLEED": (
        {"anticoagulants": True, "bruising_or_swelling": True, "thigh_onset": "sudden", "onset_activity": "kicking"},
        {"anticoagulants": True, "bruising_or_swelling": True, "thigh_onset": "sudden"},
    ),
    "RF-TRAUMA": (
        {"major_trauma": True, "injury_kind": "knock", "age": 45, "long_term_steroids": False, "osteoporosis": False},
        {"major_trauma": True, "injury_kind": "knock", "long_term_steroids": False, "osteoporosis": False},
    ),
}


def _answered(answers: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in answers.items() if value is not None}


@pytest.mark.parametrize(("rule_id", "answers"), MORE_FIRING_CASES)
def test_red_flag_fires_by_every_route(rule_id: str, answers: dict[str, object]) -> None:
    assert rule_id in flag_ids(assess(_answered(answers)))


@pytest.mark.parametrize(("rule_id", "answers"), MORE_QUIET_CASES)
def test_red_flag_look_alike_does_not_fire(rule_id: str, answers: dict[str, object]) -> None:
    assert rule_id not in flag_ids(assess(_answered(answers)))


@pytest.mark.parametrize(("rule_id", "answers"), MORE_ESCALATIONS)
def test_red_flag_escalates_by_every_route(rule_id: str, answers: dict[str, object]) -> None:
    flag = assess(answers).red_flag(rule_id)
    assert flag is not None and flag.escalated and flag.urgency is Urgency.EMERGENCY


def test_every_softening_has_a_case() -> None:
    assert set(SOFTENING_CASES) == {flag.id for flag in RULE_SET.red_flags if flag.soften_if is not None}


@pytest.mark.parametrize("rule_id", sorted(SOFTENING_CASES))
def test_softening_needs_an_explicit_answer(rule_id: str) -> None:
    softening, missing = (_answered(answers) for answers in SOFTENING_CASES[rule_id])
    rule = next(rule for rule in RULE_SET.red_flags if rule.id == rule_id)
    softened = assess(softening).red_flag(rule_id)
    if rule.soften_to is None:
        assert softened is None
    else:
        assert softened is not None
        assert (softened.urgency, softened.advice, softened.softened) == (rule.soften_to, rule.softened_advice, True)
    full = assess(missing).red_flag(rule_id)
    assert full is not None
    assert (full.urgency, full.advice, full.softened) == (rule.urgency, rule.advice, False)


def test_every_red_flag_rule_has_a_case() -> None:
    assert set(RED_FLAG_CASES) == {flag.id for flag in RULE_SET.red_flags}


def test_every_escalation_has_a_case() -> None:
    assert set(ESCALATION_CASES) == {flag.id for flag in RULE_SET.red_flags if flag.escalate_if is not None}


@pytest.mark.parametrize("rule_id", sorted(RED_FLAG_CASES))
def test_red_flag_fires_and_routes_urgently(rule_id: str) -> None:
    firing, _ = RED_FLAG_CASES[rule_id]
    result = assess(firing)
    assert rule_id in flag_ids(result)
    assert result.pathway == Pathway.URGENT_REFERRAL
    assert result.plan == ()
    assert result.urgency in (Urgency.URGENT, Urgency.EMERGENCY)
    (flag,) = [flag for flag in result.red_flags if flag.rule == rule_id]
    rule = next(rule for rule in RULE_SET.red_flags if rule.id == rule_id)
    assert flag.key == rule.key
    assert flag.sources == rule.sources


@pytest.mark.parametrize("rule_id", sorted(RED_FLAG_CASES))
def test_red_flag_does_not_fire(rule_id: str) -> None:
    _, quiet = RED_FLAG_CASES[rule_id]
    assert rule_id not in flag_ids(assess(quiet))


@pytest.mark.parametrize("rule_id", sorted(ESCALATION_CASES))
def test_escalation_raises_the_urgency_and_the_advice(rule_id: str) -> None:
    escalating, plain = ESCALATION_CASES[rule_id]
    rule = next(rule for rule in RULE_SET.red_flags if rule.id == rule_id)
    (raised,) = [flag for flag in assess(escalating).red_flags if flag.rule == rule_id]
    (unraised,) = [flag for flag in assess(plain).red_flags if flag.rule == rule_id]
    assert (raised.urgency, raised.advice, raised.escalated) == (rule.escalate_to, rule.escalated_advice, True)
    assert (unraised.urgency, unraised.advice, unraised.escalated) == (rule.urgency, rule.advice, False)


# --- scoring rules ---------------------------------------------------------------------------------

HEEL = {"heel_pain": True}  # the PF score is counted only with heel pain
THIGH = {"thigh_pain": True}  # COMP and HS only with thigh pain


def _pair(base: dict[str, object], key: str, firing: object, quiet: object) -> tuple[dict, dict]:
    return {**base, key: firing}, {**base, key: quiet}


SCORING_CASES: dict[str, tuple[dict[str, object], dict[str, object]]] = {
    "PF1": ({"heel_pain": True}, {"heel_pain": False}),
    "PF2": _pair(HEEL, "first_step_pain", True, False),
    "PF3": _pair(HEEL, "pain_after_rest", True, False),
    "PF4": _pair(HEEL, "heel_pain_site", "inner_underside", "arch"),
    "PF5": _pair(HEEL, "heel_pain_site", "arch", "inner_underside"),
    "PF6": _pair(HEEL, "heel_pain_site", "back_of_heel", "other"),
    "PF7": _pair(HEEL, "heel_pain_site", "whole_heel", "other"),
    "PF8": _pair(HEEL, "eases_with_walking", True, False),
    "PF9": _pair(HEEL, "calf_tightness", True, False),
    "PF10": _pair(HEEL, "bmi", 30, 29),
    "PF11": _pair(HEEL, "standing_hours", 6, 5),
    "PF12": _pair(HEEL, "activity", "running", "walking"),
    "PF13": _pair(HEEL, "unsupportive_footwear", True, False),
    "PF14": _pair(HEEL, "foot_tingling", True, False),
    "C1": _pair(THIGH, "thigh_after_heel", True, False),
    "C2": _pair(THIGH, "thigh_onset", "gradual", "sudden"),
    "C3": _pair(THIGH, "thigh_onset", "sudden", "gradual"),
    "C4": _pair(THIGH, "thigh_pain_quality", "dull_tight_ache", "sharp_localized"),
    "C5": _pair(THIGH, "thigh_pain_quality", "sharp_localized", "dull_tight_ache"),
    "C6": _pair(THIGH, "thigh_pain_quality", "shooting_or_burning", "dull_tight_ache"),
    "C7": _pair(THIGH, "thigh_pain_site", "whole_back_of_thigh", "muscle_belly"),
    "C8": _pair(THIGH, "limping", True, False),
    "C9": _pair(THIGH, "outer_edge_walking", True, False),
    "C10": _pair(THIGH, "flat_quick_steps", True, False),
    "C11": _pair(THIGH, "knee_kept_bent", True, False),
    "C12": _pair(THIGH, "calf_tightness", True, False),
    "C13": _pair(THIGH, "onset_activity", "kicking", "lifting"),
    "C14": _pair(THIGH, "felt_pop", True, False),
    "C15": _pair(THIGH, "bruising_or_swelling", True, False),
    "C16": _pair(THIGH, "pain_below_knee", True, False),
    "C17": _pair(THIGH, "leg_tingling", True, False),
    "C18": _pair(THIGH, "worse_cough_sneeze", True, False),
    "C19": _pair(THIGH, "thigh_after_heel", False, True),
    "H1": _pair(THIGH, "thigh_onset", "sudden", "gradual"),
    "H2": _pair(THIGH, "thigh_onset", "gradual", "sudden"),
    "H3": _pair(THIGH, "onset_activity", "sprinting", "none"),
    "H4": _pair(THIGH, "onset_activity", "lunging_or_stretching", "none"),
    "H5": _pair(THIGH, "onset_activity", "kicking", "none"),
    "H6": _pair(THIGH, "onset_activity", "lifting", "none"),
    "H7": _pair(THIGH, "onset_activity", "none", "sprinting"),
    "H8": _pair(THIGH, "felt_pop", True, False),
    "H9": _pair(THIGH, "thigh_pain_quality", "sharp_localized", "dull_tight_ache"),
    "H10": _pair(THIGH, "thigh_pain_quality", "shooting_or_burning", "dull_tight_ache"),
    "H11": _pair(THIGH, "thigh_pain_site", "muscle_belly", "whole_back_of_thigh"),
    "H12": _pair(THIGH, "thigh_pain_site", "sitting_bone", "whole_back_of_thigh"),
    "H13": _pair(THIGH, "thigh_pain_site", "buttock_to_thigh", "whole_back_of_thigh"),
    "H14": _pair(THIGH, "bruising_or_swelling", True, False),
    "H15": _pair(THIGH, "activity", "sprint_sport", "running"),
    "H16": _pair(THIGH, "thigh_after_heel", True, False),
    "H17": _pair(THIGH, "pain_below_knee", True, False),
    "H18": _pair(THIGH, "leg_tingling", True, False),
    "H19": _pair(THIGH, "worse_cough_sneeze", True, False),
    "S1": _pair({}, "pain_below_knee", True, False),
    "S2": _pair({}, "thigh_pain_quality", "shooting_or_burning", "dull_tight_ache"),
    "S3": _pair({}, "leg_tingling", True, False),
    "S4": _pair({}, "worse_cough_sneeze", True, False),
    "S5": _pair({}, "low_back_pain", True, False),
    "S6": _pair({}, "worse_sitting", True, False),
    "S7": _pair({}, "no_comfortable_position", True, False),
    "S8": _pair({}, "thigh_pain_site", "buttock_to_thigh", "muscle_belly"),
    "S9": _pair({}, "thigh_pain_site", "whole_back_of_thigh", "buttock_to_thigh"),
    "S10": _pair({}, "thigh_pain_site", "muscle_belly", "whole_back_of_thigh"),
    "S11": _pair({}, "thigh_pain_quality", "dull_tight_ache", "sharp_localized"),
    "S12": _pair({}, "thigh_onset", "gradual", "sudden"),
    "S13": _pair({}, "leg_weakness", True, False),
    "S14a": _pair({}, "onset_activity", "sprinting", "lifting"),
    "S14b": _pair({}, "onset_activity", "lunging_or_stretching", "lifting"),
    "S14c": _pair({}, "onset_activity", "kicking", "lifting"),
    "S15": _pair({}, "onset_activity", "lifting", "none"),
    "S16": _pair({}, "felt_pop", True, False),
    "S17": _pair({}, "bruising_or_swelling", True, False),
    "S18": _pair({}, "foot_tingling", True, False),
}

_RULES = {rule.id: rule for rule in RULE_SET.scoring_rules}
_PATHWAY_OF_SCORE = {scale.score: scale.pathway for scale in RULE_SET.scales}


def test_every_scoring_rule_has_a_case() -> None:
    assert set(SCORING_CASES) == set(_RULES)


@pytest.mark.parametrize("rule_id", sorted(SCORING_CASES))
def test_scoring_rule_fires_as_a_sign_for_or_against_its_pathway(rule_id: str) -> None:
    firing, _ = SCORING_CASES[rule_id]
    rule = _RULES[rule_id]
    scored = entry(assess(firing), _PATHWAY_OF_SCORE[rule.score])
    signs = scored.signs_for if rule.weight > 0 else scored.signs_against
    (sign,) = [sign for sign in signs if sign.rule == rule_id]
    assert sign.weight == rule.weight
    assert sign.sources == rule.sources
    assert sign.explanation == rule.staff_explanation
    assert set(sign.keys) == rule.condition.keys()


@pytest.mark.parametrize("rule_id", sorted(SCORING_CASES))
def test_scoring_rule_does_not_fire(rule_id: str) -> None:
    _, quiet = SCORING_CASES[rule_id]
    assert rule_id not in sign_ids(assess(quiet))


@pytest.mark.parametrize("rule_id", sorted(SCORING_CASES))
def test_scoring_rule_does_not_fire_when_its_key_is_unanswered(rule_id: str) -> None:
    firing, _ = SCORING_CASES[rule_id]
    unanswered = {key: value for key, value in firing.items() if key not in _RULES[rule_id].condition.keys()}
    assert rule_id not in sign_ids(assess(unanswered))


def test_a_score_is_the_sum_of_its_signs() -> None:
    result = assess({"heel_pain": True, "first_step_pain": True, "heel_pain_site": "whole_heel", "bmi": 35})
    pf = entry(result, Pathway.PF_ONLY)
    assert pf.score == 2 + 3 - 1 + 1
    assert pf.score == sum(sign.weight for sign in pf.signs_for + pf.signs_against)


def test_signs_are_listed_strongest_first() -> None:
    pf = entry(assess({"heel_pain": True, "first_step_pain": True, "calf_tightness": True}), Pathway.PF_ONLY)
    assert [sign.rule for sign in pf.signs_for] == ["PF2", "PF1", "PF9"]


def test_heel_signs_do_not_count_without_heel_pain() -> None:
    result = assess({"heel_pain": False, "first_step_pain": True, "heel_pain_site": "inner_underside"})
    pf = entry(result, Pathway.PF_ONLY)
    assert (pf.score, pf.signs_for, pf.eligible) == (0, (), False)


# --- gates -----------------------------------------------------------------------------------------

PF_HEEL = {"heel_pain": True, "first_step_pain": True, "pain_after_rest": True}  # PF score 7

GATE_CASES: dict[str, tuple[dict[str, object], dict[str, object]]] = {
    "G-PF": (
        PF_HEEL,
        # Posterior heel rules plantar fasciitis out even though the score (7) is above the threshold.
        {**PF_HEEL, "heel_pain_site": "back_of_heel", "calf_tightness": True, "eases_with_walking": True, "bmi": 30},
    ),
    "G-COMP": (
        {**PF_HEEL, "thigh_pain": True, "thigh_after_heel": True, "limping": True},
        # Same thigh, but the heel gate fails: no plantar fasciitis, nothing to compensate for.
        {
            "heel_pain": True,
            "first_step_pain": False,
            "pain_after_rest": False,
            "thigh_pain": True,
            "thigh_after_heel": True,
            "limping": True,
        },
    ),
    "G-HS": (
        {"thigh_pain": True, "thigh_onset": "sudden", "onset_activity": "sprinting"},
        {"thigh_pain": True, "thigh_onset": "sudden", "onset_activity": "lifting"},
    ),
    "G-SCI": (
        {"pain_below_knee": True, "leg_tingling": True, "worse_cough_sneeze": True},
        # SCI reaches 6 from non-specific items only: no radicular or neural sign, so not sciatica.
        {
            "thigh_pain": True,
            "low_back_pain": True,
            "worse_sitting": True,
            "no_comfortable_position": True,
            "thigh_onset": "gradual",
            "onset_activity": "lifting",
            "thigh_pain_site": "whole_back_of_thigh",
            "pain_below_knee": False,
            "leg_tingling": False,
            "worse_cough_sneeze": False,
        },
    ),
}

_GATES = {gate.id: gate for gate in RULE_SET.gates}


def test_every_gate_has_a_case() -> None:
    assert set(GATE_CASES) == set(_GATES)


@pytest.mark.parametrize("gate_id", sorted(GATE_CASES))
def test_gate_opens(gate_id: str) -> None:
    opening, _ = GATE_CASES[gate_id]
    result = assess(opening)
    assert entry(result, _GATES[gate_id].pathway).eligible
    assert result.pathway == _GATES[gate_id].pathway


@pytest.mark.parametrize("gate_id", sorted(GATE_CASES))
def test_gate_stays_shut(gate_id: str) -> None:
    _, shut = GATE_CASES[gate_id]
    assert not entry(assess(shut), _GATES[gate_id].pathway).eligible


def test_sciatica_gate_case_really_scores_above_threshold() -> None:
    """The shut G-SCI case must fail on the radicular requirement, not on points."""
    _, shut = GATE_CASES["G-SCI"]
    assert entry(assess(shut), Pathway.SCIATICA).score >= _GATES["G-SCI"].threshold


def test_heel_gate_needs_first_step_or_after_rest_pain() -> None:
    answers = {"heel_pain": True, "heel_pain_site": "inner_underside", "calf_tightness": True, "bmi": 31}
    assert entry(assess(answers), Pathway.PF_ONLY).score >= 6
    assert assess(answers).pathway == Pathway.INSUFFICIENT
    assert assess({**answers, "pain_after_rest": True}).pathway == Pathway.PF_ONLY


def test_an_unanswered_heel_site_never_rules_plantar_fasciitis_out() -> None:
    result = assess(PF_HEEL)
    assert result.pathway == Pathway.PF_ONLY
    assert "heel_pain_site" in {question.key for question in result.questions_to_ask}


def test_compensation_needs_its_own_threshold() -> None:
    below = {**PF_HEEL, "thigh_pain": True, "thigh_after_heel": True}  # COMP 3, threshold 4
    assert not entry(assess(below), Pathway.PF_COMPENSATION).eligible
    assert entry(assess({**below, "knee_kept_bent": True}), Pathway.PF_COMPENSATION).eligible


# --- tie-break and mixed pictures ------------------------------------------------------------------

ALL_FOUR = {
    **PF_HEEL,
    "thigh_pain": True,
    "thigh_after_heel": True,
    "limping": True,
    "outer_edge_walking": True,
    "flat_quick_steps": True,
    "knee_kept_bent": True,
    "calf_tightness": True,
    "thigh_onset": "sudden",
    "onset_activity": "lunging_or_stretching",
    "thigh_pain_site": "muscle_belly",
    "thigh_pain_quality": "dull_tight_ache",
    "activity": "sprint_sport",
    "felt_pop": False,
}  # PF 8, COMP 5, HS 7: three pathways qualify at once


def test_tie_break_order_is_sciatica_strain_compensation_heel() -> None:
    assert RULE_SET.tie_break.order == (
        Pathway.SCIATICA,
        Pathway.HAMSTRING_STRAIN,
        Pathway.PF_COMPENSATION,
        Pathway.PF_ONLY,
    )


def test_tie_break_prefers_a_specific_cause_when_several_pathways_qualify() -> None:
    strain = assess(ALL_FOUR)
    assert [item.pathway for item in strain.ranking if item.eligible] == [
        Pathway.HAMSTRING_STRAIN,
        Pathway.PF_COMPENSATION,
        Pathway.PF_ONLY,
    ]
    assert strain.pathway == Pathway.HAMSTRING_STRAIN
    nerve = assess(
        {
            **ALL_FOUR,
            "pain_below_knee": True,
            "leg_tingling": True,
            "worse_cough_sneeze": True,
            "thigh_pain_quality": "shooting_or_burning",
            "low_back_pain": True,
            "worse_sitting": True,
        }
    )
    assert entry(nerve, Pathway.SCIATICA).eligible
    assert nerve.pathway == Pathway.SCIATICA
    assert nerve.ranking[0].pathway == Pathway.SCIATICA


MIXED_CASES: dict[str, tuple[dict[str, object], dict[str, object]]] = {
    "MIX-SCI-PF": (
        {**PF_HEEL, "pain_below_knee": True, "leg_tingling": True, "worse_cough_sneeze": True},
        {"heel_pain": True, "pain_below_knee": True, "leg_tingling": True, "worse_cough_sneeze": True},
    ),
    "MIX-HS-PF": (
        {**PF_HEEL, "thigh_pain": True, "thigh_onset": "sudden", "onset_activity": "sprinting"},
        {"thigh_pain": True, "thigh_onset": "sudden", "onset_activity": "sprinting"},
    ),
}


def test_every_mixed_picture_rule_has_a_case() -> None:
    assert set(MIXED_CASES) == {mixed.id for mixed in RULE_SET.mixed_pictures}


@pytest.mark.parametrize("mixed_id", sorted(MIXED_CASES))
def test_mixed_picture_adds_the_heel_module(mixed_id: str) -> None:
    mixed = next(rule for rule in RULE_SET.mixed_pictures if rule.id == mixed_id)
    plans = {plan.pathway: plan.items for plan in RULE_SET.plans}
    with_heel, without_heel = (assess(answers) for answers in MIXED_CASES[mixed_id])
    assert with_heel.pathway == without_heel.pathway == mixed.primary
    assert with_heel.plan == plans[mixed.primary] + mixed.add_items
    assert without_heel.plan == plans[mixed.primary]
    assert "PF-07" not in with_heel.plan  # insoles are never offered for the leg (SCI-04)


# --- differential notes ----------------------------------------------------------------------------

NOTE_CASES: dict[str, tuple[dict[str, object], dict[str, object]]] = {
    "N-ACH": (
        {"heel_pain": True, "heel_pain_site": "back_of_heel"},
        {"heel_pain": True, "heel_pain_site": "inner_underside"},
    ),
    "N-FATPAD": (
        {"heel_pain": True, "heel_pain_site": "whole_heel", "first_step_pain": False},
        {"heel_pain": True, "heel_pain_site": "whole_heel", "first_step_pain": True},
    ),
    "N-NERVE": ({"foot_tingling": True}, {"foot_tingling": False}),
    "N-PHT": (
        {"thigh_pain_site": "sitting_bone", "thigh_onset": "gradual", "worse_sitting": True},
        {"thigh_pain_site": "sitting_bone", "thigh_onset": "gradual", "worse_sitting": False},
    ),
    "N-PROXIMAL": (
        {"thigh_pain_site": "sitting_bone", "thigh_onset": "sudden"},
        {"thigh_pain_site": "sitting_bone", "thigh_onset": "gradual"},
    ),
    "N-BILAT": (
        {
            "both_legs": True,
            "thigh_pain": False,
            "leg_tingling": False,
            "foot_tingling": False,
            "leg_weakness": False,
            "pain_below_knee": False,
            "low_back_pain": False,
        },
        # A neurological question still unanswered: the note waits (and the question is listed to ask).
        {"both_legs": True, "thigh_pain": False, "leg_tingling": False, "foot_tingling": False, "leg_weakness": False},
    ),
    "N-BILAT-HEEL": ({"heel_pain": True, "affected_side": "both"}, {"heel_pain": True, "affected_side": "left"}),
    "N-CHILD": ({"age": 15, "heel_pain": True}, {"age": 16, "heel_pain": True}),
    "N-THIGH": ({**PF_HEEL, "thigh_pain": True}, {**PF_HEEL, "thigh_pain": False}),
    "N-HEEL-SCIATICA": (
        {"heel_pain": True, "pain_below_knee": True, "leg_tingling": True, "worse_cough_sneeze": True},
        {"heel_pain": False, "pain_below_knee": True, "leg_tingling": True, "worse_cough_sneeze": True},
    ),
    "N-PF-RUPTURE": (
        {"heel_steroid_injection": True, "heel_onset": "sudden"},
        {"heel_steroid_injection": True, "heel_onset": "gradual"},
    ),
    "N-STRESS-FRACTURE": (
        {"training_increase": True, "heel_pain_site": "whole_heel"},
        {"training_increase": True, "heel_pain_site": "inner_underside", "cannot_bear_weight": False},
    ),
    "N-SPA": (
        {"inflammatory_features": True, "heel_pain": True, "affected_side": "both"},
        {"inflammatory_features": True, "heel_pain": True, "affected_side": "left", "low_back_pain": False},
    ),
    "N-CALF": (CALF_TENDER_NO_RISK, {**CALF_TENDER_NO_RISK, "previous_clot": True}),
    "N-ANTICOAG": ({"anticoagulants": True}, {"anticoagulants": False}),
    "N-KNOCK": (
        SOFTENING_CASES["RF-TRAUMA"][0],
        {"major_trauma": True, "injury_kind": "knock", "age": 45, "long_term_steroids": False, "osteoporosis": True},
    ),
}

MORE_NOTE_CASES: list[tuple[str, dict[str, object]]] = [
    ("N-STRESS-FRACTURE", {"training_increase": True, "cannot_bear_weight": True}),
    ("N-SPA", {"inflammatory_features": True, "low_back_pain": True}),
    # Tingling in both feet without back or radicular pain: the note says "consider a neuropathy".
    (
        "N-BILAT",
        {
            "both_legs": True,
            "foot_tingling": True,
            "leg_weakness": False,
            "pain_below_knee": False,
            "low_back_pain": False,
            "thigh_pain": False,
        },
    ),
]


@pytest.mark.parametrize(("note_id", "answers"), MORE_NOTE_CASES)
def test_note_fires_by_every_route(note_id: str, answers: dict[str, object]) -> None:
    assert note_id in _note_ids(answers)


def test_a_flag_softened_away_is_paired_with_a_note() -> None:
    """soften_to None: the flag does not fire, and a note tells staff what to check instead."""
    pairs = {"RF-DVT": "N-CALF", "RF-TRAUMA": "N-KNOCK", "RF-BLEED": "N-ANTICOAG"}
    assert set(pairs) == {flag.id for flag in RULE_SET.red_flags if flag.soften_if and flag.soften_to is None}
    for rule_id, note_id in pairs.items():
        softening, _ = SOFTENING_CASES[rule_id]
        result = assess(softening)
        assert rule_id not in flag_ids(result)
        assert note_id in [note.id for note in result.notes]


def _note_ids(answers: dict[str, object]) -> list[str]:
    return [note.id for note in assess(answers).notes]


def test_every_differential_note_has_a_case() -> None:
    assert set(NOTE_CASES) == {note.id for note in RULE_SET.notes}


@pytest.mark.parametrize("note_id", sorted(NOTE_CASES))
def test_note_fires(note_id: str) -> None:
    firing, _ = NOTE_CASES[note_id]
    notes = assess(firing).notes
    (note,) = [note for note in notes if note.id == note_id]
    rule = next(rule for rule in RULE_SET.notes if rule.id == note_id)
    assert (note.text, note.sources) == (rule.note, rule.sources)


@pytest.mark.parametrize("note_id", sorted(NOTE_CASES))
def test_note_does_not_fire(note_id: str) -> None:
    _, quiet = NOTE_CASES[note_id]
    assert note_id not in _note_ids(quiet)


def test_unexplained_thigh_note_follows_the_chosen_pathway() -> None:
    """N-THIGH is 7.2 step 6: heel qualifies, thigh pain present, no thigh pathway explains it."""
    strain = {**PF_HEEL, "thigh_pain": True, "thigh_onset": "sudden", "onset_activity": "sprinting"}
    assert "N-THIGH" not in _note_ids(strain)
    assert "N-THIGH" in _note_ids({**PF_HEEL, "thigh_pain": True})


# --- plan cautions ---------------------------------------------------------------------------------

SCIATICA_WITH_HEEL = {**PF_HEEL, "pain_below_knee": True, "leg_tingling": True, "worse_cough_sneeze": True}

CAUTION_CASES: dict[str, tuple[dict[str, object], dict[str, object]]] = {
    # Sciatica with a qualifying heel: the heel module brings the calf stretch (PF-03).
    "CAUTION-NEURAL": (SCIATICA_WITH_HEEL, PF_HEEL),
    "CAUTION-FALLS": ({**PF_HEEL, "age": 75}, {**PF_HEEL, "age": 74, "heel_pain_score": 7}),
}
MORE_CAUTION_CASES: list[tuple[str, dict[str, object]]] = [
    ("CAUTION-FALLS", {**PF_HEEL, "heel_pain_score": 8}),
    (
        "CAUTION-FALLS",
        {
            **PF_HEEL,
            "thigh_pain": True,
            "thigh_after_heel": True,
            "limping": True,
            "knee_kept_bent": True,
            "thigh_pain_score": 8,
        },
    ),
]


def test_every_plan_caution_has_a_case() -> None:
    assert set(CAUTION_CASES) == {caution.id for caution in RULE_SET.cautions}


@pytest.mark.parametrize("caution_id", sorted(CAUTION_CASES))
def test_plan_caution_applies_with_its_items_and_not_otherwise(caution_id: str) -> None:
    firing, quiet = CAUTION_CASES[caution_id]
    rule = next(caution for caution in RULE_SET.cautions if caution.id == caution_id)
    result = assess(firing)
    (caution,) = [caution for caution in result.cautions if caution.id == caution_id]
    assert (caution.text, caution.sources) == (rule.caution, rule.sources)
    assert caution.items and set(caution.items) <= set(rule.items) & set(result.plan)
    assert caution_id not in [caution.id for caution in assess(quiet).cautions]


@pytest.mark.parametrize(("caution_id", "answers"), MORE_CAUTION_CASES)
def test_plan_caution_applies_by_every_route(caution_id: str, answers: dict[str, object]) -> None:
    assert caution_id in [caution.id for caution in assess(answers).cautions]


def test_no_caution_without_its_items_in_the_plan() -> None:
    # Age 80, but a red flag: no plan, so no caution.
    assert assess({**PF_HEEL, "age": 80, "night_pain": True}).cautions == ()


def test_the_plan_items_carry_their_cautions_for_staff() -> None:
    items = {item.id: item for item in RULE_SET.plan_items}
    for caution in RULE_SET.cautions:
        for item_id in caution.items:
            assert caution.caution in items[item_id].caution


# --- why the suggested pathway won -----------------------------------------------------------------


def test_the_choice_is_explained_when_several_pathways_qualify() -> None:
    words = assess(SCIATICA_WITH_HEEL).choice_explanation
    assert words.startswith("Sciatica and plantar fasciitis both qualify. Sciatica is suggested because a nerve cause")
    assert "heel module" in words
    strain = assess(ALL_FOUR).choice_explanation
    assert strain.startswith("A hamstring strain, heel pain driving thigh strain and plantar fasciitis all qualify.")
    assert "A hamstring strain is suggested because a local injury" in strain


def test_no_choice_explanation_when_one_pathway_or_none_qualifies() -> None:
    assert assess(PF_HEEL).choice_explanation == ""
    assert assess({}).choice_explanation == ""
