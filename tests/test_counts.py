"""The dashboard's counts are stored per data version: recounted after a change, not per view."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CommitmentFactory, UserFactory, published_update
from tracker import counts
from tracker.models import Commitment, DataVersion, Declaration, StatusUpdate, StoredCounts

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored_counts(settings):
    settings.TRACKER_STORED_COUNTS = True


def figure(client, label):
    """The number the dashboard shows before `label` (e.g. 'published updates')."""
    html = client.get(reverse("tracker:dashboard")).content.decode()
    before = html.split(f"</span> {label}</a>")[0]
    return int(before.rsplit('<span class="figure">', 1)[1].replace(",", ""))


def test_a_publication_shows_in_the_dashboard_counts_at_once(
    stored_counts, django_capture_on_commit_callbacks
):
    reader = Client()
    published = StatusUpdate.objects.published().count()
    assert figure(reader, "published updates") == published
    with django_capture_on_commit_callbacks(execute=True):
        published_update(reviewer=UserFactory(), commitment=Commitment.objects.first())
    assert figure(reader, "published updates") == published + 1


def test_an_unchanged_dashboard_reads_the_stored_counts_without_counting(stored_counts):
    reader = Client()
    reader.get(reverse("tracker:dashboard"))
    assert StoredCounts.objects.count() == 1
    with CaptureQueriesContext(connection) as queries:
        reader.get(reverse("tracker:dashboard"))
    sql = " ".join(query["sql"] for query in queries)
    assert "COUNT(" not in sql
    assert "tracker_storedcounts" in sql


def test_counts_are_recounted_on_a_new_day(
    stored_counts, monkeypatch, django_capture_on_commit_callbacks
):
    reader = Client()
    today = datetime.date.today()
    monkeypatch.setattr(counts.timezone, "localdate", lambda: today)
    with django_capture_on_commit_callbacks(execute=True):  # the version raised, as in use
        CommitmentFactory(next_update_due=today + datetime.timedelta(days=1))
        CommitmentFactory(next_update_due=today + datetime.timedelta(days=2))  # due, not overdue
    overdue = figure(reader, "overdue for an update")
    # Tomorrow that commitment's update is overdue, though no data changed.
    monkeypatch.setattr(counts.timezone, "localdate", lambda: today + datetime.timedelta(days=2))
    with CaptureQueriesContext(connection) as queries:
        assert figure(reader, "overdue for an update") == overdue + 1
    # Nothing was counted again, and the stored counts are those of a full count.
    assert not any("COUNT(" in query["sql"] for query in queries)
    assert StoredCounts.objects.get().counts == counts.count_all(today + datetime.timedelta(days=2))


def test_stored_counts_equal_a_fresh_count(stored_counts):
    Client().get(reverse("tracker:dashboard"))
    stored = StoredCounts.objects.get().counts
    assert stored == counts.count_all(StoredCounts.objects.get().day)


def test_stored_counts_are_read_in_one_query_even_before_any_data_version(
    stored_counts, django_assert_num_queries
):
    DataVersion.objects.get_or_create(pk=1, defaults={"version": 7})
    for with_version in (True, False):
        if not with_version:
            DataVersion.objects.all().delete()  # a database whose data never changed
        StoredCounts.objects.all().delete()
        first = counts.current_counts()
        with django_assert_num_queries(1):
            assert counts.current_counts() == first


def test_with_stored_counts_the_dashboard_and_sector_pages_query_the_same_at_any_size(
    stored_counts,
):
    reader = Client()
    sector = Commitment.objects.get(reference="8.1").sector
    pages = [
        reverse("tracker:dashboard"),
        sector.get_absolute_url(),
        reverse("sectors:sector_list"),
    ]

    def measure():
        found = []
        for url in pages:
            reader.get(url)  # the first view after a change counts; then the counts are stored
            with CaptureQueriesContext(connection) as queries:
                assert reader.get(url).status_code == 200
            found.append(len(queries))
        return found

    small = measure()
    CommitmentFactory.create_batch(60, paragraph__sector=sector)
    StoredCounts.objects.all().delete()  # as a raised data version would make it recount
    assert measure() == small == [4, 7, 2]  # the sector page: its declarations apart


def test_the_dashboard_links_the_declaration_only_while_there_is_one(
    stored_counts, client, django_capture_on_commit_callbacks
):
    link = reverse("tracker:annotated_declaration")
    html = client.get("/").content.decode()
    assert f'<a href="{link}">Read the annotated declaration</a>' in html
    # An admin's change of kind raises the data version: the stored counts are counted again.
    with django_capture_on_commit_callbacks(execute=True):
        for declaration in Declaration.objects.filter(kind=Declaration.Kind.DECLARATION):
            declaration.kind = Declaration.Kind.JOINT_STATEMENT
            declaration.save()
    assert "Read the annotated declaration" not in client.get("/").content.decode()
    assert client.get(link).status_code == 404


def test_a_sector_page_pages_through_its_commitments_with_stored_counts(
    stored_counts, django_capture_on_commit_callbacks
):
    sector = Commitment.objects.get(reference="8.1").sector
    with django_capture_on_commit_callbacks(execute=True):
        CommitmentFactory.create_batch(60, paragraph__sector=sector)
    total = Commitment.objects.filter(sector=sector).count()
    reader = Client()
    first = reader.get(sector.get_absolute_url())
    assert first.context["table"].paginator.num_pages == (total + 24) // 25
    last = reader.get(
        sector.get_absolute_url(), {"page": first.context["table"].paginator.num_pages}
    )
    assert len(last.context["table"].page.object_list) == total - 25 * (
        first.context["table"].paginator.num_pages - 1
    )
    bigger = reader.get(sector.get_absolute_url(), {"per_page": 100})
    assert len(bigger.context["table"].page.object_list) == min(total, 100)


def test_counts_stored_in_an_older_format_are_recounted(stored_counts):
    """A release that adds a figure must not read a row stored without it."""
    reader = Client()
    reader.get(reverse("sectors:sector_list"))
    row = StoredCounts.objects.get()
    row.counts = {key: value for key, value in row.counts.items() if key != "projects_by_sector"}
    row.counts["format"] = counts.FORMAT - 1
    row.save()
    response = reader.get(reverse("sectors:sector_list"))
    assert response.status_code == 200
    assert StoredCounts.objects.get().counts == counts.count_all(row.day)


def test_the_sector_list_counts_each_sectors_commitments_and_projects(stored_counts):
    from tracker.models import Project

    html = Client().get(reverse("sectors:sector_list")).content.decode()
    sector = Commitment.objects.get(reference="8.1").sector
    card = html.split(f'href="{sector.get_absolute_url()}"', 1)[1].split("</li>", 1)[0]
    commitments = Commitment.objects.filter(sector=sector).count()
    projects = Project.objects.filter(sector=sector).count()
    assert f"· {commitments} commitment" in card and f"· {projects} project" in card


def test_a_publication_recounts_so_that_the_next_reader_does_not(
    stored_counts, django_capture_on_commit_callbacks
):
    Client().get(reverse("tracker:dashboard"))
    before = StoredCounts.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        published_update(reviewer=UserFactory(), commitment=Commitment.objects.first())
    after = StoredCounts.objects.get()
    assert after.version > before.version
    assert after.counts["published_count"] == before.counts["published_count"] + 1
    with CaptureQueriesContext(connection) as queries:
        Client().get(reverse("tracker:dashboard"))
    assert "COUNT(" not in " ".join(query["sql"] for query in queries)
