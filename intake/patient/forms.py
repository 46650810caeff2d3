"""The patient questionnaire's forms: one form per step, built from the question catalogue.

Every catalogue question becomes a field named by its key, with the catalogue's wording as the
label and its choices or range as the validation, so a key is never retyped here. What this module
adds is presentation: which questions are required, short hints, and how patients may type numbers
("47 years", "5 ft 6", "11 st 4").

A yes/no question has a "Not sure" answer that is stored as *not answered*, never as "no".
The safety questions (red flags) and the two questions that decide which steps follow are
Yes/No only and always required.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise, lazy
from django.utils.html import escape
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from intake.models import GlobalChange, Patient
from intake.patient.measurements import (
    BMI_QUESTION,
    HEIGHT_RANGE_CM,
    WEIGHT_RANGE_KG,
    bmi_from,
    parse_height_cm,
    parse_weight_kg,
)
from intake.rules.questions import QUESTIONS_BY_KEY, Kind, Question, Section, questions_in
from intake.validators import validate_visible_text

YES, NO, NOT_SURE = "yes", "no", "not_sure"
YES_NO = ((YES, _("Yes")), (NO, _("No")))
YES_NO_NOT_SURE = (*YES_NO, (NOT_SURE, _("Not sure")))
ANSWER_FROM_CHOICE = {YES: True, NO: False}

# The two questions that decide which steps and questions follow. They are asked in "About you",
# before the heel and thigh steps, so the thigh step can know whether it applies.
GATE_KEYS = ("heel_pain", "thigh_pain")
# Heel questions that only make sense when the patient has heel pain.
HEEL_PAIN_DETAIL_KEYS = frozenset(
    {
        "heel_pain_site",
        "first_step_pain",
        "pain_after_rest",
        "eases_with_walking",
        "heel_pain_score",
        "heel_pain_weeks",
        "heel_onset",
    }
)
# Asked in the thigh step only when the patient has heel pain too.
HEEL_THEN_THIGH_KEYS = frozenset({"thigh_after_heel"})

# Short explanations shown under a question. The walking questions are hard to answer without one.
HINTS: dict[str, str | Promise] = {
    "standing_hours": _("Count work and home together. Leave blank if you are not sure."),
    "affected_side": _("The side where your symptoms are worst."),
    "heel_pain_score": _("Leave blank if you are not sure."),
    "heel_pain_weeks": _("For example, 3 months is about 13 weeks. Leave blank if you are not sure."),
    "limping": _("For example, you walk on your toes or keep your weight off the sore heel."),
    "outer_edge_walking": _("Your weight rolls onto the little-toe side of your foot, so the heel is spared."),
    "flat_quick_steps": _("Your whole foot lands at once instead of heel first, and your steps are shorter."),
    "knee_kept_bent": _("Your knee does not straighten fully as you step forward."),
    "thigh_pain_score": _("Leave blank if you are not sure."),
    "thigh_pain_weeks": _("For example, 3 months is about 13 weeks. Leave blank if you are not sure."),
    "bladder_bowel_change": _("For example, you cannot pass urine, or you wet or soil yourself without warning."),
    "saddle_numbness": _("The parts of your body that would touch a bicycle saddle."),
    "both_legs": _("Answer Yes only if both legs are affected, not just one."),
    "sexual_dysfunction": _("For example, new numbness or loss of feeling during sex, or new erection problems."),
    "leg_weakness": _("For example, your foot slaps down or drags, or your leg gives way."),
    "calf_swelling": _("The calf is the back of your lower leg, below the knee."),
    "night_pain": _("Pain that keeps you awake whichever way you lie."),
    "major_trauma": _("For example, a fall from a height, a car accident, or a heavy blow to the leg."),
    "cannot_bear_weight": _("For example, you cannot take four steps on that leg."),
    "heel_pop": _("Some people hear it; others only feel a sudden blow, as if something hit them."),
    "tiptoe_difficulty": _("Hold on to something for balance and try once, gently. Do not force it."),
    "training_increase": _("For example, running much further or more often, or a new sport or job on your feet."),
    "foot_red_hot_swollen": _("The skin looks red, feels hot to touch and is puffy, on the foot or ankle."),
    "calf_tender": _("The calf is the back of your lower leg, below the knee."),
    "breathless_or_chest_pain": _("Short of breath doing things that did not make you breathless before."),
    "recent_surgery_or_immobilised": _("Include a plaster cast or a boot on the leg."),
    "injury_kind": _("Choose the closest answer."),
}

# Numbers are optional ("leave blank if you are not sure") except these.
REQUIRED_NUMBER_KEYS = frozenset({"age"})


def is_required(question: Question) -> bool:
    """Every yes/no and choice question needs an answer (yes/no ones may say "Not sure"); numbers
    other than age may be left blank."""
    return question.kind is not Kind.INT or question.key in REQUIRED_NUMBER_KEYS


QUESTION_TEMPLATE = "patient/crispy/field.html"

# The page's language decides every text below: labels, hints and messages are lazy translations, as
# the fields are built once per process (prototype_field) and shown to every patient in their language.
# The catalogue's wording and choices are English in the engine (marked with its gettext_noop) and
# translated here with gettext_lazy.
OPTIONAL = _("(optional)")


def optional(label: str | Promise) -> Promise:
    """ "Your height (optional)", in the page's language."""
    return format_lazy("{} {}", label, OPTIONAL)


def without_optional(label: str) -> str:
    """A label without its "(optional)", as the review page lists the question."""
    return label.removesuffix(f" {OPTIONAL}")


def _interpolate(message: str | Promise, values: Mapping[str, object]) -> str:
    return str(message) % values


# A translated message with named values, translated when shown (a lazy string's % would translate now).
interpolate_lazy = lazy(_interpolate, str)
RADIO_ATTRS = {"class": "form-check-input"}


def question(name: str, **kwargs) -> Field:
    """A field in a layout, drawn by the questionnaire's own template (hint and error before the control)."""
    return Field(name, template=QUESTION_TEMPLATE, **kwargs)


NUMBER_INPUT = {"inputmode": "numeric", "autocomplete": "off", "maxlength": "20", "class": "input-short"}


def short_wording(question: Question) -> str:
    """The question up to its question mark, for error messages ("How old are you?"), in the page's
    language ("¿Qué edad tiene?")."""
    return gettext(question.wording).split("?")[0] + "?"


def int_messages(question: Question) -> dict[str, str | Promise]:
    example = {"age": 47}.get(question.key, (question.minimum or 0) + 1)
    between = interpolate_lazy(
        _("Enter a number from %(minimum)d to %(maximum)d."),
        {"minimum": question.minimum, "maximum": question.maximum},
    )
    return {
        "required": _("Enter a number."),
        "invalid": interpolate_lazy(_("Enter a whole number, for example %(example)d."), {"example": example}),
        "min_value": between,
        "max_value": between,
    }


class WholeNumberField(forms.IntegerField):
    """A whole number typed in a plain text box; "47 years", "about 8" or "12 weeks" are accepted.

    A text box with inputmode=numeric (not type=number) because number inputs change the value when
    a patient scrolls past them and read badly in screen readers.
    """

    widget = forms.TextInput
    # English and Spanish ("unos 8", "sobre 12", "47 años", "12 semanas"): a patient types in their language.
    LEADING_WORDS = re.compile(
        r"^(about|around|roughly|approximately|approx\.?|maybe|nearly|unos|unas|sobre|casi|aproximadamente|"
        r"alrededor\s+de|más\s+o\s+menos)\s+",
        re.IGNORECASE,
    )
    # The number, then words after a space or a known unit ("47 years", "12wks"); "50abc" is a typing slip.
    NUMBER_THEN_WORDS = re.compile(
        r"^(\d{1,4})(?:\s*(?:years?|yrs?|weeks?|wks?|hours?|hrs?|h|años?|semanas?|horas?)\.?)?(\s+[^\W\d_.]+\.?)*$",
        re.IGNORECASE,
    )

    def to_python(self, value):
        if isinstance(value, str):
            text = self.LEADING_WORDS.sub("", value.strip())
            match = self.NUMBER_THEN_WORDS.match(text)
            value = match.group(1) if match else text
        return super().to_python(value)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), **NUMBER_INPUT}


def question_field(question: Question, *, required: bool, yes_no_only: bool = False) -> forms.Field:
    """The form field for one catalogue question."""
    wording = _(question.wording)
    label = wording if required else optional(wording)
    hint = HINTS.get(question.key, "")
    if question.kind is Kind.BOOL:
        return forms.ChoiceField(
            label=label,
            help_text=hint,
            required=required,
            choices=YES_NO if yes_no_only else YES_NO_NOT_SURE,
            widget=forms.RadioSelect(attrs=RADIO_ATTRS),
            error_messages={"required": _("Choose Yes or No.") if yes_no_only else _("Choose Yes, No or Not sure.")},
        )
    if question.kind is Kind.CHOICE:
        return forms.ChoiceField(
            label=label,
            help_text=hint,
            required=required,
            choices=[(value, _(choice_label)) for value, choice_label in question.choices],
            widget=forms.RadioSelect(attrs=RADIO_ATTRS),
            error_messages={"required": _("Choose one answer.")},
        )
    return WholeNumberField(
        label=label,
        help_text=hint,
        required=required,
        min_value=question.minimum,
        max_value=question.maximum,
        error_messages=int_messages(question),
    )


@functools.cache
def prototype_field(key: str, yes_no_only: bool) -> forms.Field:
    """A question's field, built once per process; forms take copies (building one is slower)."""
    question = QUESTIONS_BY_KEY[key]
    return question_field(question, required=is_required(question), yes_no_only=yes_no_only)


SECTION_KEYS = {section: tuple(question.key for question in questions_in(section)) for section in Section}


def answer_value(question: Question, stored: object) -> object | None:
    """A stored form value as the catalogue's value; None means not answered."""
    if stored in (None, ""):
        return None
    if question.kind is Kind.BOOL:
        return ANSWER_FROM_CHOICE.get(stored)
    return stored


class StepForm(forms.Form):
    """One step's questions. `context` holds the answers given so far (by key), which decide
    the questions asked here."""

    use_required_attribute = False  # the server checks every answer; the browser never blocks a submit
    section: Section | None = None
    yes_no_only_keys: frozenset[str] = frozenset()

    def __init__(self, *args, context: Mapping[str, object] | None = None, **kwargs):
        self.context = dict(context or {})
        super().__init__(*args, **kwargs)
        declared = dict(self.fields)
        yes_no_only = self.yes_no_only_keys
        # Copies, as Django copies declared fields: a form may change its fields' widgets.
        self.fields = {
            key: copy.deepcopy(prototype_field(key, key in yes_no_only)) for key in self.question_keys(self.context)
        }
        self.fields.update(declared)

    @classmethod
    def question_keys(cls, context: Mapping[str, object]) -> list[str]:
        """The catalogue keys this step asks, given the answers so far."""
        return list(SECTION_KEYS[cls.section]) if cls.section else []

    @property
    def helper(self) -> FormHelper:
        helper = FormHelper(self)
        helper.form_tag = False
        helper.disable_csrf = True
        helper.field_template = QUESTION_TEMPLATE
        layout = self.layout()
        if layout is not None:
            helper.layout = layout
        return helper

    # Where-does-it-hurt questions shown next to a drawing: key -> (image, (width, height), description).
    site_drawings: dict[str, tuple[str, tuple[int, int], str | Promise]] = {}

    def layout(self) -> Layout | None:
        if not self.site_drawings:
            return None
        return Layout(
            *(
                site_question(key, *self.site_drawings[key]) if key in self.site_drawings else question(key)
                for key in self.question_keys(self.context)
            )
        )

    def summary_message(self, name: str, message: str) -> str:
        """An error as the summary at the top lists it: a question's message alone ("Choose Yes or
        No.") says too little away from its question, so the question goes first."""
        question = QUESTIONS_BY_KEY.get(name)
        return f"{short_wording(question)} {message}" if question else message

    def stored_values(self) -> dict[str, object]:
        """The valid answers on this form, in a form the session (JSON) can keep."""
        values = {}
        for name, value in self.cleaned_data.items():
            values[name] = value.isoformat() if isinstance(value, dt.date) else value
        return values

    def answers(self) -> dict[str, object]:
        """The catalogue answers this form holds (not-answered keys left out)."""
        answers = {}
        for key in self.question_keys(self.context):
            value = answer_value(QUESTIONS_BY_KEY[key], self.cleaned_data.get(key))
            if value is not None:
                answers[key] = value
        return answers


def site_question(key: str, image: str, size: tuple[int, int], description: str | Promise) -> Div:
    """A where-does-it-hurt question: a drawing next to the plain list of choices.

    The drawing has a text alternative (in the page's language: layouts are built for each page),
    but every choice is also in the list, so a screen reader user loses nothing.
    """
    alt = escape(str(description))
    figure = HTML(
        '{% load static %}<figure class="site-figure">'
        f'<img src="{{% static "img/{image}" %}}" alt="{alt}" width="{size[0]}" height="{size[1]}">'
        "</figure>"
    )
    return Div(figure, question(key), css_class="site-question")


# --- Step 1: About you -------------------------------------------------------------------------------


class AboutForm(StepForm):
    section = Section.ABOUT
    yes_no_only_keys = frozenset(GATE_KEYS)

    height = forms.CharField(
        label=optional(_("Your height")),
        required=False,
        max_length=20,
        help_text=_("In centimetres, for example 165, or in feet and inches, for example 5 ft 6."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "input-short"}),
    )
    weight = forms.CharField(
        label=optional(_("Your weight")),
        required=False,
        max_length=20,
        help_text=_("In kilograms, for example 72, or in stones and pounds, for example 11 st 4."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "input-short"}),
    )

    @classmethod
    def question_keys(cls, context):
        # BMI is never asked as a number: it is worked out from height and weight.
        about = [key for key in super().question_keys(context) if key != BMI_QUESTION.key]
        return [about[0], *GATE_KEYS, *about[1:]]

    def clean_height(self) -> int | None:
        text = self.cleaned_data["height"]
        if not text:
            return None
        try:
            height = parse_height_cm(text)
        except ValueError:
            raise ValidationError(gettext("Enter your height as a number, for example 165 or 5 ft 6")) from None
        low, high = HEIGHT_RANGE_CM
        if not low <= height <= high:
            raise ValidationError(
                gettext("Enter a height from %(low)d to %(high)d cm (3 ft 4 to 7 ft 6), or leave it blank")
                % {"low": low, "high": high}
            )
        return round(height)

    def clean_weight(self) -> float | None:
        text = self.cleaned_data["weight"]
        if not text:
            return None
        try:
            weight = parse_weight_kg(text)
        except ValueError:
            raise ValidationError(gettext("Enter your weight as a number, for example 72 or 11 st 4")) from None
        low, high = WEIGHT_RANGE_KG
        if not low <= weight <= high:
            raise ValidationError(
                gettext("Enter a weight from %(low)d to %(high)d kg, or leave it blank") % {"low": low, "high": high}
            )
        return round(weight, 1)

    def answers(self):
        answers = super().answers()
        bmi = bmi_from(self.cleaned_data.get("height"), self.cleaned_data.get("weight"))
        if bmi is not None:
            answers[BMI_QUESTION.key] = bmi
        return answers

    def layout(self):
        keys = self.question_keys(self.context)
        return Layout(
            *(question(key) for key in keys),
            Fieldset(
                gettext("Your height and weight"),
                HTML(
                    '<p class="form-text">'
                    + escape(gettext("These help us understand the load on your feet. You can skip them."))
                    + "</p>"
                ),
                "height",
                "weight",
                css_class="height-weight",
            ),
        )


# --- Step 2: Heel and foot ----------------------------------------------------------------------------


class HeelForm(StepForm):
    section = Section.HEEL

    @classmethod
    def question_keys(cls, context):
        keys = [key for key in super().question_keys(context) if key not in GATE_KEYS]
        if context.get("heel_pain") != YES:
            keys = [key for key in keys if key not in HEEL_PAIN_DETAIL_KEYS]
        return [key for key in keys if key not in FOLLOW_UP_KEYS]

    site_drawings = {
        "heel_pain_site": (
            "heel-sites.svg",
            (420, 262),
            _(
                "Drawing of the inner side of a foot. Marked: the back of the heel, under the heel "
                "towards the inside, the arch, and the whole heel."
            ),
        )
    }


# --- Step 3: How you walk -------------------------------------------------------------------------------


class WalkingForm(StepForm):
    section = Section.WALKING


# --- Step 4: Back of the thigh (only with thigh pain) ------------------------------------------------------


class ThighForm(StepForm):
    section = Section.THIGH

    @classmethod
    def question_keys(cls, context):
        keys = [key for key in super().question_keys(context) if key not in GATE_KEYS]
        if context.get("heel_pain") != YES:
            keys = [key for key in keys if key not in HEEL_THEN_THIGH_KEYS]
        return [key for key in keys if key not in FOLLOW_UP_KEYS]

    site_drawings = {
        "thigh_pain_site": (
            "thigh-sites.svg",
            (420, 300),
            _(
                "Drawing of the back of a leg. Marked: the sitting bone, the middle of the back of "
                "the thigh, all along the back of the thigh, and pain spreading from the buttock "
                "down into the thigh."
            ),
        )
    }


# --- Step 5: Safety questions ----------------------------------------------------------------------------


# Nerve signs the bilateral cauda equina flag (RF-CES-BILATERAL) weighs with "both legs". They sit on
# the thigh step; a patient without thigh pain skips it, so the safety step asks them instead.
NERVE_KEYS_WITHOUT_THIGH_STEP = ("low_back_pain", "pain_below_knee", "leg_tingling")
SAFETY_WORDING = {
    "pain_below_knee": _("Does pain from your back, buttock or leg travel down below your knee?"),
}


class SafetyForm(StepForm):
    """The red-flag questions, asked right after "About you" as urgent-care triage does. Every one needs
    an answer; "Not sure" is allowed and marks the case "call today" (the clinic phones the patient)."""

    section = Section.SAFETY

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, wording in SAFETY_WORDING.items():
            if key in self.fields:
                self.fields[key].label = wording

    @classmethod
    def question_keys(cls, context):
        keys = super().question_keys(context)
        if context.get("thigh_pain") == YES:
            return keys
        after = keys.index("both_legs") + 1
        return [*keys[:after], *NERVE_KEYS_WITHOUT_THIGH_STEP, *keys[after:]]


# --- Step 6: Your health ------------------------------------------------------------------------------------


HEALTH_KEYS = tuple(question.key for question in questions_in(Section.HEALTH))
NONE_OF_THESE = "none"
HEALTH_NOT_SURE = "not_sure"
HEALTH_LABELS = {
    "diabetes": _("Diabetes"),
    "immunosuppressed": _(
        "A weakened immune system (chemotherapy, immune-suppressing medicines, HIV, injecting drugs)"
    ),
    "long_term_steroids": _("Steroid tablets (such as prednisolone) for 3 months or more"),
    "osteoporosis": _("Osteoporosis (thin bones), or a bone broken in a minor fall"),
    "anticoagulants": _("A blood thinner (warfarin, apixaban, rivaroxaban, edoxaban or dabigatran)"),
    "inflammatory_features": _(
        "Back or joints stiff for over 30 minutes most mornings, psoriasis, Crohn's disease, ulcerative "
        "colitis or inflamed eyes (uveitis)"
    ),
}


class HealthForm(StepForm):
    """Conditions that change how urgent a sign is (a red, hot foot with diabetes, say), as one "tick
    all that apply" list: six yes/no questions in one, so the questionnaire stays short."""

    section = Section.HEALTH

    conditions = forms.MultipleChoiceField(
        label=_("Do you have any of these? Tick all that apply."),
        choices=[
            *HEALTH_LABELS.items(),
            (NONE_OF_THESE, _("None of these")),
            (HEALTH_NOT_SURE, _("I am not sure")),
        ],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Tick the ones you have, or None of these, or I am not sure.")},
    )

    @classmethod
    def question_keys(cls, context):
        return []  # asked through the one list above

    def clean_conditions(self) -> list[str]:
        ticked = self.cleaned_data["conditions"]
        alone = {NONE_OF_THESE, HEALTH_NOT_SURE} & set(ticked)
        if alone and len(ticked) > 1:
            (choice,) = sorted(alone)[:1]
            if choice == NONE_OF_THESE:
                raise ValidationError(gettext("You ticked None of these and something else. Untick one of them."))
            raise ValidationError(gettext("You ticked I am not sure and something else. Untick one of them."))
        return ticked

    def answers(self) -> dict[str, object]:
        """Ticked conditions are yes, the others no; "I am not sure" leaves all six unanswered."""
        ticked = set(self.cleaned_data.get("conditions") or [])
        if not ticked or HEALTH_NOT_SURE in ticked:
            return {}
        return {key: key in ticked for key in HEALTH_KEYS}


# --- Step 7: Follow-up questions, only when an earlier answer calls for them --------------------------------

NERVE_SYMPTOM_KEYS = ("foot_tingling", "leg_tingling", "leg_weakness", "both_legs")
CALF_KEYS = ("calf_swelling", "calf_tender")
# Pregnancy is asked of those who could be pregnant or have just had a baby (questions.md: ages 12-55).
PREGNANCY_AGES = range(12, 56)


def _age(context: Mapping[str, object]) -> int | None:
    try:
        return int(context.get("age"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _sudden_heel(context: Mapping[str, object]) -> bool:
    # A pop, a rupture after an injection: sudden events, not asked of pain that began gradually.
    return context.get("heel_pain") == YES and context.get("heel_onset") != "gradual"


def _sudden_thigh(context: Mapping[str, object]) -> bool:
    return context.get("thigh_pain") == YES and context.get("thigh_onset") != "gradual"


def _said_yes(*keys: str) -> Callable[[Mapping[str, object]], bool]:
    return lambda context: any(context.get(key) == YES for key in keys)


def _pregnancy_asked(context: Mapping[str, object]) -> bool:
    return _said_yes(*CALF_KEYS)(context) and _age(context) in PREGNANCY_AGES


# Each follow-up question and when it is asked (questions.md "asked when", narrowed where an earlier answer
# already rules it out), in the order a patient reads them.
FOLLOW_UPS: tuple[tuple[str, Callable[[Mapping[str, object]], bool]], ...] = (
    ("heel_pop", _sudden_heel),
    ("tiptoe_difficulty", _sudden_heel),
    ("heel_steroid_injection", _sudden_heel),
    (
        "training_increase",
        lambda context: context.get("heel_pain_site") == "whole_heel" or context.get("cannot_bear_weight") == YES,
    ),
    ("onset_activity", _sudden_thigh),
    ("bruising_or_swelling", _sudden_thigh),
    ("nerve_symptoms_recent", _said_yes(*NERVE_SYMPTOM_KEYS)),
    ("recent_surgery_or_immobilised", _said_yes(*CALF_KEYS, "thigh_pain")),
    ("long_journey", _said_yes(*CALF_KEYS)),
    ("pregnant_or_postpartum", _pregnancy_asked),
    ("previous_clot", _said_yes(*CALF_KEYS)),
    ("injury_kind", _said_yes("major_trauma")),
)
FOLLOW_UP_KEYS = frozenset(key for key, _asked in FOLLOW_UPS)


class FollowUpForm(StepForm):
    """The questions that only make sense after an earlier answer (a Yes, a sudden start, a site)."""

    section = Section.FOLLOW_UP

    @classmethod
    def question_keys(cls, context):
        return [key for key, asked in FOLLOW_UPS if asked(context)]


# --- Step 6: Contact and consent ---------------------------------------------------------------------------

PHONE_CHARACTERS = re.compile(r"^\+?[\d\s()\-.]+$")
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d"]


class ContactForm(StepForm):
    """Who the patient is and how to reach them, their consent, and a honeypot for robots."""

    name = forms.CharField(
        label=_("Your full name"),
        max_length=Patient._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Enter your full name"),
            "max_length": _("Your name must be %(limit_value)d characters or fewer"),
        },
    )
    date_of_birth = forms.DateField(
        label=optional(_("Date of birth")),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text=_("For example, 27/03/1958."),
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"autocomplete": "bday", "class": "input-medium", "maxlength": "20"}
        ),
        error_messages={"invalid": _("Enter your date of birth as day/month/year, for example 27/03/1958")},
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=Patient._meta.get_field("phone").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
        error_messages={"max_length": _("Your phone number must be %(limit_value)d characters or fewer")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": _("Enter an email address like name@example.com"),
            "max_length": _("Your email address must be %(limit_value)d characters or fewer"),
        },
    )
    consent = forms.BooleanField(
        label=_("I agree that the clinic may keep and use my answers as described above"),
        error_messages={
            "required": _("Tick the box to agree, so the clinic can use your answers to plan your care"),
        },
    )
    # The honeypot: hidden from people by the stylesheet, filled in by robots that fill every box.
    website = forms.CharField(
        label=_("Leave this box empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        try:
            validate_visible_text(name)
        except ValidationError:
            raise ValidationError(
                "Your name contains a hidden character (such as a text-direction mark). Please type it again "
                "rather than copying and pasting it"
            ) from None
        return name

    def clean_date_of_birth(self) -> dt.date | None:
        born = self.cleaned_data["date_of_birth"]
        if born is not None and born > timezone.localdate():
            raise ValidationError(gettext("Enter a date of birth in the past, for example 27/03/1958"))
        if born is not None and born < dt.date(1900, 1, 1):
            raise ValidationError(
                gettext("Check the year: enter a date of birth from 1900 onwards, for example 27/03/1958")
            )
        return born

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and (not PHONE_CHARACTERS.match(phone) or sum(c.isdigit() for c in phone) < 7):
            raise ValidationError(gettext("Enter a phone number using digits, for example 07700 900123"))
        return phone

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        self._check_age_against_birth_date(cleaned.get("date_of_birth"))
        if not self.has_error("phone") and not self.has_error("email"):
            if not cleaned.get("phone") and not cleaned.get("email"):
                self.add_error(
                    "phone", gettext("Give a phone number or an email address, so the clinic can contact you")
                )
        return cleaned

    def _check_age_against_birth_date(self, born: dt.date | None) -> None:
        """A birth date that disagrees with the age given in "About you" is asked about, not guessed at."""
        told = _age(self.context)
        if born is None or told is None:
            return
        today = timezone.localdate()
        years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if abs(years - told) > 1:
            self.add_error(
                "date_of_birth",
                gettext(
                    "This date of birth makes you %(years)d, but you told us you are %(told)d. Please check it "
                    "(you can change your age in About you)."
                )
                % {"years": years, "told": told},
            )

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    def stored_values(self):
        values = super().stored_values()
        values.pop("website", None)  # never kept: it is not the patient's answer
        return values

    def layout(self):
        return Layout(
            question("name"),
            question("date_of_birth"),
            Fieldset(
                gettext("How can we contact you?"),
                HTML(
                    '<p class="form-text">'
                    + escape(gettext("Give a phone number, an email address, or both."))
                    + "</p>"
                ),
                "phone",
                "email",
            ),
            Fieldset(
                gettext("How we use your answers"),
                HTML(
                    '<p class="consent-text">'
                    # The clinic's name goes in as a template variable: the HTML object renders it, escaped.
                    + escape(
                        gettext(
                            "%(clinic_name)s keeps your answers in your clinic record. Only the clinic's "
                            "physiotherapists and staff can see them. They use them to plan your care and to "
                            "contact you about it. We do not share them outside the clinic unless you agree, or "
                            "in an emergency to keep you safe. You can ask to see your answers or have them "
                            "deleted at any time."
                        )
                    )
                    % {"clinic_name": "{{ clinic_name }}"}
                    + "</p>"
                ),
                question("consent"),
            ),
            question("website", wrapper_class="hp-field"),
        )


class SendNowForm(forms.Form):
    """Send what is answered so far, straight after red-flag advice: who to call, and consent."""

    use_required_attribute = False

    name = ContactForm.base_fields["name"]
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=Patient._meta.get_field("phone").max_length,
        help_text=_("The clinic will phone you on this number."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
        error_messages={
            "required": _("Enter a phone number, so the clinic can call you"),
            "max_length": _("Your phone number must be %(limit_value)d characters or fewer"),
        },
    )
    consent = ContactForm.base_fields["consent"]

    clean_name = ContactForm.clean_name
    clean_phone = ContactForm.clean_phone

    def summary_message(self, name: str, message: str) -> str:
        return message


class ResumeForm(forms.Form):
    use_required_attribute = False

    code = forms.CharField(
        label=_("Your resume code"),
        max_length=30,
        help_text=_("12 letters and numbers, for example M4KQ-7TXH-2PRA. Capital letters are not needed."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "class": "input-code"}
        ),
        error_messages={"required": _("Enter the resume code you were given")},
    )

    def clean_code(self) -> str:
        letters = re.sub(r"[^A-Z0-9]", "", self.cleaned_data["code"].upper())
        if len(letters) != 12:
            raise ValidationError(gettext("A resume code has 12 letters and numbers, for example M4KQ-7TXH-2PRA"))
        return f"{letters[:4]}-{letters[4:8]}-{letters[8:]}"

    @property
    def helper(self) -> FormHelper:
        helper = FormHelper(self)
        helper.form_tag = False
        helper.disable_csrf = True
        helper.field_template = QUESTION_TEMPLATE
        return helper


# --- The follow-up check-in --------------------------------------------------------------------------------

_PAIN_CHOICES = [(value, str(value)) for value in range(11)]
_DAY_CHOICES = [(value, str(value)) for value in range(8)]


class CheckInForm(forms.Form):
    """A follow-up check-in: heel and thigh pain (NPRS 0-10), the global rating of change, adherence."""

    use_required_attribute = False

    heel_pain = forms.TypedChoiceField(
        label=_("How bad is your heel pain today?"),
        help_text=_("0 means no pain, 10 the worst pain you can imagine."),
        choices=_PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose a number from 0 to 10 for your heel pain")},
    )
    thigh_pain = forms.TypedChoiceField(
        label=_("How bad is the pain at the back of your thigh today?"),
        help_text=_("0 means no pain, 10 the worst pain you can imagine."),
        choices=_PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose a number from 0 to 10 for your thigh pain")},
    )
    global_change = forms.TypedChoiceField(
        label=_("Since you started your plan, how is your problem overall?"),
        choices=[(value, label) for value, label in reversed(GlobalChange.choices)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose how your problem is overall")},
    )
    adherence_days = forms.TypedChoiceField(
        label=_("In the last 7 days, on how many days did you do your exercises?"),
        choices=_DAY_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose how many days, from 0 to 7")},
    )

    @property
    def helper(self) -> FormHelper:
        helper = FormHelper(self)
        helper.form_tag = False
        helper.disable_csrf = True
        return helper
