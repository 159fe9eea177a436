"""The sector and commitment pages' lists of projects, written in one pass.

Fifty projects, each with a link, a kind and its organisations' names, cost the template
engine a loop in a loop; this writes the same markup directly, escaped as the template would.
"""

from django import template
from django.utils.safestring import SafeString

from tracker.html import fmt

register = template.Library()

ITEM = '<li><a href="{}">{}</a> <span class="meta">{}{}</span></li>'


@register.simple_tag
def project_items(projects):
    """`projects` as list items; each needs `organisation_names`, its organisations' labels
    (`Organisation.label`), as `tables.organisation_labels()` reads them."""
    items = []
    for project in projects:
        names = ", ".join(project.organisation_names)
        items.append(
            fmt(
                ITEM,
                project.get_absolute_url(),
                project.name,
                project.get_kind_display(),
                f" · {names}" if names else "",
            )
        )
    return SafeString("\n".join(items))
