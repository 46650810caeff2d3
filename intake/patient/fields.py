"""The questionnaire's questions as form fields: the catalogue's wording, hints and messages, the yes / no /
not sure choices, whole numbers typed with words, and the base form every step builds on.

The steps themselves (which questions each asks, given the answers so far) are in ``forms.py``, which
re-exports these names.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
from collections.abc import Mapping

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Layout
from django import forms
from django.utils.functional import Promise, lazy
from django.utils.html import escape
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from intake.rules.questions import QUESTIONS_BY_KEY, Kind, Question, Section, questions_in

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


def question_helper(form: forms.Form) -> FormHelper:
    """How crispy draws a patient form: inside the page's own <form> and CSRF token, each field with the
    questionnaire's template (hint and error before the control)."""
    helper = FormHelper(form)
    helper.form_tag = False
    helper.disable_csrf = True
    helper.field_template = QUESTION_TEMPLATE
    return helper


class ReadContext(dict):
    """The answers so far, noting which keys a form read: its questions and its validity depend on those
    alone (and on its own values), so a step need not be checked again while they stay the same
    (intake/patient/flow.py). A form that lists the whole context depends on all of it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()
        self.read_all = False

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def _everything(self):
        self.read_all = True

    def __iter__(self):
        self._everything()
        return super().__iter__()

    def keys(self):
        self._everything()
        return super().keys()

    def values(self):
        self._everything()
        return super().values()

    def items(self):
        self._everything()
        return super().items()


class StepForm(forms.Form):
    """One step's questions. `context` holds the answers given so far (by key), which decide
    the questions asked here."""

    use_required_attribute = False  # the server checks every answer; the browser never blocks a submit
    section: Section | None = None
    yes_no_only_keys: frozenset[str] = frozenset()

    def __init__(self, *args, context: Mapping[str, object] | None = None, **kwargs):
        self.context = ReadContext(context or {})
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
        helper = question_helper(self)
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
