"""Who may open what: every URL of the site against every role, in one table.

`MATRIX` has a row for every URL the URL configuration knows (by name, or for the admin's
uniform views by a name pattern). The first test walks the URL configuration and fails on any
URL without a row: a new page cannot ship unchecked. Add its row here, with the status each role
must get:

    ANON  anonymous reader            JP   official of Japan (point of contact for 8.1)
    IN    official of India (8.3)     REV  reviewer
    ANA   analyst                     ADM  administrator (staff, superuser)

`get` lists the six statuses for GET, in that order; `post` those for a POST with the CSRF token
and an empty form (None: not posted, as for the admin's own views). Every GET of every URL for
every role leaves the database unchanged (writes are POST-only), and every POST without a CSRF
token is refused with 403.
"""

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.conftest import make_official
from tests.factories import EvidenceFactory, StatusUpdateFactory, UserFactory, published_update
from tracker.models import (
    Commitment,
    ComplianceAssessment,
    Declaration,
    Organisation,
    Project,
    ReminderLog,
    SavedFilter,
)

pytestmark = pytest.mark.django_db

ROLES = ["ANON", "JP", "IN", "REV", "ANA", "ADM"]

PUBLIC = "200 200 200 200 200 200"
LOGIN_REQUIRED = "302 200 200 200 200 200"
NOT_ALLOWED = "405 405 405 405 405 405"
STAFF_ONLY = "302 302 302 302 302 200"  # others are sent to the admin's login page
ALL_REDIRECTED = "302 302 302 302 302 302"
NO_ONE = "302 302 302 302 302 403"  # refused to staff as well


@dataclass(frozen=True)
class Row:
    get: str
    post: str | None = NOT_ALLOWED
    # Builds the URL from the world (see `world`) and the URL's name; default: reverse(name).
    url: Callable | None = None


def kw(**kwargs):
    """A URL builder: reverse(name, kwargs) with values taken from the world."""
    return lambda w, name: reverse(name, kwargs={k: v(w) for k, v in kwargs.items()})


def admin_model_url(w, name):
    """An admin URL of a model's view, for that model's first row."""
    app_label, rest = name.removeprefix("admin:").split("_", 1)
    for model in apps.get_app_config(app_label).get_models():
        prefix = f"{model._meta.model_name}_"
        if rest.startswith(prefix):
            suffix = rest.removeprefix(prefix)
            obj = model._default_manager.order_by("pk").first()
            if suffix in ("changelist", "add") or suffix.endswith(("import", "export")):
                return reverse(name)
            if suffix == "simple_history":
                return reverse(name, args=[obj.pk, obj.history.order_by("pk").first().pk])
            if suffix == "password_change":
                return reverse(name, args=[obj.pk])
            return reverse(name, kwargs={"object_id": obj.pk})
    raise AssertionError(f"no model for {name}")


def admin_object_redirect(w, route):
    """`admin/<app>/<model>/<object_id>/`, which redirects to the change page."""
    app_label, model_name = route.split("/")[1:3]
    model = apps.get_model(app_label, model_name)
    return f"/{route.split('<')[0]}{model._default_manager.order_by('pk').first().pk}/"


commitment_kwargs = {
    "declaration": lambda w: w.commitment.declaration.slug,
    "reference": lambda w: w.commitment.reference,
}

MATRIX = {
    # Public pages, feeds and exports: everyone, read-only.
    "tracker:dashboard": Row(PUBLIC),
    "tracker:annotated_declaration": Row(PUBLIC),
    "tracker:declaration": Row(PUBLIC, url=kw(slug=lambda w: w.declaration.slug)),
    "tracker:commitment_list": Row(PUBLIC),
    "tracker:commitment_detail": Row(PUBLIC, url=kw(**commitment_kwargs)),
    "tracker:commitment_feed": Row(PUBLIC, post=PUBLIC, url=kw(**commitment_kwargs)),
    "tracker:project_list": Row(PUBLIC),
    "tracker:project_detail": Row(PUBLIC, url=kw(slug=lambda w: w.project.slug)),
    "tracker:organisation_list": Row(PUBLIC),
    "tracker:organisation_detail": Row(PUBLIC, url=kw(slug=lambda w: w.organisation.slug)),
    "tracker:update_list": Row(PUBLIC),
    "tracker:update_feed": Row(PUBLIC, post=PUBLIC),
    "tracker:methodology": Row(PUBLIC),
    "tracker:baseline_table": Row(PUBLIC),
    "tracker:baseline_constant": Row(PUBLIC),
    "tracker:compliance": Row(PUBLIC),
    "tracker:charts": Row(PUBLIC),
    "tracker:open_data": Row(PUBLIC),
    "tracker:open_data_zip": Row(PUBLIC),
    # The language switcher: sets the reader's language cookie and redirects, GET only.
    "tracker:switch_language": Row(ALL_REDIRECTED, url=lambda w, name: reverse(name, args=["ja"])),
    "sectors:sector_list": Row(PUBLIC),
    "sectors:sector_detail": Row(PUBLIC, url=kw(slug=lambda w: w.commitment.sector.slug)),
    "sectors:sector_feed": Row(
        PUBLIC, post=PUBLIC, url=kw(slug=lambda w: w.commitment.sector.slug)
    ),
    # The JSON API: public and read-only.
    "api:api-root": Row(PUBLIC),
    "api:schema": Row(PUBLIC),
    "api:docs": Row(PUBLIC),
    "api:sector-list": Row(PUBLIC),
    "api:sector-detail": Row(PUBLIC, url=kw(slug=lambda w: w.commitment.sector.slug)),
    "api:declaration-list": Row(PUBLIC),
    "api:declaration-detail": Row(PUBLIC, url=kw(slug=lambda w: w.declaration.slug)),
    "api:organisation-list": Row(PUBLIC),
    "api:organisation-detail": Row(PUBLIC, url=kw(slug=lambda w: w.organisation.slug)),
    "api:commitment-list": Row(PUBLIC),
    "api:commitment-detail": Row(PUBLIC, url=kw(pk=lambda w: w.commitment.pk)),
    "api:project-list": Row(PUBLIC),
    "api:project-detail": Row(PUBLIC, url=kw(slug=lambda w: w.project.slug)),
    "api:statusupdate-list": Row(PUBLIC),
    "api:statusupdate-detail": Row(PUBLIC, url=kw(uid=lambda w: w.published.uid)),
    "api:compliance-list": Row(PUBLIC),
    "api:compliance-detail": Row(PUBLIC, url=kw(pk=lambda w: w.assessment.pk)),
    # Accounts.
    "login": Row(PUBLIC, post=PUBLIC),  # an empty form is shown again with its errors
    "logout": Row(NOT_ALLOWED, post=ALL_REDIRECTED),  # logging out is a POST
    "password_change": Row(LOGIN_REQUIRED, post=LOGIN_REQUIRED),
    "password_change_done": Row(LOGIN_REQUIRED, post="302 405 405 405 405 405"),
    "password_reset": Row(PUBLIC, post=PUBLIC),
    "password_reset_done": Row(PUBLIC),
    "password_reset_confirm": Row(
        PUBLIC, post=PUBLIC, url=kw(uidb64=lambda w: "MQ", token=lambda w: "no-such-token")
    ),
    "password_reset_complete": Row(PUBLIC),
    # Officials: only a point of contact, only on commitments assigned to them.
    "tracker:my_commitments": Row(LOGIN_REQUIRED, post="302 405 405 405 405 405"),
    "tracker:update_create": Row(
        "302 200 404 403 403 403", post="302 400 404 403 403 403", url=kw(**commitment_kwargs)
    ),
    "tracker:update_edit": Row(
        "302 200 404 403 403 403",
        post="302 400 404 403 403 403",
        url=kw(uid=lambda w: w.draft.uid),
    ),
    # Reviewers (and admins).
    "tracker:review_queue": Row("302 403 403 200 403 200", post="302 403 403 405 403 405"),
    "tracker:review_detail": Row(
        "302 403 403 200 403 200",
        post="302 403 403 400 403 400",
        url=kw(uid=lambda w: w.submitted.uid),
    ),
    # Analysts (and admins).
    "tracker:compliance_create": Row("302 403 403 403 200 200", post="302 403 403 403 400 400"),
    "tracker:saved_filters": Row("302 403 403 403 200 200", post="302 403 403 403 400 400"),
    "tracker:saved_filter_delete": Row(
        "302 403 403 403 405 405",
        post="302 403 403 403 302 404",  # only its owner can remove a saved filter
        url=kw(pk=lambda w: w.saved_filter.pk),
    ),
    # The admin: staff only; the others are sent to its login page.
    "admin:index": Row(STAFF_ONLY, post=None),
    "admin:login": Row("200 200 200 200 200 302", post=None),
    "admin:logout": Row("302 302 302 302 302 405", post=None),
    "admin:password_change": Row(STAFF_ONLY, post=None),
    "admin:password_change_done": Row(STAFF_ONLY, post=None),
    "admin:jsi18n": Row(STAFF_ONLY, post=None),
    "admin:autocomplete": Row("302 302 302 302 302 403", post=None),  # needs its parameters
    "admin:app_list": Row(STAFF_ONLY, post=None, url=kw(app_label=lambda w: "tracker")),
    "admin:view_on_site": Row(
        ALL_REDIRECTED,
        post=None,
        url=kw(
            content_type_id=lambda w: ContentType.objects.get_for_model(Commitment).pk,
            object_id=lambda w: w.commitment.pk,
        ),
    ),
    "admin:*_changelist": Row(STAFF_ONLY, post=None, url=admin_model_url),
    "admin:*_add": Row(STAFF_ONLY, post=None, url=admin_model_url),
    "admin:*_change": Row(STAFF_ONLY, post=None, url=admin_model_url),
    "admin:*_delete": Row(STAFF_ONLY, post=None, url=admin_model_url),
    "admin:*_history": Row(STAFF_ONLY, post=None, url=admin_model_url),
    "admin:*_simple_history": Row(STAFF_ONLY, post=None, url=admin_model_url),
    "admin:auth_user_password_change": Row(STAFF_ONLY, post=None, url=admin_model_url),
    # Bulk import and export (django-import-export): staff only; importing is a POST.
    "admin:*_import": Row(STAFF_ONLY, post=None, url=admin_model_url),
    "admin:*_process_import": Row("302 302 302 302 302 405", post=None, url=admin_model_url),
    "admin:*_export": Row(STAFF_ONLY, post=None, url=admin_model_url),
    # What not even an admin may do there: published updates and their evidence stay; login
    # records and reminders are written by the site only.
    "admin:tracker_statusupdate_delete": Row(NO_ONE, post=None, url=admin_model_url),
    "admin:tracker_evidence_delete": Row(NO_ONE, post=None, url=admin_model_url),
    "admin:tracker_reminderlog_add": Row(NO_ONE, post=None, url=admin_model_url),
    "admin:axes_*_add": Row(NO_ONE, post=None, url=admin_model_url),
    # Unnamed admin routes: an object's short address, and the catch-all (404 for staff).
    "admin/*/*/<path:object_id>/": Row(ALL_REDIRECTED, post=None, url=admin_object_redirect),
    "admin/(?P<url>.*)$": Row(
        "302 302 302 302 302 404", post=None, url=lambda w, route: "/admin/no-such-page/"
    ),
}

# Exports are the tables' own URLs with ?_export=: public, like the tables.
EXPORTS = [
    (name, fmt)
    for name in (
        "tracker:commitment_list",
        "tracker:project_list",
        "tracker:organisation_list",
        "tracker:update_list",
        "tracker:compliance",
    )
    for fmt in ("csv", "xlsx", "json")
]


def url_patterns(patterns=None, prefix="", namespace=""):
    """(key, route) for every URL: key is the namespaced name, or the route if unnamed."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            assert isinstance(pattern, URLPattern)
            route = prefix + str(pattern.pattern)
            yield (f"{namespace}{pattern.name}" if pattern.name else route), route


def row_for(key):
    """The exact row, else the most specific pattern row (the longest pattern that matches)."""
    if key in MATRIX:
        return key, MATRIX[key]
    matches = [p for p in MATRIX if "*" in p and fnmatch.fnmatchcase(key, p)]
    if not matches:
        return None, None
    best = max(matches, key=len)
    return best, MATRIX[best]


def test_every_url_has_a_row():
    missing = sorted({key for key, _ in url_patterns() if row_for(key)[1] is None})
    assert not missing, (
        "These URLs have no row in tests/test_authorisation_matrix.py; add one with the "
        f"status each role must get: {missing}"
    )


@pytest.fixture
def world():
    """One record of every kind each URL needs, and a user for each role."""
    from types import SimpleNamespace

    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    users = {
        "ANON": None,
        "JP": make_official("official-japan", "japan", ["8.1", "9.1"]),
        "IN": make_official("official-india", "india", ["8.3"]),
        "REV": UserFactory(username="reviewer"),
        "ANA": UserFactory(username="analyst"),
        "ADM": UserFactory(username="admin", is_staff=True, is_superuser=True),
    }
    users["REV"].groups.add(Group.objects.get(name="Reviewers"))
    users["ANA"].groups.add(Group.objects.get(name="Analysts"))
    commitment = Commitment.objects.get(reference="8.1")
    india_commitment = Commitment.objects.get(reference="8.3")
    submitted = StatusUpdateFactory(
        commitment=india_commitment,
        side="india",
        author=users["IN"],
        state="submitted",
        submitted_at=timezone.now(),
    )
    EvidenceFactory(update=submitted)
    attempt = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "nobody"}
    AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(**attempt)
    AccessLog.objects.create(**attempt)
    ReminderLog.objects.create(contact=users["JP"].point_of_contact, sent_on=timezone.localdate())
    return SimpleNamespace(
        users=users,
        commitment=commitment,
        declaration=Declaration.objects.get(slug=commitment.declaration.slug),
        project=Project.objects.order_by("pk").first(),
        organisation=Organisation.objects.order_by("pk").first(),
        draft=StatusUpdateFactory(commitment=commitment, author=users["JP"]),
        submitted=submitted,
        published=published_update(commitment=commitment, reviewer=users["REV"]),
        assessment=ComplianceAssessment.objects.create(
            commitment=commitment,
            party="japan",
            period="2026",
            kind="interim",
            score=1,
            rationale="Test.",
            analyst=users["ANA"],
        ),
        saved_filter=SavedFilter.objects.create(
            user=users["ANA"], name="Mine", path="/commitments/", query="sector=ict"
        ),
    )


def concrete_urls(world):
    """(key, url, row) for every URL of the configuration, built from the world."""
    seen = set()
    for key, route in url_patterns():
        if "<drf_format_suffix:format>" in route or "(?P<format>" in route:
            continue  # the API's format suffixes: the same views as the rows without them
        pattern, row = row_for(key)
        if row is None:
            continue  # test_every_url_has_a_row names it
        if row.url is None:
            url = reverse(key)
        elif pattern.startswith("admin:") or "/" not in pattern:
            url = row.url(world, key)
        else:
            url = row.url(world, route)
        if url not in seen:
            seen.add(url)
            yield key, url, row


def client_for(world, role, **kwargs):
    client = Client(**kwargs)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def fingerprint():
    """Row counts of every table the site writes, and the newest row of each."""
    result = {}
    for model in apps.get_models():
        if model._meta.app_label in ("sessions", "admin", "axes"):
            continue
        manager = model._default_manager
        result[model._meta.label] = (manager.count(), manager.order_by("-pk").values("pk")[:1])
    return {label: (count, list(newest)) for label, (count, newest) in result.items()}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_on_every_url(world, role):
    column = ROLES.index(role)
    client = client_for(world, role)
    before = fingerprint()
    wrong = []
    for key, url, row in concrete_urls(world):
        status = client.get(url).status_code
        expected = int(row.get.split()[column])
        if status != expected:
            wrong.append(f"GET {url} ({key}): {status}, expected {expected}")
    for name, fmt in EXPORTS:
        url = f"{reverse(name)}?_export={fmt}"
        status = client.get(url).status_code
        if status != 200:
            wrong.append(f"GET {url}: {status}, expected 200")
    assert fingerprint() == before, "a GET changed the database"
    # Logging out last: it ends the session the other POSTs need.
    for key, url, row in sorted(concrete_urls(world), key=lambda item: item[0] == "logout"):
        if row.post is None:
            continue
        status = client.post(url, {}).status_code
        expected = int(row.post.split()[column])
        if status != expected:
            wrong.append(f"POST {url} ({key}): {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ["ANON", "JP", "ADM"])
def test_every_post_without_a_csrf_token_is_refused(world, role):
    """403 from the CSRF check, or 405 where a URL takes no POST at all (the read-only API)."""
    client = client_for(world, role, enforce_csrf_checks=True)
    before = fingerprint()
    accepted = [
        f"{url} ({key}): {status}"
        for key, url, row in concrete_urls(world)
        if (status := client.post(url, {}).status_code) not in (403, 405)
    ]
    assert not accepted, "\n".join(accepted)
    assert fingerprint() == before
