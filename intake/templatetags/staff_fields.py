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
from django.utils.html import conditional_escape, format_html, format_html_join
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


def _attributes(attrs: dict) -> SafeString:
    """As Django's attrs.html: True as a bare name, False left out."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(format_html(" {}", name))
        elif value is not False and value is not None:
            parts.append(format_html(' {}="{}"', name, str(value)))
    return mark_safe("".join(parts))  # noqa: S308 - every part built by format_html


def _control(widget_context: dict) -> SafeString:
    widget = widget_context
    attrs = _attributes(widget["attrs"])
    if widget["template_name"].endswith("textarea.html"):
        return format_html('<textarea name="{}"{}>\n{}</textarea>', widget["name"], attrs, widget["value"] or "")
    if widget["template_name"].endswith("select.html"):
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            (
                (str(option["value"]), _attributes(option["attrs"]), option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html('<select name="{}"{}>\n{}\n</select>', widget["name"], attrs, options)
    value = format_html(' value="{}"', str(widget["value"])) if widget["value"] is not None else ""
    return format_html('<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], value, attrs)


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
        return _control(widget.get_context(bound.html_name, bound.value(), attrs)["widget"])
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
    label = format_html(
        '<label for="{}" class="form-label{}">{}{}</label>',
        bound.id_for_label,
        " requiredField" if required else "",
        bound.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
    )
    error_html = ""
    if errors:
        error_html = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            bound.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((number, bound.auto_id, error) for number, error in enumerate(errors, start=1)),
            ),
        )
    help_html = ""
    if bound.help_text:
        help_html = format_html(
            '<div id="{}_helptext" class="form-text">{}</div>', bound.auto_id, conditional_escape(bound.help_text)
        )
    return format_html(
        '<div id="div_{}" class="mb-3">{}{}{}{}</div>', bound.auto_id, label, control, error_html, help_html
    )
