"""HTML written in Python on the pages' hot paths: the tables' cells and the filter form.

The same escaping as Django's `format_html` (a value with `__html__` is trusted as it is, any
other is escaped as `django.utils.html.escape` escapes it), without its per-argument checks for
lazy strings: on a table page of 25 rows these helpers run thousands of times.
"""

from functools import lru_cache
from html import escape as _escape

from django.conf import settings
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from django.utils.translation import get_language


def esc(value):
    """`value` as HTML: a safe string as it is, anything else escaped."""
    html = getattr(value, "__html__", None)
    if html is not None:
        return html()
    return _escape(str(value))


def fmt(template, *args):
    """`template.format()` with every argument escaped: `format_html`, faster."""
    return SafeString(template.format(*map(esc, args)))


def fmt_join(separator, template, rows):
    """`format_html_join`, faster: `template` filled with each row's escaped values."""
    return SafeString(separator.join(template.format(*map(esc, row)) for row in rows))


class Kept(dict):
    """HTML written once per key and kept, for markup that depends only on its key (a table's
    header, a filter): the last `size` keys, all forgotten when full."""

    def __init__(self, size=1000):
        super().__init__()
        self.size = size

    def get_or_write(self, key, write):
        html = self.get(key)
        if html is None:
            html = write()
            if len(self) >= self.size:
                self.clear()
            self[key] = html
        return html


def number_text(value):
    """`{{ value }}` for a number, localised as the template engine writes it. A whole number
    is written as it is when no thousands separator is set (Django then adds nothing), without
    the three format lookups of `formats.localize`: a charts page writes some two thousand."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return formats.localize(value)


def date_text(value, format_name):
    """`{{ value|date:format_name }}`: a date, or a moment in the reader's time zone, as the
    reader's language writes it. The same few hundred dates recur on page after page, and
    Django's formatter reads its format character by character (a twelfth of the dashboard
    for its 50 dates): each is written once per process, language and time zone."""
    value = template_localtime(value)
    return _date_text(value, getattr(value, "tzinfo", None), format_name, get_language())


@lru_cache(maxsize=8192)
def _date_text(value, tzinfo, format_name, language):
    # tzinfo is part of the key: moments equal in UTC compare equal whatever their zone.
    return formats.date_format(value, format_name)
