"""The table pages write their header and rows in Python (tracker/tables.py): the markup must
stay django-tables2's own, in every language, sort and filter a reader can ask for."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.template import RequestContext, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, set_script_prefix

from sectors.models import Sector
from tests.factories import published_update
from tracker.models import Commitment, Project
from tracker.tables import CommitmentTable

pytestmark = pytest.mark.django_db

TABLES2 = Template('{% load django_tables2 %}{% render_table table "django_tables2/table.html" %}')


def normalised(html, tag):
    """The `tag` element of `html`, with the whitespace between and inside tags taken out."""
    part = re.search(rf"<{tag}\b.*?</{tag}>", html, re.S).group(0)
    part = re.sub(r">\s+", ">", re.sub(r"\s+<", "<", part))
    return re.sub(rf"<{tag} >", f"<{tag}>", part)


def tables2_markup(response):
    """The page's table as django-tables2's own template writes it."""
    context = RequestContext(response.wsgi_request, {"table": response.context["table"]})
    return TABLES2.render(context)


QUERIES = [
    ("tracker:commitment_list", {}),
    ("tracker:commitment_list", {"sort": "-title", "sector": "semiconductors", "q": "supply"}),
    ("tracker:commitment_list", {"sort": "title", "note": "a <b> & 'c'"}),
    ("tracker:commitment_list", {"sort": "japan_status", "per_page": 50, "page": 1}),
    ("tracker:project_list", {}),
    ("tracker:project_list", {"sort": "-name"}),
    ("tracker:organisation_list", {"sort": "name"}),
    ("tracker:update_list", {}),
    ("tracker:update_list", {"sort": "-as_of"}),
]


@pytest.mark.parametrize("language", ["en", "ja", "hi"])
@pytest.mark.parametrize(("name", "query"), QUERIES)
def test_header_and_rows_are_django_tables2s_markup(client, name, query, language):
    if name == "tracker:update_list":
        published_update(
            commitment=Commitment.objects.get(reference="8.1"), narrative="Sorted <first>"
        )
    client.cookies["django_language"] = language
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    page = response.content.decode()
    own = tables2_markup(response)
    assert normalised(page, "thead") == normalised(own, "thead")
    assert normalised(page, "tbody") == normalised(own, "tbody")
    assert "<td" in normalised(page, "tbody")


def test_the_header_follows_each_readers_sort_and_query(client):
    """Headers are written once per table, language, sort and query string: a reader who sorts
    the other way, or filters, gets links for that, not the previous reader's."""
    url = reverse("tracker:commitment_list")
    ascending = client.get(url, {"sort": "title"}).content.decode()
    descending = client.get(url, {"sort": "-title"}).content.decode()
    filtered = client.get(url, {"sort": "-title", "sector": "ict"}).content.decode()
    assert 'href="?sort=-title"' in ascending
    assert 'href="?sort=title"' in descending
    assert 'href="?sort=title&amp;sector=ict"' in filtered
    assert normalised(ascending, "thead") != normalised(descending, "thead")


def test_each_table_has_its_own_columns(rf):
    """Columns are copied one level deep per table (tracker.tables.ColumnsCopiedOneDeep): a
    column hidden or relabelled on one table stays as it was on the next."""
    first = CommitmentTable(Commitment.objects.all())
    first.columns.hide("title")
    first.columns["sector"].column.verbose_name = "Changed"
    second = CommitmentTable(Commitment.objects.all())
    assert "title" not in [column.name for column in first.columns]
    assert "title" in [column.name for column in second.columns]
    assert str(second.columns["sector"].header) == "Sector"
    assert CommitmentTable.base_columns["title"].visible


@pytest.mark.parametrize("name", ["tracker:commitment_list", "tracker:project_list"])
def test_rows_under_a_script_prefix_are_django_tables2s_markup(client, name):
    """Links written once per process (organisations, records) follow the site's prefix."""
    url = reverse(name)
    client.get(url)  # the same links, first written at the root
    set_script_prefix("/tracker/")  # as the WSGI handler sets it (the test client does not)
    try:
        response = client.get(url)
        page, own = response.content.decode(), tables2_markup(response)
    finally:
        set_script_prefix("/")
    assert 'href="/tracker/organisations/' in normalised(page, "tbody")
    assert normalised(page, "tbody") == normalised(own, "tbody")


def project_slugs_in_table(client, **query):
    page = client.get(reverse("tracker:project_list"), {"per_page": 100, **query})
    assert page.status_code == 200
    tbody = re.search(r"<tbody\b.*?</tbody>", page.content.decode(), re.S).group(0)
    return re.findall(r'<tr class="(?:even|odd)"><td ><a href="/projects/([^/"]+)/"', tbody)


def by_sector_then_name():
    """The projects in the table's default order, worked out from the sectors themselves."""
    projects = Project.objects.select_related("sector")
    return [p.slug for p in sorted(projects, key=lambda p: (p.sector.order, p.name))]


def test_the_projects_table_lists_projects_by_their_sectors_place_then_name(client):
    assert Project.objects.count() > 25  # the declaration's Fact Sheet: one page of 100 holds all
    assert project_slugs_in_table(client) == by_sector_then_name()
    assert project_slugs_in_table(client, sort="sector") == by_sector_then_name()
    assert project_slugs_in_table(client, sort="-sector") == by_sector_then_name()[::-1]


def test_a_sector_given_a_new_place_takes_its_projects_with_it(client):
    sectors = list(Sector.objects.filter(projects__isnull=False).distinct().order_by("order"))
    first, second = sectors[0], sectors[1]
    assert project_slugs_in_table(client)[0] in {p.slug for p in first.projects.all()}

    first.order = Sector.objects.order_by("-order").first().order + 1  # to the end
    first.save()

    slugs = project_slugs_in_table(client)
    assert slugs == by_sector_then_name()
    assert slugs[0] in {p.slug for p in second.projects.all()}
    assert slugs[-1] in {p.slug for p in first.projects.all()}


def test_a_project_moved_to_another_sector_is_listed_with_that_sector(client):
    sectors = list(Sector.objects.filter(projects__isnull=False).distinct().order_by("order"))
    project = sectors[-1].projects.order_by("name").last()  # the table's last row
    assert project_slugs_in_table(client)[-1] == project.slug

    project.sector = sectors[0]
    project.save()

    slugs = project_slugs_in_table(client)
    assert slugs == by_sector_then_name()
    assert slugs.index(project.slug) < len(sectors[0].projects.all())


def test_a_save_of_some_fields_keeps_the_sectors_place_right():
    """A publication saves a project's status fields only: it need not read the sector. A save
    of the sector field alone writes the new sector's place with it."""
    project = Project.objects.order_by("sector_order", "name").first()
    project.japan_status = "in_progress"
    with CaptureQueriesContext(connection) as saved:
        project.save(update_fields=["japan_status"])
    statements = [query["sql"] for query in saved.captured_queries]
    assert not [sql for sql in statements if "sectors_sector" in sql]
    assert not [sql for sql in statements if sql.startswith('SELECT "tracker_project"."sector')]

    last = Sector.objects.order_by("-order").first()
    project.sector = last
    project.save(update_fields=["sector"])
    project.refresh_from_db()
    assert project.sector_order == last.order


def test_projects_loaded_from_the_fixtures_or_seeded_in_bulk_carry_their_sectors_place():
    """Fixtures load raw and seed_scale inserts in bulk: neither calls Project.save()."""
    call_command("seed_scale", commitments=40, updates_per_commitment=1, verbosity=0)
    projects = Project.objects.select_related("sector")
    assert projects.filter(slug__startswith="synthetic-scale-").exists()
    assert [p.sector_order for p in projects] == [p.sector.order for p in projects]
