"""The follow-up check-in a patient answers from their private link (no account), in two short pages,
safety first. Page 1 (CheckInSafetyForm): the intake's safety questions asked again and heel and thigh
pain (NPRS), acted on as soon as it is sent. Page 2 (CheckInForm): the global rating of change, how many
days they did the programme, the Patient-Specific Functional Scale and the Lower Extremity Functional
Scale.

The measures' items and answer scales come from intake/outcomes/measures.py (their published wording);
the safety questions are the intake's own fields (fields.prototype_field, forms.SafetyForm's keys), so
a check-in asks exactly what the intake asked and the same rules read the answers.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence

from django import forms
from django.forms import BoundField
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from intake.models import GlobalChange
from intake.outcomes.measures import (
    LEFS_CHOICES,
    LEFS_ITEMS,
    PSFS_MAX_ACTIVITIES,
    PsfsRating,
)
from intake.patient.fields import (
    RADIO_ATTRS,
    YES,
    optional,
    prototype_field,
    short_wording,
)
from intake.patient.forms import SAFETY_WORDING, SafetyForm
from intake.rules.questions import QUESTIONS_BY_KEY

_PAIN_CHOICES = [(value, str(value)) for value in range(11)]
_DAY_CHOICES = [(value, str(value)) for value in range(8)]
_PSFS_CHOICES = [(value, str(value)) for value in range(11)]
LEFS_CHOICES_TRANSLATED = [(value, _(label)) for value, label in LEFS_CHOICES]


def _radio(label, choices, required_message, help_text="") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        coerce=int,
        widget=forms.RadioSelect(attrs=RADIO_ATTRS),
        error_messages={"required": required_message},
    )


def lefs_name(number: int) -> str:
    return f"lefs_{number}"


class CheckInSafetyForm(forms.Form):
    """Page 1 of a check-in, "How you are now": the intake's safety questions asked again, then today's
    heel and thigh pain. ``intake_answers``: the case's stored answers, which decide the safety questions
    asked (as on the intake's safety step). Sent on its own so a red flag is acted on at once."""

    use_required_attribute = False  # the server checks every answer; the browser never blocks a submit

    heel_pain = _radio(
        _("How bad is your heel pain today?"),
        _PAIN_CHOICES,
        _("Choose a number from 0 to 10 for your heel pain"),
        _("0 means no pain, 10 the worst pain you can imagine."),
    )
    thigh_pain = _radio(
        _("How bad is the pain at the back of your thigh today?"),
        _PAIN_CHOICES,
        _("Choose a number from 0 to 10 for your thigh pain"),
        _("0 means no pain, 10 the worst pain you can imagine."),
    )

    PAIN_FIELDS = ("heel_pain", "thigh_pain")

    def __init__(self, *args, intake_answers: Mapping[str, object] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        context = {"thigh_pain": YES if (intake_answers or {}).get("thigh_pain") else "no"}
        self.safety_keys = SafetyForm.question_keys(context)
        # The safety questions come first on the page and in the error summary.
        pain = {name: self.fields.pop(name) for name in self.PAIN_FIELDS}
        for key in self.safety_keys:
            field = copy.deepcopy(prototype_field(key, False))
            if key in SAFETY_WORDING:
                field.label = SAFETY_WORDING[key]
            self.fields[key] = field
        self.fields.update(pain)

    @property
    def scale_names(self) -> set[str]:
        return set(self.PAIN_FIELDS)

    @property
    def pain_group(self) -> list[BoundField]:
        return [self[name] for name in self.PAIN_FIELDS]

    @property
    def safety_group(self) -> list[BoundField]:
        return [self[key] for key in self.safety_keys]

    def summary_message(self, name: str, message: str) -> str:
        """An error as the summary lists it: the question first, as the intake's summary does."""
        question = QUESTIONS_BY_KEY.get(name)
        if question is not None and name in self.safety_keys:
            return f"{short_wording(question)} {message}"
        return str(message)

    def answers(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "heel_pain": data["heel_pain"],
            "thigh_pain": data["thigh_pain"],
            "safety_answers": {key: data[key] for key in self.safety_keys},
        }


class CheckInForm(forms.Form):
    """Page 2 of a check-in: the global rating of change, the days the programme was done, the PSFS and
    the LEFS; sending it completes the check-in. ``activities``: the PSFS activities named at an earlier
    check-in (the patient rates the same ones again); none at the first, where the patient names up to
    three."""

    use_required_attribute = False  # the server checks every answer; the browser never blocks a submit

    global_change = _radio(
        _("Since you started your plan, how is your problem overall?"),
        [(value, label) for value, label in reversed(GlobalChange.choices)],
        _("Choose how your problem is overall"),
    )
    adherence_days = _radio(
        _("In the last 7 days, on how many days did you do your exercises?"),
        _DAY_CHOICES,
        _("Choose how many days, from 0 to 7"),
    )

    PLAN_FIELDS = ("global_change", "adherence_days")
    # Number scales drawn in a row that wraps (clinic.css .question-scale), so a phone page stays short.
    SCALE_FIELDS = ("adherence_days",)

    def __init__(self, *args, activities: Sequence[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.activities = list(activities)[:PSFS_MAX_ACTIVITIES]
        self._add_psfs_fields()
        for number, item in enumerate(LEFS_ITEMS, start=1):
            self.fields[lefs_name(number)] = _radio(
                format_lazy("{}. {}", number, _(item)), LEFS_CHOICES_TRANSLATED, _("Choose one answer.")
            )

    def _add_psfs_fields(self) -> None:
        if self.activities:
            for number, activity in enumerate(self.activities, start=1):
                self.fields[f"psfs_score_{number}"] = _radio(
                    activity, _PSFS_CHOICES, _("Choose a number from 0 to 10 for this activity")
                )
            return
        for number in range(1, PSFS_MAX_ACTIVITIES + 1):
            self.fields[f"psfs_activity_{number}"] = forms.CharField(
                label=format_lazy(_("Activity {number}"), number=number)
                if number == 1
                else optional(format_lazy(_("Activity {number}"), number=number)),
                max_length=100,
                required=number == 1,
                error_messages={"required": _("Name at least one activity you find hard because of your problem")},
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
            self.fields[f"psfs_score_{number}"] = forms.TypedChoiceField(
                label=format_lazy(_("How well can you do activity {number} today?"), number=number),
                help_text=_("0 means unable to do it, 10 means able to do it as well as before your problem."),
                choices=_PSFS_CHOICES,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect(attrs=RADIO_ATTRS),
            )

    def clean(self):
        cleaned = super().clean()
        if not self.activities:
            for number in range(1, PSFS_MAX_ACTIVITIES + 1):
                named = (cleaned.get(f"psfs_activity_{number}") or "").strip()
                rated = cleaned.get(f"psfs_score_{number}")
                if named and rated is None:
                    self.add_error(f"psfs_score_{number}", _("Choose a number from 0 to 10 for this activity"))
                elif rated is not None and not named:
                    self.add_error(f"psfs_activity_{number}", _("Name the activity you rated, or clear its rating"))
        return cleaned

    # --- What the page draws, group by group ---------------------------------------------------------

    def _bound(self, names) -> list[BoundField]:
        return [self[name] for name in names if name in self.fields]

    @property
    def plan_group(self) -> list[BoundField]:
        return self._bound(self.PLAN_FIELDS)

    @property
    def scale_names(self) -> set[str]:
        return {*self.SCALE_FIELDS, *(name for name in self.fields if name.startswith("psfs_score_"))}

    @property
    def psfs_group(self) -> list[BoundField]:
        return [self[name] for name in self.fields if name.startswith("psfs_")]

    @property
    def lefs_group(self) -> list[BoundField]:
        return self._bound(lefs_name(number) for number in range(1, len(LEFS_ITEMS) + 1))

    def summary_message(self, name: str, message: str) -> str:
        """An error as the summary lists it: a LEFS item's question first, as the intake's summary does."""
        if name.startswith("lefs_"):
            return f"{self.fields[name].label} {message}"
        return str(message)

    # --- The answers as the service takes them ------------------------------------------------------

    def answers(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            **{name: data[name] for name in self.PLAN_FIELDS},
            "lefs_items": [data[lefs_name(number)] for number in range(1, len(LEFS_ITEMS) + 1)],
            "psfs": self.psfs_ratings(),
        }

    def psfs_ratings(self) -> list[PsfsRating]:
        data = self.cleaned_data
        if self.activities:
            return [
                PsfsRating(activity, data[f"psfs_score_{number}"])
                for number, activity in enumerate(self.activities, start=1)
            ]
        ratings = []
        for number in range(1, PSFS_MAX_ACTIVITIES + 1):
            named = (data.get(f"psfs_activity_{number}") or "").strip()
            if named:
                ratings.append(PsfsRating(named, data[f"psfs_score_{number}"]))
        return ratings
