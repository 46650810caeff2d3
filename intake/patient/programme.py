"""The daily checklist on the patient's plan page: the exercises done today, today's pain (0-10) and
an optional note. A plain form: it works on a phone without JavaScript."""

from __future__ import annotations

from collections.abc import Iterable

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from intake.models import ItemKind, PlanItem, ProgrammeDay

_PAIN_CHOICES = [(value, str(value)) for value in range(11)]
NOTE_MAX_LENGTH = 500


def exercise_items(items: Iterable[PlanItem]) -> list[PlanItem]:
    """The items a patient ticks: the exercises (advice, like footwear, is not a session to tick)."""
    return [item for item in items if item.kind == ItemKind.EXERCISE]


def ticked_on(items: Iterable[PlanItem], *, entry: ProgrammeDay) -> list[int]:
    """The ``items`` already ticked in today's ``entry``. A plan revised since the patient saved has new
    items (copies): an exercise ticked on the earlier version stays ticked on the new one (the same
    library exercise, or the same name for the physiotherapist's own items), so saving again keeps it."""
    ticked = [tick.item for tick in entry.ticks.all()]
    ids = {item.pk for item in ticked}
    same = {(item.exercise_id, item.name) for item in ticked}
    return [item.pk for item in items if item.pk in ids or (item.exercise_id, item.name) in same]


class ProgrammeDayForm(forms.Form):
    """Today's entry. ``items``: the plan's exercises, offered as checkboxes."""

    use_required_attribute = False

    done = forms.TypedMultipleChoiceField(
        label=_("Which exercises did you do today?"),
        help_text=_("Tick each one you did. Leave it empty if you did none today."),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Your plan has changed since you opened this page: open your link again."),
        },
    )
    pain = forms.TypedChoiceField(
        label=_("How bad is your pain today?"),
        help_text=_("0 means no pain, 10 the worst pain you can imagine."),
        choices=_PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a number from 0 to 10 for your pain today")},
    )
    note = forms.CharField(
        label=_("A note for your physiotherapist (optional)"),
        help_text=_("For example, what made it easier or harder. Do not use it for urgent problems: call the clinic."),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Please keep your note to %(limit_value)d characters (it has %(show_value)d)"),
        },
    )

    def __init__(self, *args, items: Iterable[PlanItem], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["done"].choices = [(item.pk, item.name) for item in items]

    @classmethod
    def for_today(cls, data, *, items: list[PlanItem], entry: ProgrammeDay | None) -> ProgrammeDayForm:
        """The form as posted, or else showing what was already saved today (if anything)."""
        initial = {}
        if entry is not None:
            initial = {"done": ticked_on(items, entry=entry), "pain": entry.pain, "note": entry.note}
        return cls(data, items=items, initial=initial)

    @property
    def helper(self) -> FormHelper:
        helper = FormHelper(self)
        helper.form_tag = False
        helper.disable_csrf = True
        return helper
