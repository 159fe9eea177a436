"""`{% overdue_item commitment %}`: a commitment in the dashboard's list of those overdue for an
update, its link, sector and due date, written in one pass.

Ten items of a dozen template nodes each, two date filters among them, were a sixth of the
dashboard's rendering. This writes the markup the template wrote (kept in
tests/reference/overdue_item.html; `tests/test_overdue_item.py` compares the two in every
language).
"""

from django import template
from django.utils.translation import gettext

from tracker.html import fmt
from tracker.templatetags.updates import time_tag

register = template.Library()

ITEM = '<li><a href="{}">{} {}</a>\n          <span class="meta">{} · {} {}</span></li>'


@register.simple_tag
def overdue_item(commitment):
    """`commitment` with its sector and declaration (for its link) selected."""
    return fmt(
        ITEM,
        commitment.get_absolute_url(),
        commitment.reference,
        commitment.title,
        commitment.sector.name,
        gettext("due"),
        time_tag(commitment.next_update_due, "Y-m-d"),
    )
