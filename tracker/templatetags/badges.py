"""`{% badge value label %}`: a status badge, the same markup as the tables' cells.

A template include per badge (three per update, on pages that list updates) cost more than
the rest of an update's markup; this writes the badge directly, escaped as the template was.
"""

from django import template
from django.utils.translation import gettext

from tracker import template_code
from tracker.html import fmt

register = template.Library()


@register.simple_tag
def badge(value, label):
    """A status word as text, with a shape and colour beside it; 'Not reported' without one."""
    if value:
        return fmt(template_code.STATUS_BADGE, value, value, label)
    return fmt(template_code.NOT_REPORTED_BADGE, gettext("Not reported"))
