"""The filter form of the table pages, written in one pass.

Each table page shows every filter with all its choices; rendered through Django's widget
templates, option by option, the form cost more than the table's rows. The markup is Django's
own for these widgets (checkbox groups in a fieldset named by a legend, selects, text inputs).
"""

from django import forms, template
from django.utils.html import format_html, format_html_join

register = template.Library()

FIELD = '<div class="field{}"><label for="{}">{}</label>{}</div>'
FIELDSET = '<fieldset class="field{}"><legend>{}</legend><div id="{}">{}</div></fieldset>'
CHECKBOX = (
    '<div><label for="{0}_{1}"><input type="checkbox" name="{2}" value="{3}" id="{0}_{1}"{4}>'
    " {5}</label></div>"
)
SELECT = '<select name="{}" id="{}">{}</select>'
OPTION = '<option value="{}"{}>{}</option>'
CHECKED = " checked"
SELECTED = " selected"


@register.simple_tag
def filter_fields(form):
    return format_html_join("", "{}", ((field_html(field),) for field in form))


def field_html(field):
    error = " field-error" if field.errors else ""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        chosen = {str(value) for value in field.value() or ()}
        boxes = format_html_join(
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
                for i, (value, label) in enumerate(field.field.choices)
            ),
        )
        return format_html(FIELDSET, error, field.label, field.auto_id, boxes)
    if type(widget) is forms.Select:
        value = field.value()
        current = "" if value is None else str(value)
        options = format_html_join(
            "",
            OPTION,
            (
                (choice, SELECTED if str(choice) == current else "", label)
                for choice, label in field.field.choices
            ),
        )
        control = format_html(SELECT, field.html_name, field.auto_id, options)
    else:
        control = field.as_widget()
    return format_html(FIELD, error, field.id_for_label, field.label, control)
