"""`{% path %}`: the `{% url %}` of the links on every page, without a `reverse()` each.

The site's header links a dozen views on every page; `reverse()` walks the URL resolver for
each (about a quarter of a millisecond a page). `tracker.links.url` reverses each view once
per process. `{% path "view" arg %}` and `{% path "view" as name %}` as `{% url %}` has them.
"""

from django import template

from tracker import links

register = template.Library()


@register.simple_tag
def path(viewname, *args):
    return links.url(viewname, *args)
