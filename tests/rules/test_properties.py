"""Properties that must hold for every possible set of answers (hypothesis, strategies from QUESTIONS)."""

from __future__ import annotations

import json

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from intake.rules import (
    ENGINE,
    QUESTIONS,
    QUESTIONS_BY_KEY,
    RULE_SET,
    RULES_VERSION,
    SCORED_PATHWAYS,
    AnswersInvalid,
    Pathway,
    Result,
    Urgency,
    assess,
    validate,
)
from intake.rules.conditions import ScoringContext
from intake.rules.engine import _needed_keys
from intake.rules.questions import Kind, domain
from tests.rules.helpers import KEYS, mostly_safe_answers, valid_answers, witness

FLAGS = RULE_SET.red_flags


RULES = {flag.id: flag for flag in FLAGS}
BOOL_KEYS = sorted(question.key for question in QUESTIONS if question.kind is Kind.BOOL)


def _soften_keys(flag) -> frozenset[str]:
    return flag.soften_if.keys() if flag.soften_if is not None else frozenset()


@given(answers=valid_answers, flag_index=st.integers(0, len(FLAGS) - 1))
def test_any_answers_with_any_red_flag_route_urgently_with_that_flag_listed(answers: dict, flag_index: int) -> None:
    flag = FLAGS[flag_index]
    # Left unanswered, the answers that could soften the flag cannot (only an explicit answer softens).
    answers = {key: value for key, value in answers.items() if key not in _soften_keys(flag)}
    result = assess({**answers, **witness(flag.condition)})
    assert result.pathway == Pathway.URGENT_REFERRAL
    assert flag.id in [raised.rule for raised in result.red_flags]
    assert result.plan == ()
    assert result.urgency in (Urgency.URGENT, Urgency.EMERGENCY)
    assert result.advice == result.red_flags[0].advice
    assert result.red_flags[0].urgency == result.urgency


@given(answers=valid_answers, data=st.data())
def test_removing_an_answer_adds_or_raises_a_red_flag_only_by_undoing_its_softening(
    answers: dict, data: st.DataObject
) -> None:
    """Removing an answer can never add a flag, except one that this very answer was softening."""
    assume(answers)
    key = data.draw(st.sampled_from(sorted(answers)))
    before = {flag.rule: flag.urgency.rank for flag in assess(answers).red_flags}
    after = assess({name: value for name, value in answers.items() if name != key})
    for flag in after.red_flags:
        if flag.urgency.rank > before.get(flag.rule, 0):
            assert key in _soften_keys(RULES[flag.rule]), (flag.rule, key)


@given(answers=valid_answers, key=st.sampled_from(BOOL_KEYS))
def test_an_unanswered_question_never_gives_a_lower_urgency_than_answering_it_no(answers: dict, key: str) -> None:
    """A missing answer never hides a flag: only an explicit answer can soften one."""
    unanswered = {name: value for name, value in answers.items() if name != key}
    assert assess(unanswered).urgency.rank >= assess({**unanswered, key: False}).urgency.rank


@given(answers=valid_answers)
def test_answering_not_recent_never_raises_the_urgency(answers: dict) -> None:
    unanswered = {name: value for name, value in answers.items() if name != "nerve_symptoms_recent"}
    not_recent = assess({**unanswered, "nerve_symptoms_recent": False}).urgency.rank
    assert not_recent <= assess(unanswered).urgency.rank
    assert not_recent <= assess({**unanswered, "nerve_symptoms_recent": True}).urgency.rank


@given(answers=mostly_safe_answers)
def test_every_flag_s_advice_reaches_the_patient(answers: dict) -> None:
    result = assess(answers)
    assert set(result.advice_all) == {flag.advice for flag in result.red_flags}
    assert len(result.advice_all) == len(set(result.advice_all))
    if result.red_flags:
        assert result.advice_all[0] == result.advice


@given(answers=valid_answers)
def test_missing_answers_never_count(answers: dict) -> None:
    """Unanswered keys are exactly like absent ones, and no sign ever reads a key that was not answered."""
    with_nones = {**{key: None for key in KEYS - set(answers)}, **answers}
    result = assess(answers)
    assert assess(with_nones) == result
    for item in result.ranking:
        for sign in item.signs_for + item.signs_against:
            assert set(sign.keys) <= set(answers)


@given(answers=mostly_safe_answers)
def test_the_engine_never_raises_on_valid_answers_and_its_result_is_consistent(answers: dict) -> None:
    result = assess(answers)
    assert result.version == RULES_VERSION
    assert sorted(item.pathway for item in result.ranking) == sorted(SCORED_PATHWAYS)
    if result.red_flags:
        assert result.pathway == Pathway.URGENT_REFERRAL
        assert result.urgency == max((flag.urgency for flag in result.red_flags), key=lambda urgency: urgency.rank)
        assert result.plan == ()
    else:
        assert result.urgency == Urgency.ROUTINE
        assert result.pathway == result.scored_pathway
        assert (result.plan == ()) == (result.pathway == Pathway.INSUFFICIENT)
    eligible = [item.pathway for item in result.ranking if item.eligible]
    if result.scored_pathway == Pathway.INSUFFICIENT:
        assert eligible == []
    else:
        assert result.ranking[0].pathway == result.scored_pathway
        assert eligible[0] == result.scored_pathway
    for item in result.ranking:
        assert item.score == sum(sign.weight for sign in item.signs_for + item.signs_against)
        assert all(sign.weight > 0 for sign in item.signs_for)
        assert all(sign.weight < 0 for sign in item.signs_against)
        assert not item.eligible or item.score >= item.threshold
    assert len({flag.rule for flag in result.red_flags}) == len(result.red_flags)
    snapshot = json.loads(json.dumps(result.to_dict()))
    assert Result.from_dict(snapshot).to_dict() == snapshot


# --- questions to ask ------------------------------------------------------------------------------


def _brute_force_questions(answers: dict) -> dict[str, tuple[set, set]]:
    """Try every possible value of every unanswered key, the slow and obvious way."""
    base = ENGINE.assess_without_questions(answers)
    base_flags = {flag.rule: flag.urgency.rank for flag in base.red_flags}
    found = {}
    for question in QUESTIONS:
        if question.key in answers:
            continue
        pathways, raised, softened = set(), set(), set()
        for value in domain(question.key):
            trial = ENGINE.assess_without_questions({**answers, question.key: value})
            trial_flags = {flag.rule: flag.urgency.rank for flag in trial.red_flags}
            if trial.pathway != base.pathway and trial.pathway != Pathway.URGENT_REFERRAL:
                pathways.add(trial.pathway)
            elif not base.red_flags and trial.scored_pathway != base.scored_pathway:
                pathways.add(trial.scored_pathway)  # a pathway change that comes with a new flag
            raised |= {rule for rule, rank in trial_flags.items() if rank > base_flags.get(rule, 0)}
            softened |= {rule for rule, rank in base_flags.items() if trial_flags.get(rule, 0) < rank}
        if pathways or raised or softened:
            found[question.key] = (pathways, raised, softened)
    return found


@settings(max_examples=60, deadline=None)
@given(answers=mostly_safe_answers)
def test_questions_to_ask_are_exactly_the_single_answers_that_change_the_suggestion(answers: dict) -> None:
    listed = {
        question.key: (
            set(question.could_change_pathway_to),
            set(question.could_raise_red_flags),
            set(question.could_soften_red_flags),
        )
        for question in assess(answers).questions_to_ask
    }
    assert listed == _brute_force_questions(answers)


# --- the engine against the rule table ------------------------------------------------------------


@given(answers=valid_answers)
def test_the_signs_and_red_flags_are_exactly_the_rules_whose_conditions_hold(answers: dict) -> None:
    """The engine files single-answer rules by answer for speed; this reads every rule the plain way."""
    result = ENGINE.assess_without_questions(answers)
    counted = {
        scale.score for scale in RULE_SET.scales if scale.counted_when is None or scale.counted_when.evaluate(answers)
    }
    expected_signs = {
        rule.id for rule in RULE_SET.scoring_rules if rule.score in counted and rule.condition.evaluate(answers)
    }
    listed_signs = {sign.rule for entry in result.ranking for sign in entry.signs_for + entry.signs_against}
    assert listed_signs == expected_signs
    expected_flags = set()
    for flag in FLAGS:
        if not flag.condition.evaluate(answers):
            continue
        if flag.escalate_if and flag.escalate_if.evaluate(answers):
            expected_flags.add((flag.id, flag.escalate_to, True, False))
        elif flag.soften_if and flag.soften_if.evaluate(answers):
            if flag.soften_to is not None:
                expected_flags.add((flag.id, flag.soften_to, False, True))
        else:
            expected_flags.add((flag.id, flag.urgency, False, False))
    listed_flags = {(flag.rule, flag.urgency, flag.escalated, flag.softened) for flag in result.red_flags}
    assert listed_flags == expected_flags


CONDITIONS = (
    [flag.condition for flag in RULE_SET.red_flags]
    + [flag.escalate_if for flag in RULE_SET.red_flags if flag.escalate_if is not None]
    + [flag.soften_if for flag in RULE_SET.red_flags if flag.soften_if is not None]
    + [caution.condition for caution in RULE_SET.cautions]
    + [rule.condition for rule in RULE_SET.scoring_rules]
    + [gate.requires for gate in RULE_SET.gates]
    + [gate.ruled_out_by for gate in RULE_SET.gates if gate.ruled_out_by is not None]
    + [note.condition for note in RULE_SET.notes]
)


@given(
    answers=valid_answers,
    extra=valid_answers,
    eligible=st.fixed_dictionaries({pathway: st.booleans() for pathway in SCORED_PATHWAYS}),
    scored=st.sampled_from(list(Pathway)),
)
def test_adding_answers_never_changes_a_condition_that_is_already_true_or_false(
    answers: dict, extra: dict, eligible: dict, scored: Pathway
) -> None:
    """Three-valued logic: what the engine's questions to ask and red-flag safety rely on."""
    context = ScoringContext(eligible, scored)
    more = {**extra, **answers}
    for condition in CONDITIONS:
        before = condition.evaluate(answers, context)
        if before is not None:
            assert condition.evaluate(more, context) is before


# --- invalid input ---------------------------------------------------------------------------------


def _wrong_values(key: str) -> st.SearchStrategy[object]:
    question = QUESTIONS_BY_KEY[key]
    others = st.one_of(
        st.floats(allow_nan=False), st.lists(st.integers(), max_size=2), st.dictionaries(st.text(), st.text())
    )
    if question.kind is Kind.BOOL:
        return st.one_of(st.integers(), st.text(), others)
    if question.kind is Kind.INT:
        out_of_range = st.one_of(
            st.integers(max_value=question.minimum - 1), st.integers(min_value=question.maximum + 1)
        )
        return st.one_of(st.booleans(), out_of_range, st.text(), others)
    return st.one_of(st.booleans(), st.integers(), st.text().filter(lambda text: text not in question.values), others)


@given(answers=valid_answers, data=st.data())
def test_a_wrong_value_is_always_rejected_naming_its_key(answers: dict, data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(sorted(KEYS)))
    value = data.draw(_wrong_values(key))
    try:
        assess({**answers, key: value})
    except AnswersInvalid as error:
        assert key in error.errors
        assert key in str(error)
    else:
        raise AssertionError(f"{key}={value!r} was accepted")


@given(answers=valid_answers, key=st.text(min_size=1).filter(lambda text: text not in KEYS), value=st.booleans())
def test_an_unknown_key_is_always_rejected_naming_it(answers: dict, key: str, value: bool) -> None:
    try:
        validate({**answers, key: value})
    except AnswersInvalid as error:
        assert key in error.errors
        assert repr(key) in str(error)
    else:
        raise AssertionError(f"unknown key {key!r} was accepted")


@given(
    answers=valid_answers,
    eligible=st.fixed_dictionaries({pathway: st.booleans() for pathway in SCORED_PATHWAYS}),
    scored=st.sampled_from(list(Pathway)),
)
def test_a_condition_is_never_true_without_the_answers_the_engine_waits_for(
    answers: dict, eligible: dict, scored: Pathway
) -> None:
    """The engine skips a condition while an answer it needs is missing; that must never skip a true one."""
    context = ScoringContext(eligible, scored)
    for condition in CONDITIONS:
        if condition.evaluate(answers, context) is True:
            assert _needed_keys(condition) <= set(answers)
