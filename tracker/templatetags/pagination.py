"""`{% table_pagination table %}`: a table page's links to the other pages, written in one pass.

Through the template engine, the ten page links, each a `querystring_replace` reading the
query string anew, and their conditions were a fifteenth of a table page (1.2 ms of the
commitments table's 20). This writes the markup tracker/table.html wrote (kept in
tests/reference/pagination.html; `tests/test_pagination.py` compares the two), with the links
`querystring_replace` made: the query string as it came, the page number replaced or added.
"""

from django import template
from django.utils.formats import localize
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django_tables2.templatetags.django_tables2 import table_page_range

from tracker.html import esc, fmt

register = template.Library()

NAV = '<nav class="pagination" aria-label="{}">\n<p>{}</p>\n<ul>\n{}</ul>\n</nav>\n'
PREVIOUS = '<li><a rel="prev" href="{}">{}</a></li>\n'
NEXT = '<li><a rel="next" href="{}">{}</a></li>\n'
GAP = "<li><span>…</span></li>\n"
CURRENT = '<li><span aria-current="page">{}</span></li>\n'
OTHER = '<li><a href="{}">{}</a></li>\n'


@register.simple_tag(takes_context=True)
def table_pagination(context, table):
    page = getattr(table, "page", None)  # none when the table is not paginated
    if not page or not table.paginator.num_pages > 1:
        return ""
    paginator = table.paginator
    params = dict(context["request"].GET)
    field = table.prefixed_page_field

    def href(number):
        return "?" + urlencode({**params, field: number}, doseq=True)

    # A LazyPaginator (many rows, or the updates table) does not count: no total to give.
    if getattr(paginator, "look_ahead", None):
        label = gettext("Page %(number)s") % {"number": esc(localize(page.number))}
    else:
        label = gettext("Page %(number)s of %(count)s") % {
            "number": esc(localize(page.number)),
            "count": esc(localize(paginator.num_pages)),
        }
    items = []
    if page.has_previous():
        items.append(fmt(PREVIOUS, href(page.previous_page_number()), gettext("Previous")))
    for number in table_page_range(page, paginator):
        if number == "...":
            items.append(GAP)
        elif number == page.number:
            items.append(fmt(CURRENT, localize(number)))
        else:
            items.append(fmt(OTHER, href(number), localize(number)))
    if page.has_next():
        items.append(fmt(NEXT, href(page.next_page_number()), gettext("Next")))
    return fmt(NAV, gettext("Pages"), SafeString(label), SafeString("".join(items)))
