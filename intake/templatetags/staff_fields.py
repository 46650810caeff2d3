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

from django import forms, template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

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
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


def _control(widget: dict) -> str:
    """The control as Django's input, textarea and select templates write it (values escaped here)."""
    attrs = _attributes(widget["attrs"])
    name = escape(widget["name"])
    if widget["template_name"].endswith("textarea.html"):
        return f'<textarea name="{name}"{attrs}>\n{conditional_escape(widget["value"] or "")}</textarea>'
    if widget["template_name"].endswith("select.html"):
        options = "\n".join(
            f'<option value="{escape(option["value"])}"{_attributes(option["attrs"])}>'
            f"{conditional_escape(option['label'])}</option>"
            for _group, group_options, _index in widget["optgroups"]
            for option in group_options
        )
        return f'<select name="{name}"{attrs}>\n{options}\n</select>'
    value = f' value="{escape(widget["value"])}"' if widget["value"] is not None else ""
    return f'<input type="{widget["type"]}" name="{name}"{value}{attrs}>'


@register.filter
def plan_field(bound: forms.BoundField) -> SafeString:
    """One field as crispy's bootstrap5 field template draws it, without rendering a template."""
    widget = bound.field.widget
    css = CONTROL_CLASSES.get(type(widget))
    if css is None:
        from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

        return as_crispy_field(bound)
    if widget.is_hidden:
        attrs = bound.build_widget_attrs({}, widget)
        if bound.auto_id and "id" not in widget.attrs:
            attrs["id"] = bound.auto_id
        return mark_safe(_control(widget.get_context(bound.html_name, bound.value(), attrs)["widget"]))  # noqa: S308
    errors = bound.errors
    attrs = {"class": f"{css} is-invalid" if errors else css}
    if errors:
        attrs["aria-invalid"] = "true"
        described = [f"{bound.auto_id}_helptext"] if bound.help_text else []
        attrs["aria-describedby"] = " ".join([*described, f"{bound.auto_id}_error"])
    attrs = bound.build_widget_attrs(attrs, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs["id"] = bound.auto_id
    control = _control(widget.get_context(bound.html_name, bound.value(), attrs)["widget"])
    required = bound.field.required
    auto_id = escape(bound.auto_id)
    mark = " requiredField" if required else ""
    asterisk = '<span class="asteriskField">*</span>' if required else ""
    text = conditional_escape(bound.label)
    label = f'<label for="{escape(bound.id_for_label)}" class="form-label{mark}">{text}{asterisk}</label>'
    error_html = ""
    if errors:
        lines = "".join(
            f'<p id="error_{number}_{auto_id}"><strong>{conditional_escape(error)}</strong></p>'
            for number, error in enumerate(errors, start=1)
        )
        error_html = f'<div id="{auto_id}_error" class="invalid-feedback">{lines}</div>'
    help_html = ""
    if bound.help_text:
        help_html = f'<div id="{auto_id}_helptext" class="form-text">{conditional_escape(bound.help_text)}</div>'
    # Every value above is escaped (escape/conditional_escape); the rest is this module's own markup.
    return mark_safe(f'<div id="div_{auto_id}" class="mb-3">{label}{control}{error_html}{help_html}</div>')  # noqa: S308
