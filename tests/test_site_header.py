"""Every page's header comes from templates/includes/site_header.html; for readers who are not
logged in it is kept per language and address (tracker/templatetags/site_header.py)."""

import pytest
from django.conf import settings
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from tests.factories import UserFactory
from tracker.templatetags import site_header

pytestmark = pytest.mark.django_db

PAGES = ["/", "/commitments/?sector=ict&sort=-title", "/commitments/", "/methodology/"]


def header_of(html):
    return html[html.index('<header class="site-header">') : html.index("</header>")]


@pytest.mark.parametrize("language", ["en", "ja", "hi"])
def test_a_kept_header_is_the_header_the_template_writes_for_that_page(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    site_header.KEPT.clear()
    template = engines["django"].from_string('{% include "includes/site_header.html" %}')
    for url in PAGES:
        first = client.get(url).content.decode()
        kept = client.get(url).content.decode()  # from what the first request kept
        request = RequestFactory().get(url)
        with translation.override(language):
            fresh = template.render({"LANGUAGE_CODE": language}, request)
        assert header_of(kept) == header_of(first) == header_of(fresh)
    # Each address its own: the dashboard marked as the current page only on itself, and each
    # language link returning to the page it was followed from.
    dashboard, filtered, table, _ = (header_of(client.get(u).content.decode()) for u in PAGES)
    assert 'aria-current="page"' in dashboard and 'aria-current="page"' not in table
    assert "next=/commitments/%3Fsector%3Dict%26sort%3D-title" in filtered
    assert "next=/commitments/%3F" not in table and "next=/commitments/" in table


def test_a_logged_in_readers_header_is_their_own_and_never_kept(client):
    for name in ("first-official", "second-official"):
        client.force_login(UserFactory(username=name))
        header = header_of(client.get("/").content.decode())
        assert f"Log out {name}" in header
        assert 'name="csrfmiddlewaretoken"' in header
    client.logout()
    header = header_of(client.get("/").content.decode())
    assert "Log out" not in header and ">Log in</a>" in header


def test_each_language_keeps_its_own_header(client):
    for language in ("en", "ja", "hi"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        header = header_of(client.get("/methodology/").content.decode())
        assert f'<span lang="{language}" aria-current="true">' in header
