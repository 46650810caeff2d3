"""Each questionnaire step's validation, BMI, and how typed numbers are read. No database needed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from intake.patient.flow import STEPS, STEPS_BY_SLUG
from intake.patient.forms import (
    HEALTH_KEYS,
    NOT_SURE,
    AboutForm,
    ContactForm,
    FollowUpForm,
    HeelForm,
    SafetyForm,
    ThighForm,
    WalkingForm,
    bmi_from,
    parse_height_cm,
    parse_weight_kg,
)
from intake.rules.questions import QUESTIONS, Kind, Section, questions_in
from tests.factories import PF_COMPENSATION_ANSWERS
from tests.intake_support import HAMSTRING_ANSWERS, gate_context, step_data

PF_CONTEXT = gate_context(PF_COMPENSATION_ANSWERS)
NO_PAIN_CONTEXT = {"heel_pain": "no", "thigh_pain": "no"}


def bound(form_class, data, context=PF_CONTEXT):
    form = form_class(data=data, context=context)
    form.is_valid()
    return form


def valid_data(slug, answers=PF_COMPENSATION_ANSWERS, **changes):
    data = step_data(slug, answers)
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


# --- Every key is asked somewhere --------------------------------------------------------------------


def test_every_catalogue_key_is_asked_by_exactly_one_step_and_bmi_comes_from_height_and_weight():
    # Yes to the questions that bring the follow-ups, and an age at which pregnancy is asked.
    everything = {"heel_pain": "yes", "thigh_pain": "yes", "calf_tender": "yes", "major_trauma": "yes"}
    everything |= {"leg_weakness": "yes", "age": "30", "heel_onset": "sudden", "thigh_onset": "sudden"}
    everything |= {"heel_pain_site": "whole_heel"}
    asked = [key for step in STEPS for key in step.form_class.question_keys(everything)] + list(HEALTH_KEYS)
    assert len(asked) == len(set(asked))
    assert set(asked) | {"bmi"} == {question.key for question in QUESTIONS}
    assert {"height", "weight"} <= set(AboutForm(context=everything).fields)


def test_the_forms_use_the_catalogue_wording_and_choices():
    form = ThighForm(context=PF_CONTEXT)
    for question in questions_in(Section.THIGH):
        if question.key in form.fields:
            assert form.fields[question.key].label.startswith(question.wording)
            if question.kind is Kind.CHOICE:
                assert tuple(form.fields[question.key].choices) == question.choices


# --- Step 1: About you ---------------------------------------------------------------------------------


def test_about_you_accepts_a_complete_answer():
    form = bound(AboutForm, valid_data("about"))
    assert form.is_valid(), form.errors
    assert form.answers()["age"] == 47
    assert form.answers()["heel_pain"] is True


def test_about_you_requires_age_the_two_pain_questions_side_and_activity():
    form = bound(AboutForm, {})
    assert set(form.errors) == {"age", "heel_pain", "thigh_pain", "affected_side", "activity"}
    assert form.errors["age"] == ["Enter a number."]
    assert form.errors["heel_pain"] == ["Choose Yes or No."]
    assert form.summary_message("age", "Enter a number.") == "How old are you? Enter a number."


def test_standing_hours_height_and_weight_may_be_left_blank():
    form = bound(AboutForm, valid_data("about", standing_hours="", height="", weight=""))
    assert form.is_valid(), form.errors
    assert "standing_hours" not in form.answers()
    assert "bmi" not in form.answers()


@pytest.mark.parametrize("typed", ["9", "130", "abc", "4.5"])
def test_an_age_outside_the_range_or_not_a_number_is_refused(typed):
    form = bound(AboutForm, valid_data("about", age=typed))
    assert "age" in form.errors


def test_the_age_error_names_the_allowed_range():
    form = bound(AboutForm, valid_data("about", age="130"))
    assert form.errors["age"] == ["Enter a number from 12 to 110."]


@pytest.mark.parametrize(
    "typed, expected", [("47", 47), (" 47 ", 47), ("47 years", 47), ("about 47", 47), ("47yrs", 47)]
)
def test_numbers_typed_with_words_are_understood(typed, expected):
    form = bound(AboutForm, valid_data("about", age=typed))
    assert form.cleaned_data["age"] == expected


@pytest.mark.parametrize("typed", ["50abc", "4x7", "47-ish"])
def test_a_number_run_into_other_letters_is_refused_not_guessed(typed):
    form = bound(AboutForm, valid_data("about", age=typed))
    assert "age" in form.errors


def test_the_pain_questions_that_decide_the_next_steps_have_no_not_sure():
    form = bound(AboutForm, valid_data("about", thigh_pain=NOT_SURE))
    assert "thigh_pain" in form.errors


# --- BMI ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, centimetres",
    [("165", 165), ("165 cm", 165), ("1.65", 165), ("1,65 m", 165), ("5'6", 167.64), ("5 ft 6 in", 167.64)]
    + [("5 feet", 152.4), ("6ft", 182.88)],
)
def test_height_is_read_in_centimetres_metres_or_feet_and_inches(typed, centimetres):
    assert parse_height_cm(typed) == pytest.approx(centimetres)


@pytest.mark.parametrize(
    "typed, kilograms",
    [("72", 72), ("72.5 kg", 72.5), ("11 st 4", 71.67), ("11st 4lb", 71.67), ("11 stone", 69.85)]
    + [("160 lb", 72.57), ("160 pounds", 72.57)],
)
def test_weight_is_read_in_kilograms_or_stones_and_pounds(typed, kilograms):
    assert parse_weight_kg(typed) == pytest.approx(kilograms, abs=0.01)


def test_bmi_is_worked_out_from_height_and_weight_and_never_asked():
    form = bound(AboutForm, valid_data("about", height="170", weight="72"))
    assert form.is_valid(), form.errors
    assert form.answers()["bmi"] == 25  # 72 / 1.70² = 24.9
    assert "bmi" not in form.fields


def test_bmi_from_imperial_height_and_weight():
    form = bound(AboutForm, valid_data("about", height="5 ft 4", weight="15 st"))
    assert form.answers()["bmi"] == 36  # 95.3 kg / 1.626 m² = 36.0


@pytest.mark.parametrize(
    "height, weight, bmi",
    [(170, 72, 25), (150, 100, 44), (100, 300, 80), (230, 25, 10), (None, 72, None), (170, None, None)],
)
def test_bmi_is_kept_within_the_catalogue_range(height, weight, bmi):
    assert bmi_from(height, weight) == bmi


@pytest.mark.parametrize("field, typed", [("height", "40"), ("height", "tall"), ("weight", "900"), ("weight", "x")])
def test_an_impossible_height_or_weight_is_refused_with_a_message(field, typed):
    form = bound(AboutForm, valid_data("about", **{field: typed}))
    assert field in form.errors


def test_height_alone_is_kept_but_gives_no_bmi():
    form = bound(AboutForm, valid_data("about", height="170", weight=""))
    assert form.is_valid()
    assert form.cleaned_data["height"] == 170
    assert "bmi" not in form.answers()


# --- Step 2: Heel and foot -----------------------------------------------------------------------------


def test_heel_details_are_asked_only_with_heel_pain():
    with_pain = HeelForm(context={"heel_pain": "yes"})
    without_pain = HeelForm(context={"heel_pain": "no"})
    assert "heel_pain_site" in with_pain.fields
    assert "first_step_pain" in with_pain.fields
    assert "heel_pain_site" not in without_pain.fields
    assert set(without_pain.fields) == {"calf_tightness", "foot_tingling", "unsupportive_footwear"}


def test_heel_step_needs_where_it_hurts_and_each_yes_no_answer():
    form = bound(HeelForm, {})
    assert "heel_pain_site" in form.errors
    assert "first_step_pain" in form.errors
    assert "heel_pain_score" not in form.errors  # numbers may be left blank


@pytest.mark.parametrize("score, ok", [("0", True), ("10", True), ("11", False), ("-1", False)])
def test_heel_pain_score_is_from_0_to_10(score, ok):
    form = bound(HeelForm, valid_data("heel", heel_pain_score=score))
    assert ("heel_pain_score" not in form.errors) is ok


def test_an_unknown_choice_is_refused():
    form = bound(HeelForm, valid_data("heel", heel_pain_site="knee"))
    assert "heel_pain_site" in form.errors


# --- Step 3: How you walk ----------------------------------------------------------------------------


def test_each_walking_question_has_a_short_description():
    form = WalkingForm(context=PF_CONTEXT)
    assert len(form.fields) == 4
    assert all(field.help_text for field in form.fields.values())


def test_walking_step_needs_an_answer_to_each_question():
    form = bound(WalkingForm, {"limping": "yes"})
    assert set(form.errors) == {"outer_edge_walking", "flat_quick_steps", "knee_kept_bent"}


def test_not_sure_is_an_answer_but_is_stored_as_not_answered_never_as_no():
    form = bound(WalkingForm, valid_data("walking", limping=NOT_SURE, outer_edge_walking="no"))
    assert form.is_valid()
    assert "limping" not in form.answers()
    assert form.answers()["outer_edge_walking"] is False


# --- Step 4: Back of the thigh -------------------------------------------------------------------------


def test_thigh_step_needs_how_it_started_where_and_what_it_feels_like():
    form = bound(ThighForm, {})
    assert {"thigh_onset", "thigh_pain_site", "thigh_pain_quality"} <= set(form.errors)
    assert "thigh_pain_weeks" not in form.errors


def test_thigh_after_heel_is_asked_only_of_patients_with_heel_pain():
    assert "thigh_after_heel" in ThighForm(context={"heel_pain": "yes", "thigh_pain": "yes"}).fields
    assert "thigh_after_heel" not in ThighForm(context={"heel_pain": "no", "thigh_pain": "yes"}).fields


def test_a_hamstring_patients_thigh_answers_are_accepted():
    context = gate_context(HAMSTRING_ANSWERS)
    form = bound(ThighForm, valid_data("thigh", HAMSTRING_ANSWERS), context=context)
    assert form.is_valid(), form.errors
    assert form.answers()["thigh_onset"] == "sudden"


# --- Step 5: Safety ----------------------------------------------------------------------------------


def test_every_safety_question_is_required_and_may_be_answered_not_sure():
    form = bound(SafetyForm, {})
    assert set(form.errors) == {question.key for question in questions_in(Section.SAFETY)}
    for field in form.fields.values():
        assert [value for value, _label in field.choices] == ["yes", "no", "not_sure"]


def test_safety_answers_are_stored_as_true_or_false():
    form = bound(SafetyForm, valid_data("safety", saddle_numbness="yes"))
    assert form.answers()["saddle_numbness"] is True
    assert form.answers()["bladder_bowel_change"] is False


# --- Step 6: Contact and consent ---------------------------------------------------------------------


def test_contact_step_needs_a_name_consent_and_a_way_to_contact():
    form = bound(ContactForm, {})
    assert set(form.errors) == {"name", "consent", "phone"}
    assert "phone number or an email address" in form.errors["phone"][0]


def test_an_email_alone_is_enough_to_be_contacted():
    form = bound(ContactForm, {"name": "Ann Bell", "email": "ANN@Example.org ", "consent": "on"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["email"] == "ann@example.org"


@pytest.mark.parametrize(
    "field, typed",
    [
        ("name", "x" * 201),
        ("phone", "1" * 33),
        ("phone", "call me"),
        ("email", "a@" + "b" * 260 + ".org"),
        ("email", "not-an-email"),
        ("date_of_birth", "31/02/1960"),
        ("date_of_birth", "01/01/2999"),
    ],
)
def test_contact_details_are_checked_and_bounded_in_length(field, typed):
    form = bound(ContactForm, {"name": "Ann Bell", "phone": "07700 900123", "consent": "on", field: typed})
    assert field in form.errors


def test_date_of_birth_may_be_typed_in_several_ways():
    for typed in ("14/05/1958", "14-05-1958", "14 5 1958", "14 May 1958", "1958-05-14"):
        data = {"name": "Ann Bell", "phone": "07700 900123", "consent": "on", "date_of_birth": typed}
        form = bound(ContactForm, data)
        assert form.is_valid(), (typed, form.errors)
        assert form.stored_values()["date_of_birth"] == "1958-05-14"


def test_the_honeypot_is_never_stored():
    form = bound(ContactForm, {"name": "Ann Bell", "phone": "07700 900123", "consent": "on", "website": "spam"})
    assert form.honeypot_filled
    assert "website" not in form.stored_values()


def test_no_question_is_pre_answered():
    for step in STEPS:
        form = step.form_class(context=PF_CONTEXT)
        assert all(form[name].value() in (None, "", False) for name in form.fields), step.slug


# --- Second-edition follow-up questions (questions.md, "asked when") --------------------------------------

FOLLOW_UP_CASES = [
    # (answers so far, the follow-up questions asked)
    ({"heel_pain": "yes", "heel_onset": "gradual", "thigh_pain": "no"}, []),
    ({"heel_pain": "yes", "heel_onset": "sudden"}, ["heel_pop", "tiptoe_difficulty", "heel_steroid_injection"]),
    ({"heel_pain": "yes", "heel_onset": "gradual", "heel_pain_site": "whole_heel"}, ["training_increase"]),
    (
        {"thigh_pain": "yes", "thigh_onset": "sudden"},
        ["onset_activity", "bruising_or_swelling", "recent_surgery_or_immobilised"],
    ),
    ({"foot_tingling": "yes"}, ["nerve_symptoms_recent"]),
    ({"both_legs": "yes"}, ["nerve_symptoms_recent"]),
    ({"thigh_pain": "yes", "thigh_onset": "gradual"}, ["recent_surgery_or_immobilised"]),
    (
        {"calf_tender": "yes", "age": "34"},
        ["recent_surgery_or_immobilised", "long_journey", "pregnant_or_postpartum", "previous_clot"],
    ),
    ({"calf_swelling": "yes", "age": "70"}, ["recent_surgery_or_immobilised", "long_journey", "previous_clot"]),
    ({"major_trauma": "yes"}, ["injury_kind"]),
    ({"major_trauma": "no", "leg_weakness": "not_sure"}, []),
]


@pytest.mark.parametrize(("context", "asked"), FOLLOW_UP_CASES)
def test_follow_up_questions_are_asked_only_after_the_answer_that_calls_for_them(context, asked):
    assert FollowUpForm.question_keys(context) == asked
    assert STEPS_BY_SLUG["follow_up"].applies(context) is bool(asked)


def test_sudden_event_questions_are_not_asked_in_the_heel_and_thigh_steps():
    context = {"heel_pain": "yes", "thigh_pain": "yes", "heel_onset": "sudden", "thigh_onset": "sudden"}
    asked = set(HeelForm.question_keys(context)) | set(ThighForm.question_keys(context))
    assert not asked & {"heel_pop", "tiptoe_difficulty", "heel_steroid_injection", "onset_activity"}
    assert {"heel_onset", "thigh_onset", "felt_pop"} <= asked  # a pop at the sitting bone is always asked


def test_a_birth_date_that_disagrees_with_the_age_given_is_questioned():
    form = ContactForm(
        data={"name": "Ann Lee", "date_of_birth": "01/01/1990", "phone": "07700 900123", "consent": "on"},
        context={"age": "70"},
    )
    assert not form.is_valid()
    assert "makes you" in form.errors["date_of_birth"][0] and "you are 70" in form.errors["date_of_birth"][0]


def test_a_birth_date_within_a_year_of_the_age_given_is_accepted():
    born = timezone.localdate().replace(year=timezone.localdate().year - 47) - dt.timedelta(days=1)
    form = ContactForm(
        data={"name": "Ann Lee", "date_of_birth": born.strftime("%d/%m/%Y"), "phone": "07700 900123", "consent": "on"},
        context={"age": "47"},
    )
    assert form.is_valid(), form.errors
