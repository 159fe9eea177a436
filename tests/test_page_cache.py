"""Public pages are cached per data version: never stale after a publication, 304 when unchanged."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    EvidenceFactory,
    StatusUpdateFactory,
    UserFactory,
    publish_on_the_review_page,
)
from tracker.models import Commitment, StatusUpdate

pytestmark = pytest.mark.django_db

DECLARATION = "joint-declaration-economic-security-2025"


@pytest.fixture
def commitment():
    return Commitment.objects.select_related("sector").get(
        declaration__slug=DECLARATION, reference="8.1"
    )


def submitted_update(commitment, narrative):
    update = StatusUpdateFactory(
        commitment=commitment,
        side="japan",
        lifecycle="suspended",
        completion="limited",
        narrative=narrative,
        state=StatusUpdate.State.SUBMITTED,
    )
    EvidenceFactory(update=update)
    return update


@pytest.fixture(autouse=True, params=["version in the database", "version in the cache"])
def version_source(request, settings):
    """Every test runs with the page version read from the database and from the shared cache."""
    settings.TRACKER_PAGE_VERSION_IN_CACHE = request.param == "version in the cache"
    return request.param


def public_pages(commitment):
    """Every public page that shows a commitment's status or its updates."""
    return {
        "dashboard": reverse("tracker:dashboard"),
        "annotated declaration": reverse("tracker:annotated_declaration"),
        "sector page": commitment.sector.get_absolute_url(),
        "commitments table": reverse("tracker:commitment_list") + "?japan_status=suspended",
        "commitment page": commitment.get_absolute_url(),
        "updates table": reverse("tracker:update_list"),
        "feed": reverse("tracker:update_feed"),
        "API commitments": "/api/commitments/?format=json&japan_status=suspended",
        "API updates": "/api/updates/?format=json",
    }


def shows(page, text, commitment, update):
    """Whether a page shows the published update: its status, narrative or link."""
    markers = {
        "dashboard": update.narrative,
        "annotated declaration": 'data-value="suspended"',
        "sector page": 'data-value="suspended"',
        "commitments table": commitment.get_absolute_url(),
        "commitment page": update.narrative,
        "updates table": f"update-{update.uid}",
        "feed": update.narrative,
        "API commitments": f'"reference":"{commitment.reference}"',
        "API updates": str(update.uid),
    }
    return markers[page] in text


def test_publishing_shows_on_every_public_page_at_once(
    page_cache, commitment, django_capture_on_commit_callbacks
):
    reader = Client()
    pages = public_pages(commitment)
    update = submitted_update(commitment, "Fabrication line commissioning paused for review.")
    for page, url in pages.items():
        first = reader.get(url)
        again = reader.get(url)
        assert first.status_code == again.status_code == 200, page
        assert not shows(page, again.content.decode(), commitment, update), page
        # The second reading came from the cache: nothing was rendered for it.
        assert again.templates == [] and again.content == first.content, page

    with django_capture_on_commit_callbacks(execute=True):
        response = publish_on_the_review_page(update, "cache-reviewer")
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.is_published

    for page, url in pages.items():
        response = reader.get(url)
        assert response.status_code == 200, page
        assert shows(page, response.content.decode(), commitment, update), page


def test_a_repeat_reader_gets_304_without_rendering_until_the_data_changes(
    page_cache, commitment, django_capture_on_commit_callbacks, version_source
):
    reader = Client()
    url = reverse("tracker:dashboard")
    first = reader.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"]

    with CaptureQueriesContext(connection) as queries:
        repeat = reader.get(url, headers={"if-none-match": etag})
    assert repeat.status_code == 304
    assert repeat.content == b"" and repeat.templates == []
    # The data version, nothing else; with the version in the shared cache, not even that.
    assert len(queries) == (1 if version_source == "version in the database" else 0)

    with django_capture_on_commit_callbacks(execute=True):
        update = submitted_update(commitment, "A new status.")
        update.publish(UserFactory())
    changed = reader.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "A new status." in changed.content.decode()


def test_drafts_do_not_change_the_version_but_admin_edits_do(
    page_cache, commitment, django_capture_on_commit_callbacks
):
    reader = Client()
    url = reverse("tracker:commitment_list")
    etag = reader.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        StatusUpdateFactory(commitment=commitment, narrative="A draft nobody may see.")
    assert reader.get(url, headers={"if-none-match": etag}).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        commitment.title = "A corrected short title"
        commitment.save()
    response = reader.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "A corrected short title" in response.content.decode()


def test_a_signed_in_page_is_never_served_to_anyone_else(page_cache):
    url = reverse("tracker:dashboard")
    official = Client()
    official.force_login(UserFactory(username="private-name"))
    assert "private-name" in official.get(url).content.decode()
    anonymous = Client().get(url)
    assert "private-name" not in anonymous.content.decode()
    # And the anonymous copy is not served back to the signed-in reader either.
    assert "private-name" in official.get(url).content.decode()
    assert "ETag" not in official.get(url)


def test_pages_are_cached_per_language(page_cache):
    url = reverse("tracker:methodology")
    english = Client().get(url, headers={"accept-language": "en"})
    japanese = Client().get(url, headers={"accept-language": "ja"})
    assert '<html lang="en"' in english.content.decode()
    assert '<html lang="ja"' in japanese.content.decode()
    assert english["ETag"] != japanese["ETag"]


def test_exports_are_neither_stored_nor_tagged(page_cache):
    export = reverse("tracker:commitment_list") + "?_export=csv"
    response = Client().get(export)
    assert response.status_code == 200 and "ETag" not in response


def test_a_lost_version_token_starts_afresh(page_cache, settings):
    """Evicted or expired from the shared cache, the token is replaced: pages render again."""
    from django.core.cache import caches

    from tracker.cache import PAGE_VERSION_KEY

    settings.TRACKER_PAGE_VERSION_IN_CACHE = True
    reader = Client()
    url = reverse("tracker:dashboard")
    first = reader.get(url)
    assert reader.get(url).templates == []
    caches[settings.TRACKER_PAGE_CACHE_ALIAS].delete(PAGE_VERSION_KEY)
    again = reader.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200 and again.templates != []
    assert again["ETag"] != first["ETag"]
    assert reader.get(url, headers={"if-none-match": again["ETag"]}).status_code == 304


def test_the_constant_baseline_is_never_cached(page_cache):
    """bench/load.py measures cached pages against it: it must be the bare middleware."""
    url = reverse("tracker:baseline_constant")
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200 and "ETag" not in response
    assert len(queries) == 0
