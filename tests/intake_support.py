"""Helpers for the patient questionnaire tests (no tests here): personas as catalogue answers, and
how a browser would post them step by step."""

from __future__ import annotations

from datetime import date
from http import HTTPStatus

from django.urls import reverse
from django.utils import timezone

from intake.patient.flow import STEPS, STEPS_BY_SLUG
from intake.patient.forms import (
    GATE_KEYS,
    HEALTH_KEYS,
    HEALTH_NOT_SURE,
    HEEL_PAIN_DETAIL_KEYS,
    NO,
    NONE_OF_THESE,
    NOT_SURE,
    YES,
)
from intake.rules.questions import Section, questions_in
from tests.factories import PF_COMPENSATION_ANSWERS

CONTACT = {
    "name": "Margaret Lee",
    "date_of_birth": "14/05/1958",
    "phone": "07700 900123",
    "email": "margaret@example.org",
    "consent": "on",
}

THIGH_KEYS = {question.key for question in questions_in(Section.THIGH)}
HEEL_DETAIL_KEYS = set(HEEL_PAIN_DETAIL_KEYS)

# Heel pain only, no thigh pain: the thigh step is skipped, and the safety step asks the three nerve
# questions the bilateral red flag needs.
HEEL_ONLY_ANSWERS = {key: value for key, value in PF_COMPENSATION_ANSWERS.items() if key not in THIGH_KEYS} | {
    "thigh_pain": False,
    "low_back_pain": False,
    "pain_below_knee": False,
    "leg_tingling": False,
}

# A sprinter who felt the back of the thigh go: a local strain, no heel pain.
HAMSTRING_ANSWERS = {
    key: value
    for key, value in PF_COMPENSATION_ANSWERS.items()
    if key not in HEEL_DETAIL_KEYS and key != "thigh_after_heel"
} | {
    "age": 24,
    "affected_side": "right",
    "activity": "sprint_sport",
    "standing_hours": 3,
    "heel_pain": False,
    "calf_tightness": False,
    "unsupportive_footwear": False,
    "limping": True,
    "outer_edge_walking": False,
    "flat_quick_steps": False,
    "knee_kept_bent": True,
    "thigh_onset": "sudden",
    "onset_activity": "sprinting",
    "felt_pop": True,
    "thigh_pain_site": "muscle_belly",
    "thigh_pain_quality": "sharp_localized",
    "bruising_or_swelling": True,
    "thigh_pain_score": 6,
    "thigh_pain_weeks": 1,
}

# Numbness in the saddle area: an emergency red flag.
RED_FLAG_ANSWERS = {**PF_COMPENSATION_ANSWERS, "saddle_numbness": True}


def step_url(slug: str) -> str:
    return reverse("intake:step", args=[slug])


def gate_context(answers: dict) -> dict:
    return {key: YES if answers.get(key) else NO for key in GATE_KEYS}


def as_posted(answers: dict) -> dict[str, str]:
    """Catalogue answers as the questionnaire's forms hold them (the context of a later step)."""
    return {key: (YES if value else NO) if isinstance(value, bool) else str(value) for key, value in answers.items()}


def step_data(slug: str, answers: dict, **extra: str) -> dict[str, str]:
    """What a patient with these catalogue answers posts on one step; unanswered yes/no questions
    are posted as "Not sure"."""
    step = STEPS_BY_SLUG[slug]
    form = step.form_class(context=as_posted(answers))
    data = {"action": "continue"}
    for name, field in form.fields.items():
        if name in answers:
            value = answers[name]
            data[name] = (YES if value else NO) if isinstance(value, bool) else str(value)
        elif NOT_SURE in dict(getattr(field, "choices", ())):
            data[name] = NOT_SURE
    if slug == "health":
        data["conditions"] = health_conditions(answers)
    if slug == "contact":
        data.update(CONTACT)
        if "age" in answers:  # a birth date that agrees with the age given
            data["date_of_birth"] = birth_date_for(answers["age"]).strftime("%d/%m/%Y")
    data.update(extra)
    return data


def birth_date_for(age: int) -> date:
    """14 May of the year that makes someone `age` today."""
    today = timezone.localdate()
    year = today.year - age - (1 if (today.month, today.day) < (5, 14) else 0)
    return date(year, 5, 14)


def health_conditions(answers: dict) -> list[str]:
    """The health step's ticked boxes for these answers: the conditions answered yes, "None of these"
    when all six are no, "I am not sure" when they are not answered."""
    given = {key: answers[key] for key in HEALTH_KEYS if key in answers}
    if not given:
        return [HEALTH_NOT_SURE]
    ticked = [key for key, value in given.items() if value]
    return ticked or [NONE_OF_THESE]


def applicable_slugs(answers: dict) -> list[str]:
    return [step.slug for step in STEPS if step.applies(as_posted(answers))]


def fill_in(client, answers: dict, *, until: str | None = None, **extra_by_step: dict) -> None:
    """Answer every step (or those before `until`), asserting each one is accepted."""
    for slug in applicable_slugs(answers):
        if slug == until:
            return
        response = client.post(step_url(slug), step_data(slug, answers, **extra_by_step.get(slug, {})))
        assert response.status_code == HTTPStatus.FOUND, (slug, response.context and response.context.get("errors"))


def submit(client, **data: str):
    return client.post(reverse("intake:review"), data)
