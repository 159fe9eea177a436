"""The filter form of the table pages, written in one pass.

Each table page shows every filter with all its choices; rendered through Django's widget
templates, option by option, the form cost more than the table's rows. The markup is Django's
own for these widgets (checkbox groups in a fieldset named by a legend, selects, text inputs).
"""

from django import forms, template
from django.forms.widgets import ChoiceWidget
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from tracker.html import Kept, esc, fmt, fmt_join

register = template.Library()

FIELD = '<div class="field{}"><label for="{}">{}</label>{}</div>'
FIELDSET = '<fieldset class="field{}"><legend>{}</legend><div id="{}">{}</div></fieldset>'
CHECKBOX = (
    '<div><label for="{0}_{1}"><input type="checkbox" name="{2}" value="{3}" id="{0}_{1}"{4}>'
    " {5}</label></div>"
)
SELECT = '<select name="{}" id="{}"{}>{}</select>'
OPTION = '<option value="{}"{}>{}</option>'
CHECKED = " checked"
SELECTED = " selected"
MULTIPLE = " multiple"
INPUT = '<input type="{}" name="{}"{}{}>'
VALUE = ' value="{}"'
ATTR = ' {}="{}"'
FLAG = " {}"
# Widgets whose template is Django's input.html (the others only include it).
INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "search", "number", "email", "url", "date", "time")
}


@register.simple_tag
def filter_fields(form):
    return SafeString("".join(field_html(field) for field in form))


# The filters whose choices are written in the code (not read from the database) are written
# once per process for each language, choice made and error state (the last thousand): their
# labels, looked up choice by choice, were a third of the form's time.
FIELDS = Kept()


def field_html(field):
    widget = field.field.widget
    if not isinstance(widget, ChoiceWidget) or isinstance(field.field, forms.ModelChoiceField):
        return write_field(field)
    key = (
        type(field.form),
        field.html_name,
        field.auto_id,
        get_language(),
        bool(field.errors),
        tuple(value for value, _ in widget.choices),
        tuple(sorted(chosen_values(widget, field.value()))),
    )
    return FIELDS.get_or_write(key, lambda: write_field(field))


def write_field(field):
    error = " field-error" if field.errors else ""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        chosen = chosen_values(widget, field.value())
        boxes = fmt_join(
            "",
            CHECKBOX,
            (
                (
                    field.auto_id,
                    i,
                    field.html_name,
                    value,
                    CHECKED if str(value) in chosen else "",
                    label,
                )
                for i, (value, label) in enumerate(widget.choices)
            ),
        )
        return fmt(FIELDSET, error, field.label, field.auto_id, boxes)
    if type(widget) in (forms.Select, forms.SelectMultiple, forms.NullBooleanSelect):
        chosen = chosen_values(widget, field.value())
        options = fmt_join(
            "",
            OPTION,
            (
                (value, SELECTED if str(value) in chosen else "", label)
                for value, label in widget.choices
            ),
        )
        multiple = MULTIPLE if widget.allow_multiple_selected else ""
        control = fmt(SELECT, field.html_name, field.auto_id, multiple, options)
    elif widget.template_name in INPUT_TEMPLATES and not field.field.localize:
        control = input_html(field, widget)
    else:
        control = field.as_widget()
    return fmt(FIELD, error, field.id_for_label, field.label, control)


def input_html(field, widget):
    """An <input> as BoundField.as_widget() writes it through input.html, without the template
    engine (on a table page that took longer than the rest of the form)."""
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    value = "" if context["value"] is None else fmt(VALUE, context["value"])
    attrs_html = "".join(
        FLAG.format(esc(name)) if value is True else ATTR.format(esc(name), esc(value))
        for name, value in context["attrs"].items()
        if value is not False
    )
    return fmt(INPUT, context["type"], context["name"], value, SafeString(attrs_html))


def chosen_values(widget, value):
    """The chosen values as strings, as the widget's own template compares them."""
    formatted = widget.format_value(value)  # a list, or one string for NullBooleanSelect
    return {formatted} if isinstance(formatted, str) else set(formatted)
