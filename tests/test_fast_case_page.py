"""The case page drawn without crispy's and Django's per-field templates (issue 19, second pass): every
form and every plan item reads exactly as the templates drew it, blank and with errors."""

import datetime
from types import SimpleNamespace

import pytest
from django import forms
from django.template import Context, Template
from django.test.html import parse_html
from django.utils import timezone, translation

from intake.staff.forms import (
    FIRST_VISIT_FINDINGS,
    AcknowledgeForm,
    AddendumForm,
    CloseForm,
    FirstVisitForm,
    NoteForm,
    OverrideForm,
    PlanEditForm,
    PlanItemForm,
    PlanItemFormSet,
    ReferForm,
    ReferralFindingForm,
)

# The plan item as the case page's loop drew it before the item was written in Python (its markup, kept
# here as the reference the Python version must match).
ITEM_TEMPLATE = """{% load staff_fields %}{% with form=entry.form item=entry.item %}
<li class="plan-item card mb-2" id="item-{{ item.pk }}">
  <fieldset class="card-body py-2">
    <legend class="h6 mb-2">{{ number }}. {{ item.name }} <span class="badge text-bg-light border">{% if item.kind == "advice" %}Advice{% else %}Exercise{% endif %}</span>{% if item.exercise %} <span class="small text-body-secondary">{{ item.exercise.code }}</span>{% endif %}</legend>
    {{ form.item_id|plan_field }}
    {% if form.non_field_errors %}<div class="alert alert-danger">{{ form.non_field_errors }}</div>{% endif %}
    <div class="row g-2 dose-fields">
      {% if item.kind == "advice" and not form.sets.value and not form.reps.value and not form.hold_seconds.value %}
        <input type="hidden" name="{{ form.sets.html_name }}" value="{{ form.sets.value|default_if_none:'' }}">
        <input type="hidden" name="{{ form.reps.html_name }}" value="{{ form.reps.value|default_if_none:'' }}">
        <input type="hidden" name="{{ form.hold_seconds.html_name }}" value="{{ form.hold_seconds.value|default_if_none:'' }}">
        <div class="col-sm-4">{{ form.frequency|plan_field }}</div>
      {% else %}
        <div class="col-sm-2">{{ form.sets|plan_field }}</div>
        <div class="col-sm-2">{{ form.reps|plan_field }}</div>
        <div class="col-sm-2">{{ form.hold_seconds|plan_field }}</div>
        <div class="col-sm-2">{{ form.frequency|plan_field }}</div>
      {% endif %}
      <div class="col-sm-2">{{ form.time_of_day|plan_field }}</div>
      <div class="col-sm-2">{{ form.duration|plan_field }}</div>
    </div>
    <div class="d-flex flex-wrap align-items-start gap-2">
      <div class="item-texts flex-grow-1">
        {{ form.patient_instructions|plan_field }}
        {{ form.staff_notes|plan_field }}
      </div>
      <div class="item-actions d-flex gap-2">
        <button type="submit" name="op" value="up:{{ item.pk }}" class="btn btn-outline-secondary btn-sm" aria-label="Move {{ item.name }} up"{% if entry.first %} disabled{% endif %}>Move up</button>
        <button type="submit" name="op" value="down:{{ item.pk }}" class="btn btn-outline-secondary btn-sm" aria-label="Move {{ item.name }} down"{% if entry.last %} disabled{% endif %}>Move down</button>
        <button type="submit" name="op" value="remove:{{ item.pk }}" class="btn btn-outline-danger btn-sm" aria-label="Remove {{ item.name }}">Remove</button>
      </div>
    </div>
  </fieldset>
</li>{% endwith %}"""  # noqa: E501


def item_forms(data: dict | None = None):
    initial = [
        {"item_id": 7, "sets": 3, "reps": 10, "hold_seconds": None, "frequency": "once a day",
         "time_of_day": "any_time", "duration": "6 weeks", "patient_instructions": "Slowly <then> hold",
         "staff_notes": ""},
        {"item_id": 8, "sets": None, "reps": None, "hold_seconds": None, "frequency": "",
         "time_of_day": "any_time", "duration": "", "patient_instructions": "Walk \"a bit\" & rest",
         "staff_notes": "x"},
    ]  # fmt: skip
    return PlanItemFormSet(data=data, initial=initial, prefix="items").forms


def items():
    exercise = SimpleNamespace(code="PF-01 <calf>")
    return [
        SimpleNamespace(pk=7, name='Calf & "soleus" stretch', kind="exercise", exercise=exercise),
        SimpleNamespace(pk=8, name="Footwear <advice>", kind="advice", exercise=None),
    ]


WRONG_ITEMS = {
    "items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "2",
    "items-0-item_id": "7", "items-0-sets": "999", "items-0-reps": "many", "items-0-time_of_day": "never",
    "items-0-patient_instructions": "", "items-0-staff_notes": "x" * 4001,
    "items-1-item_id": "8", "items-1-sets": "2", "items-1-time_of_day": "any_time",
    "items-1-patient_instructions": "Rest",
}  # fmt: skip


@pytest.mark.parametrize("data", [None, WRONG_ITEMS], ids=["blank", "with errors"])
@pytest.mark.parametrize("advice_kind", ["advice", "exercise"])
def test_each_plan_item_reads_as_the_template_drew_it(data, advice_kind):
    """Legend, kind badge, library code, dose boxes (hidden for advice without a dose), texts, the
    move and remove buttons with their labels and disabled states, errors: element by element."""
    forms = item_forms(data)
    if data is not None:
        forms[0].add_error(None, "Someone removed this item.")  # a non-field error is drawn too
    reference = Template(ITEM_TEMPLATE)
    ours = Template("{% load staff_fields %}{% plan_item entry number %}")
    for index, (form, item) in enumerate(zip(forms, items(), strict=True)):
        item.kind = advice_kind if index == 1 else item.kind
        entry = {"form": form, "item": item, "first": index == 0, "last": index == 1}
        context = Context({"entry": entry, "number": index + 1})
        assert parse_html(ours.render(context)) == parse_html(reference.render(context)), (index, advice_kind)
    if data is None and advice_kind == "advice":
        assert 'type="hidden" name="items-1-sets"' in ours.render(Context({"entry": entry, "number": 2}))


def case_forms(data: dict | None):
    """Every form the case page draws field by field, with the data given (None: blank)."""
    first_visit = FirstVisitForm(data=data, initial={"version": 1})
    return [
        AcknowledgeForm(data=data, initial={"version": 1, "rule_id": "RF1"}),
        AddendumForm(data=data),
        first_visit,
        PlanEditForm(data=data, initial={"version": 1, "op": "save"},
                     exercises=[SimpleNamespace(pk=3, code="PF-01", name="Calf <stretch>")]),
        NoteForm(data=data),
        ReferralFindingForm(data=data),
    ]  # fmt: skip


WRONG_FORMS = {"version": "x", "note": "n" * 600, "text": "t" * 5000, "working_diagnosis": "nonsense",
               "op": "add_own", "own_name": " ", "kind": "nope", "outcome": "?"}  # fmt: skip


@pytest.mark.parametrize("data", [None, WRONG_FORMS], ids=["blank", "with errors"])
def test_each_case_page_field_reads_as_crispy_drew_it(data):
    """Every visible field of the other case-page forms (acknowledge, addendum, first visit, add to the
    plan, note, referral finding): label, required mark, control, aria-invalid, error, help text."""
    crispy = Template("{% load crispy_forms_tags %}{{ field|as_crispy_field }}")
    ours = Template("{% load staff_fields %}{{ field|plan_field }}")
    compared = 0
    for form in case_forms(data):
        if data is not None:
            form.is_valid()
        for bound in form:
            if bound.is_hidden or bound.name in FIRST_VISIT_FINDINGS:  # the findings' radios: below
                continue
            context = Context({"field": bound})
            assert parse_html(ours.render(context)) == parse_html(crispy.render(context)), (form, bound.name)
            compared += 1
    assert compared >= 12


@pytest.mark.parametrize("data", [None, {"version": "1"}], ids=["blank", "with errors"])
def test_each_first_visit_radio_is_the_input_django_writes(data):
    form = FirstVisitForm(data=data, initial={"version": 1})
    if data:
        form.is_valid()
    tag = Template("{% load staff_fields %}{{ radio|radio_tag }}")
    radios = [radio for field in form.finding_fields() for radio in field]
    assert radios
    for radio in radios:
        assert tag.render(Context({"radio": radio})) == str(radio.tag())
    if data is None:  # each finding starts at "not done", ticked
        assert sum(" checked" in str(radio.tag()) for radio in radios) == len(FIRST_VISIT_FINDINGS)


OTHER_WITHOUT_WORDS = {"version": "1", "pathway": "other", "reason": "other", "destination": "other",
                       "close_reason": "other"}  # fmt: skip


FIELD_ERRORS = {"version": "x", "comment": "c" * 2000, "note": "n" * 2000}


@pytest.mark.parametrize(
    "data", [None, FIELD_ERRORS, OTHER_WITHOUT_WORDS], ids=["blank", "field errors", "form errors"]
)
@pytest.mark.parametrize("form_class", [OverrideForm, ReferForm, CloseForm])
def test_override_refer_and_close_read_as_crispy_drew_them(form_class, data):
    form = form_class(data=data, initial={"version": 1}, auto_id="id_x_%s")
    if data is not None:
        form.is_valid()
    crispy = Template("{% load crispy_forms_tags %}{% crispy form %}")
    ours = Template("{% load staff_fields %}{{ form|crispy_form }}")
    context = Context({"form": form})
    assert parse_html(ours.render(context)) == parse_html(crispy.render(context))


def test_a_choice_label_follows_the_language_it_is_drawn_in():
    """Translated labels are kept per language: a Spanish page after an English one says Spanish."""
    form = item_forms()[0]
    template = Template("{% load staff_fields %}{{ field|plan_field }}")
    with translation.override("en"):
        assert ">Any time</option>" in template.render(Context({"field": form["time_of_day"]}))
    with translation.override("es"):
        assert ">A cualquier hora</option>" in template.render(Context({"field": form["time_of_day"]}))
    with translation.override("en"):
        assert ">Any time</option>" in template.render(Context({"field": form["time_of_day"]}))


TIMELINE_TEMPLATE = """<li class="timeline-event event-{{ event.action }}">
  <time datetime="{{ event.at|date:'c' }}">{{ event.at|date:"j M, H:i" }}</time>
  <span class="fw-semibold">{{ event.label }}</span> · {{ event.actor }}
  {% if event.summary %}<div>{{ event.summary }}</div>{% endif %}
  {% if event.text %}<div class="timeline-text">{{ event.text|linebreaksbr }}</div>{% endif %}
</li>"""


@pytest.mark.parametrize(
    "summary,text",
    [("", ""), ("Assigned to <Ann> & 'Bo'", ""), ("", "Rang twice.\nNo answer <left> a message & 'hi'")],
)
def test_each_timeline_entry_reads_as_the_template_drew_it(summary, text, settings):
    """Time (in the clinic's time zone: an entry near midnight UTC shows the local date), label, who,
    summary and text with its line breaks."""
    settings.TIME_ZONE = "America/New_York"
    at = datetime.datetime(2026, 3, 1, 2, 30, tzinfo=datetime.UTC)  # 28 Feb in New York
    event = {"at": at, "label": "Case <assigned>", "actor": "Dr O'Brien", "summary": summary, "text": text,
             "action": "case_assigned"}  # fmt: skip
    with timezone.override("America/New_York"):
        reference = Template(TIMELINE_TEMPLATE).render(Context({"event": event}))
        ours = Template("{% load staff_fields %}{% timeline_entry event %}").render(Context({"event": event}))
    assert parse_html(ours) == parse_html(reference)
    assert "28 Feb, 21:30" in ours
    assert "</time>\n<span" in ours  # a space between the time and the label, as the template left one


class EveryFieldCopied(PlanItemForm):
    """The plan item's form as Django builds it by default: every field deep-copied for each form."""

    base_fields = dict(PlanItemForm.base_fields)


@pytest.mark.parametrize("data", [None, WRONG_ITEMS], ids=["blank", "with errors"])
def test_item_forms_that_share_their_fields_read_as_forms_that_copy_them(data):
    """The plan editor's item forms share their field definitions (a text whose box needs more rows gets
    its own copy): each still draws its own values, errors and box heights, the same markup as forms that
    copy every field, and building or drawing them changes no shared definition."""
    shared = dict(PlanItemForm.base_fields)
    attrs = {name: dict(field.widget.attrs) for name, field in shared.items()}
    copied = forms.formset_factory(EveryFieldCopied, extra=0)
    initial = [form.initial for form in item_forms()]
    theirs = copied(data=data, initial=initial, prefix="items").forms
    ours = item_forms(data)
    tag = Template("{% load staff_fields %}{% plan_item entry number %}")
    drawn = []
    for index, item in enumerate(items()):
        pair = []
        for form in (ours[index], theirs[index]):
            entry = {"form": form, "item": item, "first": index == 0, "last": index == 1}
            pair.append(tag.render(Context({"entry": entry, "number": index + 1})))
        assert parse_html(pair[0]) == parse_html(pair[1]), index
        drawn.append(pair[0])
    if data is not None:
        assert 'value="999"' in drawn[0] and "Enter a whole number." in drawn[0]  # reps "many"
        assert 'value="2"' in drawn[1] and "is-invalid" not in drawn[1] and "999" not in drawn[1]
        assert ours[0].errors and not ours[1].errors
    assert ours[0].fields["sets"] is ours[1].fields["sets"]  # shared indeed
    if data is not None:  # a long note: its own box of 20 rows, the other item's stays at 3
        assert 'rows="20"' in drawn[0] and 'rows="20"' not in drawn[1] and 'rows="3"' in drawn[1]
        assert ours[0].fields["staff_notes"] is not PlanItemForm.base_fields["staff_notes"]
        assert ours[1].fields["staff_notes"] is PlanItemForm.base_fields["staff_notes"]
    assert {name: dict(field.widget.attrs) for name, field in PlanItemForm.base_fields.items()} == attrs
    blank = item_forms()[0]
    assert not blank.errors and "is-invalid" not in tag.render(
        Context({"entry": {"form": blank, "item": items()[0], "first": True, "last": False}, "number": 1})
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_timeline_time_reads_as_the_date_filter_writes_it(language):
    """Day, month abbreviation (in the page's language), hours and minutes, every month, before and after noon."""
    from django.template.defaultfilters import date

    from intake.templatetags.staff_fields import _day_and_time

    with translation.override(language):
        for month in range(1, 13):
            for hour, minute in ((0, 5), (9, 0), (13, 45), (23, 59)):
                at = datetime.datetime(2026, month, month + 9, hour, minute, tzinfo=datetime.UTC)
                assert _day_and_time(at) == date(at, "j M, H:i"), at
