"""Real Chromium against a live server with the declaration loaded.

One browser for the whole session, one context (cookies, viewport) per test. The browser is
Debian's `/usr/bin/chromium` (`make install` installs it); axe-core comes from
`tests/browser/node_modules` (`npm ci` in this folder, also run by `make install`).
"""

import importlib
import json
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test.testcases import LiveServerThread
from playwright.sync_api import sync_playwright

BROWSER_DIR = Path(__file__).resolve().parent
AXE_JS = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = BROWSER_DIR.parent / "artifacts"
CHROMIUM = os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
DECLARATION = "joint-declaration-economic-security-2025"

# Every browser test writes through the live server and reads back what it wrote, so the test
# and the server must share committed data: transactional tests. Their flush empties the
# tables afterwards; serialized_rollback restores the migrations' rows (groups, permissions)
# before each test, and `site_data` loads the declaration again.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _passthrough(application):
    # Static files are served the way production serves them: WhiteNoise, from STATIC_ROOT,
    # with the hashed names `make test`'s collectstatic wrote (staticfiles' finders know none).
    return application


class LiveSite:
    """A Django server on a free localhost port, in a thread, sharing in-memory SQLite."""

    def __init__(self):
        overrides = {}
        for connection in connections.all():
            if connection.vendor == "sqlite" and connection.is_in_memory_db():
                overrides[connection.alias] = connection
                connection.inc_thread_sharing()
        self._overrides = overrides
        self.thread = LiveServerThread(
            "localhost", static_handler=_passthrough, connections_override=overrides
        )
        self.thread.daemon = True
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            raise self.thread.error
        self.url = f"http://localhost:{self.thread.port}"

    def __call__(self, path):
        return self.url + path

    def stop(self):
        self.thread.terminate()
        for connection in self._overrides.values():
            connection.dec_thread_sharing()


@pytest.fixture(scope="session")
def live_site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        site = LiveSite()
    yield site
    site.stop()


@pytest.fixture(scope="session")
def browser():
    # Playwright's synchronous API keeps an event loop in this thread; the ORM calls the tests
    # make between browser steps are ordinary blocking calls, not calls from async code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def ensure_groups():
    """The groups the migrations create, in case an earlier transactional test's flush took them.

    (serialized_rollback restores them when Django serialized the database at its creation,
    which depends on which tests the session collected.)
    """
    groups = importlib.import_module("tracker.migrations.0002_groups").GROUPS
    for name, codenames in groups.items():
        group, _ = Group.objects.get_or_create(name=name)
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


@pytest.fixture
def site_data(transactional_db, django_db_serialized_rollback, live_site):
    """The declaration, loaded as `make run` loads it, and no page cached by an earlier test."""
    cache.clear()
    ensure_groups()
    call_command("load_declaration", verbosity=0)
    return live_site


@pytest.fixture
def new_context(browser, site_data):
    """Open browser contexts (English by default) and close them after the test."""
    contexts = []

    def make(width=1280, height=900, locale="en-GB", **options):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale=locale,
            # The site's Content-Security-Policy forbids injected scripts; axe-core is one.
            bypass_csp=True,
            accept_downloads=True,
            **options,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def run_axe(page):
    """Run axe-core's WCAG 2.0/2.1 A and AA rules on the page.

    Returns {"violations": [...], "incomplete": [...]}: what fails, and what axe could not
    decide and a person must check.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                resultTypes: ['violations', 'incomplete'],
            });
            const brief = (items) => items.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
            }));
            return {violations: brief(result.violations), incomplete: brief(result.incomplete)};
        }"""
    )


def describe_violations(violations):
    return json.dumps(violations, indent=1, ensure_ascii=False)[:6000]


def login(page, site, username, password=PASSWORD):
    page.goto(site("/accounts/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
