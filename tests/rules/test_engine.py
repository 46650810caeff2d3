"""Validation, the shape of the result, the wording of patient advice, and the rule-data checks."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from intake.rules import (
    RULE_SET,
    RULES_VERSION,
    SCORED_PATHWAYS,
    SOURCES,
    Answers,
    AnswersInvalid,
    Engine,
    Pathway,
    Result,
    RuleSetInvalid,
    Urgency,
    assess,
    questions_to_ask,
    validate,
)
from intake.rules.conditions import All, Is, Not, no, yes
from tests.rules.helpers import entry, flag_ids, no_red_flags

# --- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("age", True),  # a boolean is not a number, although bool is a subclass of int in Python
        ("heel_pain_score", False),
        ("heel_pain", 1),  # and a number is not a boolean
        ("heel_pain", 0),
        ("bmi", 30.0),
        ("bmi", "30"),
        ("heel_pain", "yes"),
        ("age", 11),
        ("age", 111),
        ("heel_pain_score", -1),
        ("heel_pain_score", 11),
        ("heel_pain_weeks", 521),
        ("heel_pain_site", "heel"),
        ("thigh_onset", "Sudden"),
        ("thigh_onset", True),
        ("activity", ["running"]),
    ],
)
def test_wrong_answers_are_rejected_naming_the_key_and_what_is_allowed(key: str, value: object) -> None:
    with pytest.raises(AnswersInvalid) as caught:
        validate({"heel_pain": True, key: value} if key != "heel_pain" else {key: value})
    message = caught.value.errors[key]
    assert key in message
    assert key in str(caught.value)
    assert repr(value) in message
    from intake.rules import QUESTIONS_BY_KEY

    assert QUESTIONS_BY_KEY[key].allowed() in message


def test_unknown_keys_are_rejected_with_a_suggestion() -> None:
    with pytest.raises(AnswersInvalid) as caught:
        validate({"heel_pian": True, "shoe_size": 9})
    assert set(caught.value.errors) == {"heel_pian", "shoe_size"}
    assert "did you mean 'heel_pain'" in caught.value.errors["heel_pian"]
    assert "not a known question key" in caught.value.errors["shoe_size"]


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(AnswersInvalid) as caught:
        validate({"age": 5, "heel_pain": "no", "calf": True})
    assert set(caught.value.errors) == {"age", "heel_pain", "calf"}


def test_none_means_not_answered() -> None:
    answers = validate({"heel_pain": True, "first_step_pain": None})
    assert dict(answers) == {"heel_pain": True}
    assert assess({"heel_pain": True, "first_step_pain": None}) == assess({"heel_pain": True})


def test_answers_that_are_not_a_mapping_are_rejected() -> None:
    with pytest.raises(AnswersInvalid) as caught:
        validate([("heel_pain", True)])  # type: ignore[arg-type]
    assert "(answers)" in caught.value.errors


def test_validated_answers_are_read_only_and_compare_as_mappings() -> None:
    answers = validate({"heel_pain": True, "age": 40})
    assert answers == {"heel_pain": True, "age": 40}
    assert answers == Answers({"age": 40, "heel_pain": True})
    assert validate(answers) is answers
    with pytest.raises(AttributeError):
        answers._data = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        answers["age"] = 41  # type: ignore[index]
    with pytest.raises(AnswersInvalid):
        Answers({"age": 0})


def test_assess_rejects_invalid_answers_too() -> None:
    with pytest.raises(AnswersInvalid):
        assess({"age": True})


# --- the result ------------------------------------------------------------------------------------

TEXTBOOK_HEEL = no_red_flags(
    heel_pain=True, heel_pain_site="inner_underside", first_step_pain=True, pain_after_rest=True, thigh_pain=False
)


def test_to_dict_has_exactly_the_contract_keys_plus_extras() -> None:
    data = assess(TEXTBOOK_HEEL).to_dict()
    assert list(data)[:5] == ["pathway", "ranking", "red_flags", "plan", "version"]
    assert data["pathway"] == "pf_only"
    assert data["version"] == RULES_VERSION
    assert data["plan"] == ["PF-01", "PF-02", "PF-03", "PF-04", "PF-05", "PF-06", "PF-07"]
    assert [item["pathway"] for item in data["ranking"]][0] == "pf_only"
    assert sorted(item["pathway"] for item in data["ranking"]) == sorted(SCORED_PATHWAYS)
    for item in data["ranking"]:
        assert {"pathway", "score", "for", "against"} <= set(item)
        for sign in item["for"] + item["against"]:
            assert {"rule", "keys", "weight", "explanation", "sources"} <= set(sign)
    assert json.loads(json.dumps(data)) == data  # plain JSON, no enums or tuples left


def test_red_flag_entries_have_key_urgency_and_advice() -> None:
    data = assess({"calf_swelling": True, "cancer_history": True}).to_dict()
    assert data["pathway"] == "urgent_referral"
    assert data["urgency"] == "emergency"
    assert data["plan"] == []
    assert [(flag["key"], flag["urgency"], flag["rule"]) for flag in data["red_flags"]] == [
        ("calf_swelling", "emergency", "RF-DVT"),
        ("cancer_history", "urgent", "RF-CANCER"),
    ]
    assert data["advice"] == data["red_flags"][0]["advice"]
    assert all(flag["advice"] for flag in data["red_flags"])


def test_from_dict_rebuilds_the_stored_snapshot() -> None:
    for answers in ({}, TEXTBOOK_HEEL, {"calf_swelling": True, "leg_weakness": True, "both_legs": True}):
        result = assess(answers)
        snapshot = json.loads(json.dumps(result.to_dict()))
        assert Result.from_dict(snapshot).to_dict() == snapshot


def test_red_flags_cannot_be_outvoted_but_the_ranking_is_kept() -> None:
    strain = no_red_flags(
        thigh_pain=True,
        thigh_onset="sudden",
        onset_activity="sprinting",
        thigh_pain_site="muscle_belly",
        thigh_pain_quality="sharp_localized",
        bruising_or_swelling=True,
        activity="sprint_sport",
    )
    assert assess(strain).pathway == Pathway.HAMSTRING_STRAIN
    flagged = assess({**strain, "night_pain": True})
    assert flagged.pathway == Pathway.URGENT_REFERRAL
    assert flagged.scored_pathway == Pathway.HAMSTRING_STRAIN
    assert flagged.plan == ()
    assert entry(flagged, Pathway.HAMSTRING_STRAIN).eligible
    assert flagged.ranking == assess(strain).ranking


def test_too_little_to_go_on_is_insufficient_never_a_guess() -> None:
    for answers in ({}, {"heel_pain": True}, {"thigh_pain": True, "thigh_onset": "sudden"}):
        result = assess(answers)
        assert result.pathway == Pathway.INSUFFICIENT
        assert result.plan == ()
        assert result.urgency == Urgency.ROUTINE


def test_missing_answers_score_nothing() -> None:
    assert all(item.score == 0 and not item.signs_for and not item.signs_against for item in assess({}).ranking)


def test_most_urgent_flag_comes_first_and_gives_the_advice() -> None:
    result = assess({"cancer_history": True, "saddle_numbness": True})
    assert flag_ids(result) == ["RF-CES-SADDLE", "RF-MSCC", "RF-CANCER"]
    assert result.urgency == Urgency.EMERGENCY
    assert result.advice == result.red_flags[0].advice


def test_the_patient_reads_every_flags_advice_most_urgent_first_each_text_once() -> None:
    # Cancer, back pain, night pain and a weak leg: the first edition showed only the weakness advice.
    result = assess({"cancer_history": True, "leg_weakness": True, "low_back_pain": True, "night_pain": True})
    assert flag_ids(result) == ["RF-MSCC", "RF-NEURO", "RF-CANCER", "RF-NIGHT"]
    assert result.advice_all == tuple(dict.fromkeys(flag.advice for flag in result.red_flags))
    assert result.advice_all[0] == result.advice
    assert "acute oncology service" in result.advice_all[0]
    assert len(result.advice_all) == 4
    assert all("{emergency_number}" not in text for text in result.advice_all_for("112"))
    assert result.to_dict(emergency_number="112")["advice_all"] == list(result.advice_all_for("112"))
    # Two flags with the same advice text: the patient reads it once.
    same = assess({"major_trauma": True, "cannot_bear_weight": True, "injury_kind": "fall_or_twist"})
    assert [flag.urgency for flag in same.red_flags] == [Urgency.EMERGENCY, Urgency.EMERGENCY]
    assert len(same.advice_all) == len({flag.advice for flag in same.red_flags})


def test_a_result_says_whether_a_flag_was_escalated_or_softened() -> None:
    escalated = assess({"leg_weakness": True, "fever_unwell": True})
    assert escalated.escalated and not escalated.softened
    softened = assess({"both_legs": True, "low_back_pain": True, "nerve_symptoms_recent": False})
    (flag,) = softened.red_flags
    assert (flag.rule, flag.urgency, flag.softened, flag.escalated) == ("RF-CES-BILATERAL", Urgency.URGENT, True, False)
    assert softened.softened and not softened.escalated
    assert Result.from_dict(json.loads(json.dumps(softened.to_dict()))).red_flags[0].softened


def test_escalation_wins_over_softening() -> None:
    # A knock without fragility, but cannot bear weight: the trauma flag escalates instead of going away.
    result = assess(
        {
            "major_trauma": True,
            "injury_kind": "knock",
            "long_term_steroids": False,
            "osteoporosis": False,
            "age": 40,
            "cannot_bear_weight": True,
        }
    )
    trauma = result.red_flag("RF-TRAUMA")
    assert trauma is not None and trauma.escalated and trauma.urgency == Urgency.EMERGENCY


def test_an_old_snapshot_without_second_edition_fields_still_loads() -> None:
    data = assess({"leg_weakness": True}).to_dict()
    for key in ("advice_all", "cautions", "choice_explanation"):
        del data[key]
    for flag in data["red_flags"]:
        del flag["softened"]
    for question in data["questions_to_ask"]:
        del question["could_soften_red_flags"]
    old = Result.from_dict(data)
    assert old.cautions == () and old.choice_explanation == "" and not old.red_flags[0].softened


def test_questions_to_ask_name_what_each_answer_could_change() -> None:
    asked = {
        question.key: question for question in assess({"heel_pain": True, "first_step_pain": True}).questions_to_ask
    }
    assert asked["pain_after_rest"].could_change_pathway_to == (Pathway.PF_ONLY,)
    assert asked["bmi"].could_change_pathway_to == (Pathway.PF_ONLY,)  # 30 or more tips PF over 6
    assert asked["calf_swelling"].could_raise_red_flags == ("RF-DVT",)
    assert "heel_pain_score" not in asked  # outcome measures never change the suggestion
    assert questions_to_ask({"heel_pain": True, "first_step_pain": True}) == tuple(asked.values())


def test_questions_to_ask_include_escalation_of_a_fired_flag() -> None:
    asked = {question.key: question for question in assess({"leg_weakness": True}).questions_to_ask}
    assert "RF-NEURO" in asked["both_legs"].could_raise_red_flags
    assert all(not question.could_change_pathway_to for question in asked.values())


def test_a_fully_answered_case_has_nothing_left_to_ask() -> None:
    from intake.rules import QUESTIONS

    everything = {question.key: question.values[0] if question.values else question.minimum for question in QUESTIONS}
    everything.update({question.key: False for question in QUESTIONS if question.kind == "bool"})
    assert assess(everything).questions_to_ask == ()


# --- patient advice --------------------------------------------------------------------------------

ADVICE = [
    (flag.id, text)
    for flag in RULE_SET.red_flags
    for text in (flag.advice, flag.escalated_advice, flag.softened_advice)
    if text
]
# Places and the patient's own history, which name no diagnosis of this pain: a fracture clinic is where
# to go, and a patient who has had cancer must be told to call their cancer team (RF-MSCC).
NOT_A_DIAGNOSIS = {
    "RF-MSCC": re.compile(r"you have had cancer|cancer team|cancer care|cancer history"),
    "*": re.compile(r"fracture clinic"),
}
DIAGNOSIS_WORDS = re.compile(
    r"cauda|equina|thrombo|dvt|clot|embol|cancer|tumou?r|metasta|malignan|infect|sepsis|fracture|break|broken|"
    r"avulsion|rupture|tear|sciatica|radicul|disc|nerve|syndrome|stroke|osteomyel|spondyl",
    re.IGNORECASE,
)
WHERE = re.compile(
    r"A&E|emergency department|GP|doctor|urgent treatment centre|minor injuries unit|999|NHS 111|"
    r"call \{emergency_number\}|fracture clinic"
)
HOW_SOON = re.compile(r"\bnow\b|\btoday\b|same day|same-day|within the next|straight away")


@pytest.mark.parametrize(("rule_id", "advice"), ADVICE, ids=[f"{rule_id}-{i}" for i, (rule_id, _) in enumerate(ADVICE)])
def test_patient_advice_says_where_and_how_soon_and_names_no_diagnosis(rule_id: str, advice: str) -> None:
    assert WHERE.search(advice), f"{rule_id}: advice must say where to go"
    assert HOW_SOON.search(advice), f"{rule_id}: advice must say how soon"
    words = NOT_A_DIAGNOSIS["*"].sub("", advice)
    if rule_id in NOT_A_DIAGNOSIS:
        words = NOT_A_DIAGNOSIS[rule_id].sub("", words)
    assert not DIAGNOSIS_WORDS.search(words), f"{rule_id}: advice names a diagnosis: {advice}"


def test_emergency_advice_sends_the_patient_today() -> None:
    for flag in RULE_SET.red_flags:
        for urgency, advice in ((flag.urgency, flag.advice), (flag.escalate_to, flag.escalated_advice)):
            if urgency is Urgency.EMERGENCY:
                assert "today" in advice or "now" in advice, flag.id


# --- the rule data ---------------------------------------------------------------------------------


def test_every_source_a_rule_cites_is_in_the_reference_list_with_a_citation() -> None:
    cited = {source for flag in RULE_SET.red_flags for source in flag.sources}
    cited |= {source for rule in RULE_SET.scoring_rules for source in rule.sources}
    cited |= {source for gate in RULE_SET.gates for source in gate.sources}
    cited |= {source for note in RULE_SET.notes for source in note.sources}
    cited |= {source for item in RULE_SET.plan_items for source in item.sources}
    cited |= {source for caution in RULE_SET.cautions for source in caution.sources}
    assert cited <= set(SOURCES)
    assert all(SOURCES[source].citation for source in cited)


def test_every_condition_reads_as_words() -> None:
    conditions = [flag.condition for flag in RULE_SET.red_flags]
    conditions += [flag.escalate_if for flag in RULE_SET.red_flags if flag.escalate_if is not None]
    conditions += [rule.condition for rule in RULE_SET.scoring_rules]
    conditions += [gate.requires for gate in RULE_SET.gates]
    conditions += [note.condition for note in RULE_SET.notes]
    conditions += [flag.soften_if for flag in RULE_SET.red_flags if flag.soften_if is not None]
    conditions += [caution.condition for caution in RULE_SET.cautions]
    for condition in conditions:
        words = condition.describe()
        assert words and "Is(" not in words and "True" not in words and "_" not in words


def test_conditions_describe_themselves_plainly() -> None:
    assert Is("heel_pain_site", "arch").describe() == 'heel pain site is "In the arch of the foot"'
    assert yes("felt_pop").describe() == 'yes to "felt or heard a pop or tearing at the time"'
    assert All(yes("heel_pain"), Not(yes("foot_tingling"))).describe() == (
        'yes to "pain in the heel or sole of the foot" AND '
        'NOT (yes to "burning, tingling or numbness in the sole or heel")'
    )


def _staff_texts() -> list[tuple[str, str]]:
    texts = []
    for flag in RULE_SET.red_flags:
        texts += [(flag.id, flag.staff_explanation), (flag.id, flag.rationale)]
    for rule in (*RULE_SET.scoring_rules, *RULE_SET.gates, *RULE_SET.mixed_pictures):
        texts += [(rule.id, rule.staff_explanation), (rule.id, rule.rationale)]
    for note in RULE_SET.notes:
        texts += [(note.id, note.note), (note.id, note.rationale)]
    for item in RULE_SET.plan_items:
        texts += [(item.id, item.item), (item.id, item.evidence), (item.id, item.caution)]
    for caution in RULE_SET.cautions:
        texts += [(caution.id, caution.caution), (caution.id, caution.rationale)]
    for plan in RULE_SET.plans:
        texts += [(plan.pathway.value, plan.reassess), (plan.pathway.value, plan.escalate)]
    texts += [("tie-break", RULE_SET.tie_break.staff_explanation)]
    texts += [("tie-break", reason.reason) for reason in RULE_SET.tie_break.reasons]
    return texts


INTERNAL_WORDS = re.compile(
    r"README|section \d|\b7\.\d|turn-1|\[(seen|recalled|secondary|NO SOURCE)\]|NO SOURCE|recalled|\{",
    re.IGNORECASE,
)


def test_staff_texts_are_clinical_not_internal() -> None:
    """The About and case pages show these: no internal evidence tags, section numbers or placeholders."""
    for where, text in _staff_texts():
        assert not INTERNAL_WORDS.search(text), f"{where}: {text}"


def test_the_only_placeholder_in_patient_advice_is_the_emergency_number() -> None:
    for flag in RULE_SET.red_flags:
        for advice in (flag.advice, flag.escalated_advice, flag.softened_advice):
            assert "{" not in advice.replace("{emergency_number}", ""), flag.id
        for when, advice in flag.advice_in_words("112"):
            assert "{" not in when + advice, flag.id


def test_plan_item_titles_name_no_diagnosis() -> None:
    for item in RULE_SET.plan_items:
        title = item.item.split(":")[0]
        assert not re.search(r"fasciitis|sciatica|strain\b.*hamstring|hamstring strain", item.item, re.I), item.id
        assert title


def _with(**changes: object):
    return dataclasses.replace(RULE_SET, **changes)


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param(
            lambda: _with(
                notes=(*RULE_SET.notes[:-1], dataclasses.replace(RULE_SET.notes[-1], condition=yes("heel_pian")))
            ),
            id="misspelt key",
        ),
        pytest.param(
            lambda: _with(
                scoring_rules=(
                    dataclasses.replace(RULE_SET.scoring_rules[0], condition=Is("heel_pain_site", "toe")),
                    *RULE_SET.scoring_rules[1:],
                )
            ),
            id="unknown choice",
        ),
        pytest.param(
            lambda: _with(
                scoring_rules=(
                    dataclasses.replace(RULE_SET.scoring_rules[0], condition=Is("heel_pain", 1)),
                    *RULE_SET.scoring_rules[1:],
                )
            ),
            id="number for a yes/no key",
        ),
        pytest.param(
            lambda: _with(
                scoring_rules=(
                    dataclasses.replace(RULE_SET.scoring_rules[0], sources=("NOPE",)),
                    *RULE_SET.scoring_rules[1:],
                )
            ),
            id="unknown source",
        ),
        pytest.param(
            lambda: _with(
                scoring_rules=(dataclasses.replace(RULE_SET.scoring_rules[0], sources=()), *RULE_SET.scoring_rules[1:])
            ),
            id="no source",
        ),
        pytest.param(
            lambda: _with(scoring_rules=(*RULE_SET.scoring_rules, RULE_SET.scoring_rules[0])), id="duplicate id"
        ),
        pytest.param(
            lambda: _with(
                red_flags=(
                    dataclasses.replace(
                        RULE_SET.red_flags[0], condition=All(yes("bladder_bowel_change"), Not(yes("low_back_pain")))
                    ),
                    *RULE_SET.red_flags[1:],
                )
            ),
            id="a red flag that an answer could cancel",
        ),
        pytest.param(
            lambda: _with(
                red_flags=(dataclasses.replace(RULE_SET.red_flags[0], urgency=Urgency.ROUTINE), *RULE_SET.red_flags[1:])
            ),
            id="routine red flag",
        ),
        pytest.param(
            lambda: _with(plans=(dataclasses.replace(RULE_SET.plans[0], items=("PF-99",)), *RULE_SET.plans[1:])),
            id="unknown plan item",
        ),
        pytest.param(lambda: _with(gates=RULE_SET.gates[1:]), id="pathway without a gate"),
        pytest.param(
            lambda: _with(
                red_flags=(
                    dataclasses.replace(
                        RULE_SET.red_flags[0],
                        soften_if=Not(yes("low_back_pain")),
                        soften_to=Urgency.URGENT,
                        softened_advice="See a doctor within the next few days.",
                    ),
                    *RULE_SET.red_flags[1:],
                )
            ),
            id="a softening that a missing answer could satisfy",
        ),
        pytest.param(
            lambda: _with(
                red_flags=(
                    dataclasses.replace(RULE_SET.red_flags[0], soften_if=no("low_back_pain"), soften_to=Urgency.URGENT),
                    *RULE_SET.red_flags[1:],
                )
            ),
            id="a softening without its own advice",
        ),
        pytest.param(
            lambda: _with(
                cautions=(dataclasses.replace(RULE_SET.cautions[0], caution="Something else."), *RULE_SET.cautions[1:])
            ),
            id="a caution the plan item does not carry",
        ),
        pytest.param(
            lambda: _with(tie_break=dataclasses.replace(RULE_SET.tie_break, reasons=RULE_SET.tie_break.reasons[1:])),
            id="a pathway the tie-break does not explain",
        ),
    ],
)
def test_mistakes_in_the_rule_data_fail_loudly(broken) -> None:
    with pytest.raises(RuleSetInvalid):
        Engine(broken())


def test_a_new_rule_is_picked_up_from_the_data_alone() -> None:
    extra = dataclasses.replace(RULE_SET.scoring_rules[0], id="PF-TEST", condition=yes("limping"), weight=5)
    engine = Engine(_with(scoring_rules=(*RULE_SET.scoring_rules, extra)))
    result = engine.assess({"heel_pain": True, "limping": True})
    assert "PF-TEST" in {sign.rule for sign in entry(result, Pathway.PF_ONLY).signs_for}
    assert result.version != RULES_VERSION


def test_patient_advice_names_the_emergency_number_the_caller_gives() -> None:
    result = assess({"saddle_numbness": True})
    assert "call 999" in result.to_dict()["advice"]
    assert "call 112" in result.to_dict(emergency_number="112")["advice"]
    assert "{emergency_number}" not in json.dumps(result.to_dict(emergency_number="112"))
