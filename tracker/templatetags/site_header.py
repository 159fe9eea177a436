"""`{% site_header %}`: the header of every page (the site's name, its navigation, the reader's
account links and the language switcher), from templates/includes/site_header.html.

For a reader who is not logged in, the header depends only on the language and the page's
address, and its dozen links, translations and language links cost a millisecond a page, as
much as a small page's query. It is rendered once for each language and address (the last
thousand) and kept; a logged-in reader's header, with their name, permissions and the logout
form's CSRF token, is rendered every time.
"""

from django import template
from django.urls import get_script_prefix
from django.utils.translation import get_language

from tracker.html import Kept

register = template.Library()

TEMPLATE = "includes/site_header.html"
KEPT = Kept()


@register.simple_tag(takes_context=True)
def site_header(context):
    header = context.template.engine.get_template(TEMPLATE)
    request, user = context.get("request"), context.get("user")
    if request is None or user is None or user.is_authenticated:
        return render(header, context)
    key = (get_language(), get_script_prefix(), request.get_full_path())
    return KEPT.get_or_write(key, lambda: render(header, context))


def render(header, context):
    with context.push():  # its variables stay its own, as an include's
        return header.render(context)
