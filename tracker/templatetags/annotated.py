"""`{% annotated_status commitment %}`: a commitment's line in the annotated declaration, its
link and each side's lifecycle badge, written in one pass.

The declaration's three dozen commitments went through a template include each (a context
pushed, a dozen nodes resolved): over a quarter of the page's time. This writes the markup the
include wrote (kept in tests/reference/annotated_status.html; `tests/test_annotated.py`
compares the two in every language).
"""

from django import template
from django.utils.translation import gettext

from tracker.html import fmt
from tracker.templatetags.badges import badge

register = template.Library()

LINE = (
    '<p class="annotated-status" id="c-{}">\n'
    '  <a href="{}" class="ref">{} · {}</a>\n'
    '  <span class="side-badge">{}: {}</span>\n'
    '  <span class="side-badge">{}: {}</span>\n'
    "</p>"
)


@register.simple_tag
def annotated_status(commitment):
    return fmt(
        LINE,
        commitment.reference,
        commitment.get_absolute_url(),
        commitment.reference,
        commitment.title,
        gettext("Japan"),
        badge(commitment.japan_status, commitment.get_japan_status_display()),
        gettext("India"),
        badge(commitment.india_status, commitment.get_india_status_display()),
    )
