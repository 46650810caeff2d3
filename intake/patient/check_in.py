"""The follow-up check-in a patient answers from their private link: heel and thigh pain, the global
rating of change, and how many days they did the programme (no account)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from intake.models import GlobalChange

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
