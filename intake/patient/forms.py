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

import datetime as dt
import re
from collections.abc import Callable, Mapping

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from intake.models import Patient
from intake.patient.fields import (  # noqa: F401  (the steps' shared vocabulary, re-exported for the flow and views)
    ANSWER_FROM_CHOICE,
    GATE_KEYS,
    HEEL_PAIN_DETAIL_KEYS,
    HEEL_THEN_THIGH_KEYS,
    HINTS,
    NO,
    NOT_SURE,
    NUMBER_INPUT,
    OPTIONAL,
    QUESTION_TEMPLATE,
    RADIO_ATTRS,
    REQUIRED_NUMBER_KEYS,
    SECTION_KEYS,
    YES,
    YES_NO,
    YES_NO_NOT_SURE,
    StepForm,
    WholeNumberField,
    answer_value,
    int_messages,
    is_required,
    optional,
    prototype_field,
    question,
    question_field,
    question_helper,
    short_wording,
    site_question,
    without_optional,
)
from intake.patient.measurements import (
    BMI_QUESTION,
    HEIGHT_RANGE_CM,
    WEIGHT_RANGE_KG,
    bmi_from,
    parse_height_cm,
    parse_weight_kg,
)
from intake.rules.questions import Section
from intake.validators import validate_visible_text

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


HEALTH_KEYS = SECTION_KEYS[Section.HEALTH]
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
        return question_helper(self)
