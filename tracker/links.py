"""Links to records, without a full `reverse()` for each one.

A table page links every row, and its organisations, sector and declaration: `reverse()` walks
the URL resolver each time. `url()` reverses a view once per process with placeholders, then
fills them in, quoting each argument as `reverse()` quotes it. `tests/test_links.py` checks
that both give the same URLs.
"""

from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse
from django.urls.resolvers import RFC3986_SUBDELIMS

SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted


def _placeholder(index):
    # Matches the slug and str converters (the routes of our records' pages), and quote()
    # leaves it as it is.
    return f"9{index}placeholder{index}9"


@lru_cache(maxsize=256)
def _template(viewname, arity, prefix, urlconf):
    return reverse(viewname, args=[_placeholder(i) for i in range(arity)], urlconf=urlconf)


def url(viewname, *args):
    """What `reverse(viewname, args=args)` returns, for arguments its patterns accept."""
    return _fill(_template(viewname, len(args), get_script_prefix(), get_urlconf()), args)


def url_maker(viewname, arity=1):
    """`url` for many records of one view: the URL prefix and URLconf are read once."""
    template = _template(viewname, arity, get_script_prefix(), get_urlconf())
    return lambda *args: _fill(template, args)


def _fill(path, args):
    for index, arg in enumerate(args):
        path = path.replace(_placeholder(index), quote(str(arg), safe=SAFE), 1)
    return path
