"""The plan editor's fields, drawn in Python instead of through crispy's and Django's widget templates.

A case page with 30 plan items draws some 240 fields; through ``|as_crispy_field`` each one rendered
five or six templates, which was most of the page's cost. ``|plan_field`` writes the same elements with
the same attributes (the wrapper, the label with its required mark, the control with its classes,
aria-invalid and aria-describedby, the error and the help text), so the page looks and reads the same to
a screen reader; tests/test_fast_pages.py compares the two on every field, blank and with errors.
A hidden field is drawn as ``{{ field }}`` draws it. Only the widgets the plan editor uses are drawn
here; any other falls back to crispy.
"""

from __future__ import annotations

import datetime
import html
import re

from django import forms, template
from django.template.defaultfilters import linebreaksbr
from django.utils.dates import MONTHS_3
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language

register = template.Library()


_SPECIAL = re.compile("[&<>\"']").search  # what html.escape replaces


def _escape(value: object) -> str:
    """Django's ``escape`` without its lazy-string wrapper (which cost more than the escaping, at some
    fifty calls per plan item): the same ``html.escape`` of the value as text, quotes included, and the
    text as it is when it holds nothing to escape (most do: ids, names, classes, numbers)."""
    text = str(value)
    return html.escape(text) if _SPECIAL(text) else text


def _conditional_escape(value: object) -> str:
    """Django's ``conditional_escape`` (safe text as it is, the rest escaped) over ``_escape``."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape(value)


# The classes crispy's bootstrap5 pack gives each widget (its "<widget name> form-control").
CONTROL_CLASSES = {
    forms.NumberInput: "numberinput form-control",
    forms.TextInput: "textinput form-control",
    forms.Textarea: "textarea form-control",
    forms.Select: "select form-select",
    forms.HiddenInput: "",  # the control alone, as {{ field }} draws it
}


def _attributes(attrs: dict) -> str:
    """As Django's attrs.html: True as a bare name, False left out (names are the widgets' own)."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {name}")
        elif value is not False and value is not None:
            text = str(value)  # _escape, written out: some forty attributes an item
            parts.append(f' {name}="{html.escape(text) if _SPECIAL(text) else text}"')
    return "".join(parts)


def _control(widget: dict) -> str:
    """The control as Django's input, textarea and select templates write it (values escaped here)."""
    attrs = _attributes(widget["attrs"])
    name = _escape(widget["name"])
    if widget["template_name"].endswith("textarea.html"):
        return f'<textarea name="{name}"{attrs}>\n{_conditional_escape(widget["value"] or "")}</textarea>'
    if widget["template_name"].endswith("select.html"):
        options = "\n".join(
            f'<option value="{_escape(option["value"])}"{_attributes(option["attrs"])}>'
            f"{_conditional_escape(option['label'])}</option>"
            for _group, group_options, _index in widget["optgroups"]
            for option in group_options
        )
        return f'<select name="{name}"{attrs}>\n{options}\n</select>'
    value = f' value="{_escape(widget["value"])}"' if widget["value"] is not None else ""
    return f'<input type="{widget["type"]}" name="{name}"{value}{attrs}>'


# Choice labels are mostly lazy translations (TextChoices), the same objects in every copy of a form (a
# lazy string's deepcopy is itself): translated and escaped once per language, not once per option drawn.
# Keyed by identity, the label kept alongside so its id cannot be reused; a handful of labels in practice.
_LABELS: dict[int, tuple[object, dict[str, str]]] = {}


def _label(label: object, language: str | None) -> str:
    if not isinstance(label, Promise):
        return _conditional_escape(label)
    entry = _LABELS.get(id(label))
    if entry is None or entry[0] is not label:
        if len(_LABELS) > 2000:  # labels made on the fly (format_lazy): never let them pile up
            _LABELS.clear()
        entry = _LABELS[id(label)] = (label, {})
    text = entry[1].get(language)
    if text is None:
        text = entry[1][language] = _conditional_escape(label)
    return text


def _select(widget: forms.Select, name: str, value: object, attrs: dict) -> str | None:
    """A plain select straight from its choices, as Django's optgroups and option template write it (the
    first matching option selected), without a dict per option; None for grouped choices."""
    chosen = widget.format_value(value)
    language = get_language()
    options = []
    has_selected = False
    for option_value, label in widget.choices:
        if isinstance(label, (list, tuple)):
            return None
        option_value = "" if option_value is None else option_value
        selected = not has_selected and str(option_value) in chosen
        has_selected |= selected
        mark = " selected" if selected else ""
        options.append(f'<option value="{_escape(option_value)}"{mark}>{_label(label, language)}</option>')
    attributes = _attributes(widget.build_attrs(widget.attrs, attrs))
    return f'<select name="{_escape(name)}"{attributes}>\n' + "\n".join(options) + "\n</select>"


@register.filter
def plan_field(bound: forms.BoundField) -> SafeString:
    """One field as crispy's bootstrap5 field template draws it, without rendering a template."""
    return _field(bound, "p")


def _field(bound: forms.BoundField, error_tag: str) -> SafeString:
    """``error_tag``: each error's element, a <p> under ``|as_crispy_field`` and a <span> (errors
    "inline") under ``{% crispy %}``."""
    widget = bound.field.widget
    css = CONTROL_CLASSES.get(type(widget))
    if css is None:
        from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

        return as_crispy_field(bound)
    if widget.is_hidden:
        if type(widget) is forms.HiddenInput:
            # What build_widget_attrs gives a hidden input: never required, no aria, disabled if the field is.
            attrs = {"disabled": True} if bound.field.disabled else {}
        else:
            attrs = bound.build_widget_attrs({}, widget)
        bound_id = bound.auto_id
        if bound_id and "id" not in widget.attrs:
            attrs["id"] = bound_id
        return mark_safe(_control(widget.get_context(bound.html_name, bound.value(), attrs)["widget"]))  # noqa: S308
    errors = bound.form.errors.get(bound.name)  # None for none: BoundField.errors builds an empty list
    bound_id = bound.auto_id
    attrs = {"class": f"{css} is-invalid" if errors else css}
    if errors:
        attrs["aria-invalid"] = "true"
        described = [f"{bound_id}_helptext"] if bound.help_text else []
        attrs["aria-describedby"] = " ".join([*described, f"{bound_id}_error"])
    attrs = _widget_attrs(bound, widget, attrs, errors, bound_id)
    if bound_id and "id" not in widget.attrs:
        attrs["id"] = bound_id
    control = None
    value = bound.value()
    if type(widget) is forms.Select:
        control = _select(widget, bound.html_name, value, attrs)
    if control is None:
        control = _control(widget.get_context(bound.html_name, value, attrs)["widget"])
    required = bound.field.required
    auto_id = _escape(bound_id)
    mark = " requiredField" if required else ""
    asterisk = '<span class="asteriskField">*</span>' if required else ""
    text = _conditional_escape(bound.label)
    label_for = widget.id_for_label(widget.attrs.get("id") or bound_id)  # BoundField.id_for_label
    label = f'<label for="{_escape(label_for)}" class="form-label{mark}">{text}{asterisk}</label>'
    error_html = ""
    if errors:
        lines = "".join(
            f'<{error_tag} id="error_{number}_{auto_id}"><strong>{_conditional_escape(error)}</strong></{error_tag}>'
            for number, error in enumerate(errors, start=1)
        )
        error_html = f'<div id="{auto_id}_error" class="invalid-feedback">{lines}</div>'
    help_html = ""
    if bound.help_text:
        help_html = f'<div id="{auto_id}_helptext" class="form-text">{bound.help_text}</div>'
    # Every value above is escaped (escape/conditional_escape) but the help text, which crispy writes as it
    # is (|safe): the forms' own words, never what someone typed. The rest is this module's own markup.
    return mark_safe(f'<div id="div_{auto_id}" class="mb-3">{label}{control}{error_html}{help_html}</div>')  # noqa: S308


def _widget_attrs(bound: forms.BoundField, widget: forms.Widget, attrs: dict, errors, bound_id: str) -> dict:
    """``BoundField.build_widget_attrs`` for a visible widget (hidden ones go through Django's own) with the
    field's errors and id worked out once, not five times (each look-up of a field's errors built an
    empty error list): the same attributes, in the same order, for the single widgets drawn here."""
    field = bound.field
    if hasattr(field, "require_all_fields"):  # a MultiValueField: Django's own rules
        return bound.build_widget_attrs(attrs, widget)
    attrs = dict(attrs)
    if widget.use_required_attribute(bound.initial) and field.required and bound.form.use_required_attribute:
        attrs["required"] = True
    if field.disabled:
        attrs["disabled"] = True
    if errors:
        attrs["aria-invalid"] = "true"
    if not attrs.get("aria-describedby") and not widget.use_fieldset and not field.widget.attrs.get("aria-describedby"):
        described = []
        if bound_id:
            if bound.help_text:
                described.append(f"{bound_id}_helptext")
            if errors:
                described.append(f"{bound_id}_error")
        if described:
            attrs["aria-describedby"] = " ".join(described)
    return attrs


@register.filter
def radio_tag(radio: forms.boundfield.BoundWidget) -> SafeString:
    """One radio's ``<input>`` as ``{{ radio.tag }}`` draws it (Django's input template), without a template."""
    return mark_safe(_control(radio.data))  # noqa: S308  (every value escaped in _control)


@register.filter
def crispy_form(form: forms.Form) -> SafeString:
    """A form as ``{% crispy form %}`` draws it with a helper that has no layout, no form tag and no CSRF
    field (the case page's override, refer and close forms): its fields in order. A form with errors
    of its own (not of a field) is drawn by crispy itself."""
    helper = getattr(form, "helper", None)
    drawn_here = all(type(field.widget) in CONTROL_CLASSES for field in form.fields.values())
    if form.non_field_errors() or not drawn_here or helper is None or helper.layout is not None or helper.form_tag:
        from crispy_forms.utils import render_crispy_form

        return mark_safe(render_crispy_form(form, helper))  # noqa: S308  (crispy's own output)
    return mark_safe("".join(_field(form[name], "span") for name in form.fields))  # noqa: S308


def _legend(item, number: int) -> str:
    kind = "Advice" if item.kind == "advice" else "Exercise"
    code = f' <span class="small text-body-secondary">{_escape(item.exercise.code)}</span>' if item.exercise else ""
    return (
        f'<legend class="h6 mb-2">{number}. {_escape(item.name)} '
        f'<span class="badge text-bg-light border">{kind}</span>{code}</legend>'
    )


def _dose_fields(form: forms.Form, item) -> str:
    sets, reps, hold = form["sets"], form["reps"], form["hold_seconds"]
    if item.kind == "advice" and not sets.value() and not reps.value() and not hold.value():
        # Advice has no sets or repetitions: no empty boxes (shown again if someone gave it a dose).
        hidden = "".join(
            f'<input type="hidden" name="{_escape(bound.html_name)}" value="{_escape(_or_blank(bound.value()))}">'
            for bound in (sets, reps, hold)
        )
        doses = f'{hidden}<div class="col-sm-4">{plan_field(form["frequency"])}</div>'
    else:
        doses = "".join(
            f'<div class="col-sm-2">{plan_field(form[name])}</div>'
            for name in ("sets", "reps", "hold_seconds", "frequency")
        )
    rest = "".join(f'<div class="col-sm-2">{plan_field(form[name])}</div>' for name in ("time_of_day", "duration"))
    return f'<div class="row g-2 dose-fields">{doses}{rest}</div>'


def _or_blank(value: object) -> object:
    return "" if value is None else value


@register.simple_tag
def plan_item(entry: dict, number: int) -> SafeString:
    """One item of the plan editor, the ``<li>`` the case page's loop drew per item through some forty
    template nodes, written in one pass (tests/test_fast_pages.py compares it with that markup)."""
    form, item = entry["form"], entry["item"]
    pk = _escape(item.pk)
    name = _escape(item.name)
    errors = form.non_field_errors()
    error_html = f'<div class="alert alert-danger">{errors}</div>' if errors else ""
    buttons = (
        f'<button type="submit" name="op" value="up:{pk}" class="btn btn-outline-secondary btn-sm" '
        f'aria-label="Move {name} up"{" disabled" if entry["first"] else ""}>Move up</button>'
        f'<button type="submit" name="op" value="down:{pk}" class="btn btn-outline-secondary btn-sm" '
        f'aria-label="Move {name} down"{" disabled" if entry["last"] else ""}>Move down</button>'
        f'<button type="submit" name="op" value="remove:{pk}" class="btn btn-outline-danger btn-sm" '
        f'aria-label="Remove {name}">Remove</button>'
    )
    texts = plan_field(form["patient_instructions"]) + plan_field(form["staff_notes"])
    # Every value is escaped (escape/conditional_escape, the error list is Django's own); the rest is markup.
    return mark_safe(  # noqa: S308
        f'<li class="plan-item card mb-2" id="item-{pk}"><fieldset class="card-body py-2">'
        f"{_legend(item, number)}{plan_field(form['item_id'])}{error_html}{_dose_fields(form, item)}"
        '<div class="d-flex flex-wrap align-items-start gap-2">'
        f'<div class="item-texts flex-grow-1">{texts}</div>'
        f'<div class="item-actions d-flex gap-2">{buttons}</div>'
        "</div></fieldset></li>"
    )


def _day_and_time(at: datetime.datetime) -> str:
    """``at|date:"j M, H:i"`` (the month's abbreviation in the page's language) without parsing the format."""
    return f"{at.day} {MONTHS_3[at.month].title()}, {at.hour:02d}:{at.minute:02d}"


@register.simple_tag
def timeline_entry(event: dict) -> SafeString:
    """One timeline entry (``presenter.timeline``) as the case page's loop drew it through its template
    nodes: its time in the page's time zone, label, who, summary and text (tests/test_fast_case_page.py)."""
    at = template_localtime(event["at"])
    label, actor = _conditional_escape(event["label"]), _conditional_escape(event["actor"])
    summary = f"<div>{_conditional_escape(event['summary'])}</div>" if event["summary"] else ""
    text = f'<div class="timeline-text">{linebreaksbr(event["text"])}</div>' if event["text"] else ""
    # Every value is escaped (conditional_escape, linebreaksbr escapes first); the rest is markup.
    return mark_safe(  # noqa: S308
        f'<li class="timeline-event event-{_conditional_escape(event["action"])}">\n'
        f'<time datetime="{_escape(at.isoformat())}">{_escape(_day_and_time(at))}</time>\n'
        f'<span class="fw-semibold">{label}</span> · {actor}\n'
        f"{summary}\n{text}\n</li>"
    )
