"""Forms of the staff dashboard. They parse and validate; the services in intake/services/ write.

Every form that changes a case carries the case ``version`` it was built from (optimistic locking).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError

from intake.models import (
    FIRST_VISIT_FINDINGS,
    CloseReason,
    Differential,
    Exercise,
    Finding,
    ItemKind,
    NoteKind,
    OverrideReason,
    Pathway,
    ReferralDestination,
    ReferralOutcome,
    TimeOfDay,
    Urgency,
    WorkingDiagnosis,
    validate_other_explained,
)
from intake.selectors import STATUS_FILTERS, STATUS_OPEN, QueueFilters
from intake.services import FreeTextItem, PlanItemChange
from intake.whatif_models import WhatIfBaseline


class QueueFilterForm(forms.Form):
    """The queue's filters and search (GET). Anything invalid falls back to the default queue.

    The one form not rendered with crispy: it sits on the page staff load most, where crispy's
    templates cost more than the rest of the page. The widgets carry Bootstrap's classes instead.
    """

    q = forms.CharField(
        label="Reference or patient name",
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "e.g. K7QM-3XDA, Smith or José", "class": "form-control"}
        ),
    )
    status = forms.ChoiceField(label="Status", choices=STATUS_FILTERS, required=False, initial=STATUS_OPEN)
    pathway = forms.ChoiceField(
        label="Suggested pathway",
        choices=[("", "Any pathway"), *Pathway.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    urgency = forms.ChoiceField(
        label="Urgency",
        choices=[("", "Any urgency"), *Urgency.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    mine = forms.BooleanField(
        label="Assigned to me", required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )

    def filters(self) -> QueueFilters:
        if not self.is_bound or not self.is_valid():
            return QueueFilters()
        data = self.cleaned_data
        return QueueFilters(
            status=data["status"] or STATUS_OPEN,
            pathway=data["pathway"],
            urgency=data["urgency"],
            assigned_to_me=data["mine"],
            search=data["q"].strip(),
        )


class VersionForm(forms.Form):
    """A button that changes the case: assign to me, close."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AcknowledgeForm(VersionForm):
    rule_id = forms.CharField(widget=forms.HiddenInput, max_length=32)
    note = forms.CharField(
        label="What was done (optional)",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "e.g. phoned the patient, sent to A&E"}),
    )


class _OtherExplainedForm(VersionForm):
    """A choice with an Other that needs words (models.validate_other_explained), drawn inside the
    page's own <form> tag."""

    def clean(self):
        data = super().clean()
        try:
            validate_other_explained(data)
        except ValidationError as error:
            self.add_error(None, error)
        return data

    @property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        return helper


class OverrideForm(_OtherExplainedForm):
    pathway = forms.ChoiceField(label="Pathway you decide on", choices=Pathway.choices)
    reason = forms.ChoiceField(label="Reason", choices=OverrideReason.choices)
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when the reason is Other.",
    )


class ReferForm(_OtherExplainedForm):
    destination = forms.ChoiceField(label="Refer to", choices=ReferralDestination.choices)
    note = forms.CharField(
        label="Referral note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What you told the patient and the receiving clinician. Required for Other.",
    )


class PlanItemForm(forms.Form):
    """One plan item's dose, instructions and staff notes."""

    item_id = forms.IntegerField(widget=forms.HiddenInput)
    sets = forms.IntegerField(label="Sets", required=False, min_value=1, max_value=50)
    reps = forms.IntegerField(label="Reps", required=False, min_value=1, max_value=500)
    hold_seconds = forms.IntegerField(label="Hold (s)", required=False, min_value=1, max_value=3600)
    frequency = forms.CharField(label="How often", required=False, max_length=100)
    time_of_day = forms.ChoiceField(label="When", choices=TimeOfDay.choices)
    duration = forms.CharField(
        label="For how long",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "e.g. 6 weeks"}),
    )
    patient_instructions = forms.CharField(
        label="Instructions for the patient",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Plain words the patient reads on the handout. No diagnosis.",
    )

    staff_notes = forms.CharField(
        label="Notes for staff",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),  # as drawn for a short note (see __init__)
        help_text="Never shown to the patient.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Long texts show whole: the box grows with what it holds instead of hiding lines behind a scroll.
        for name in ("patient_instructions", "staff_notes"):
            text = str(self[name].value() or "")
            rows = max(3, min(20, len(text) // 80 + text.count("\n") + 2))
            if self.fields[name].widget.attrs["rows"] != rows:
                # This form's own copy of the field (the definition is shared by every item's form).
                self.fields[name] = copy.deepcopy(self.fields[name])
                self.fields[name].widget.attrs["rows"] = rows
                self._bound_fields_cache.pop(name, None)  # bound to the shared field above

    def change(self) -> PlanItemChange:
        data = self.cleaned_data
        return PlanItemChange(
            item_id=data["item_id"],
            sets=data["sets"],
            reps=data["reps"],
            hold_seconds=data["hold_seconds"],
            frequency=data["frequency"].strip(),
            time_of_day=data["time_of_day"],
            patient_instructions=data["patient_instructions"].strip(),
            staff_notes=data["staff_notes"].strip(),
            duration=data["duration"].strip(),
        )


class _SharedFields(dict):
    """A form's field definitions, shared by every item's form instead of deep-copied for each (as
    Django's ``BaseForm.__init__`` does with ``base_fields``). Nothing writes to them once the class is
    built: values, errors and the attributes drawn per field live on the form and its bound fields, the
    plan editor's fields are drawn by staff_fields.py, which never writes to a widget, and a text whose
    box needs other ``rows`` than the shared one gets its own copy (``PlanItemForm.__init__``). A case
    page with 30 items deep-copied 270 fields, the time-of-day choices each time."""

    def __deepcopy__(self, memo: dict) -> dict:
        return dict(self)


PlanItemForm.base_fields = _SharedFields(PlanItemForm.base_fields)

PlanItemFormSet = forms.formset_factory(PlanItemForm, extra=0, max_num=200, absolute_max=200)


class PlanEditForm(VersionForm):
    """The plan editor's own fields: which button was pressed, and the exercise to add."""

    # Values: save, approve, add, add_own, up:<item id>, down:<item id>, remove:<item id>
    op = forms.CharField(max_length=32)
    add_exercise = forms.TypedChoiceField(
        label="Add from the exercise library", required=False, coerce=int, empty_value=None
    )
    own_name = forms.CharField(label="Or write your own item: its name", required=False, max_length=120)
    own_kind = forms.ChoiceField(label="Kind", choices=ItemKind.choices, initial=ItemKind.ADVICE, required=False)
    own_instructions = forms.CharField(
        label="Instructions for the patient",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="In the patient's language. Plain words, no diagnosis.",
    )

    def __init__(self, *args, exercises: Sequence[Exercise] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["add_exercise"].choices = [("", "Choose an exercise or advice...")] + [
            (exercise.pk, f"{exercise.code} · {exercise.name}") for exercise in exercises
        ]

    def clean_op(self) -> tuple[str, int | None]:
        raw = self.cleaned_data["op"]
        name, _, argument = raw.partition(":")
        if name in ("save", "approve", "add", "add_own") and not argument:
            return name, None
        if name in ("up", "down", "remove") and argument.isdigit():
            return name, int(argument)
        raise forms.ValidationError("Unknown action.")

    def clean(self):
        data = super().clean()
        op = data.get("op")
        if op and op[0] == "add" and not data.get("add_exercise"):
            self.add_error("add_exercise", "Choose the exercise or advice to add.")
        if op and op[0] == "add_own":
            if not data.get("own_name", "").strip():
                self.add_error("own_name", "Give your item a name.")
            if not data.get("own_instructions", "").strip():
                self.add_error("own_instructions", "Write the instructions the patient reads.")
        return data

    def free_text_item(self) -> FreeTextItem | None:
        data = self.cleaned_data
        if data["op"][0] != "add_own":
            return None
        return FreeTextItem(
            name=data["own_name"].strip(),
            kind=data["own_kind"] or ItemKind.ADVICE,
            patient_instructions=data["own_instructions"].strip(),
        )


class CloseForm(_OtherExplainedForm):
    """Closing a case: why (Other needs the note)."""

    close_reason = forms.ChoiceField(label="Reason", choices=CloseReason.choices)
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when the reason is Other.",
    )


# --- The first visit, notes and the contact log -----------------------------------------------------------

IDENTIFIER_WARNING = (
    "Do not paste the patient's name, phone number, e-mail or date of birth: the case already holds them, "
    "and a note that repeats them is refused."
)


class FirstVisitForm(VersionForm):
    """The examination findings (each positive, negative or not done) and the working diagnosis."""

    # Which button was pressed; Enter in a field saves.
    op = forms.ChoiceField(choices=[("save", "Save"), ("sign", "Save and sign")], required=False)
    working_diagnosis = forms.ChoiceField(label="Working diagnosis", choices=WorkingDiagnosis.choices)
    differential = forms.ChoiceField(
        label="With Other: which condition",
        choices=[("", "—"), *Differential.choices],
        required=False,
        help_text="The other heel and thigh conditions of the clinical guidance (section 3.4).",
    )
    diagnosis_note = forms.CharField(
        label="Reasoning (optional; required for a condition not listed)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=IDENTIFIER_WARNING,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (label, meaning) in FIRST_VISIT_FINDINGS.items():
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=Finding.choices,
                initial=Finding.NOT_DONE,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                help_text=meaning,
            )

    def clean(self):
        data = super().clean()
        diagnosis, differential = data.get("working_diagnosis"), data.get("differential")
        if differential and diagnosis != WorkingDiagnosis.OTHER:
            self.add_error("differential", "Choose a condition here only when the working diagnosis is Other.")
        elif diagnosis == WorkingDiagnosis.OTHER and not differential and not data.get("diagnosis_note", "").strip():
            self.add_error("differential", "Choose the condition, or describe it, when the working diagnosis is Other.")
        elif differential == Differential.NOT_LISTED and not data.get("diagnosis_note", "").strip():
            self.add_error("diagnosis_note", "Describe the condition when it is not listed.")
        return data

    def finding_fields(self):
        return [self[name] for name in FIRST_VISIT_FINDINGS]

    def values(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[name]
            for name in (*FIRST_VISIT_FINDINGS, "working_diagnosis", "differential", "diagnosis_note")
        }


class NoteForm(forms.Form):
    """A case note or a contact-log line."""

    kind = forms.ChoiceField(label="What", choices=NoteKind.choices, initial=NoteKind.NOTE)
    text = forms.CharField(
        label="Note",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=IDENTIFIER_WARNING,
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == NoteKind.NOTE and not data.get("text", "").strip():
            self.add_error("text", "Write the note, or choose a contact outcome.")
        return data


class AddendumForm(forms.Form):
    text = forms.CharField(
        label="Addendum",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Added below the signed record, which stays as it was. " + IDENTIFIER_WARNING,
    )


class ReferralFindingForm(forms.Form):
    """What a referral or a red flag turned out to be, as the clinic heard it."""

    outcome = forms.ChoiceField(label="What the referral found", choices=ReferralOutcome.choices)
    note = forms.CharField(
        label="Details (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Who found what, e.g. “MRI: disc prolapse, no compression”. " + IDENTIFIER_WARNING,
    )


class WhatIfForm(forms.Form):
    """Choose a candidate rule set by name, among those the candidates folder holds."""

    candidate = forms.ChoiceField(label="Candidate rule set")
    baseline = forms.ChoiceField(
        label="Compare with", choices=WhatIfBaseline.choices, initial=WhatIfBaseline.STORED, widget=forms.RadioSelect
    )

    def __init__(self, *args, candidates: Sequence[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].choices = [("", "Choose a candidate"), *candidates]
