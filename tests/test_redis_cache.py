"""The page cache on a real Redis (127.0.0.1:6379, database 15), as app servers share it."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    EvidenceFactory,
    StatusUpdateFactory,
    publish_on_the_review_page,
)
from tracker.models import Commitment, StatusUpdate

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_page_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "tracker.redis_cache.RedisCache", "LOCATION": REDIS_URL},
    }
    settings.TRACKER_PAGE_CACHE = True
    settings.TRACKER_PAGE_VERSION_IN_CACHE = True
    cache = caches["default"]
    cache.clear()
    yield cache
    cache.clear()


def test_one_client_per_pool_and_the_usual_operations(redis_page_cache):
    cache = redis_page_cache
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    assert cache.add("k", ("token", b"page"), 60)
    assert not cache.add("k", "other", 60)
    cache.set("n", 41)
    assert cache.incr("n") == 42
    assert cache.get_many(["k", "n", "missing"]) == {"k": ("token", b"page"), "n": 42}


def submitted_update(side, narrative):
    """Commitment 8.1 and an update on it awaiting review, with evidence: publishing it changes
    the commitment's page."""
    commitment = Commitment.objects.get(reference="8.1", declaration__slug__startswith="joint")
    update = StatusUpdateFactory(
        commitment=commitment,
        side=side,
        lifecycle="suspended",
        completion="limited",
        narrative=narrative,
        state=StatusUpdate.State.SUBMITTED,
    )
    EvidenceFactory(update=update)
    return commitment, update


@pytest.mark.django_db
def test_a_cached_page_costs_no_query_and_a_publication_shows_at_once(
    redis_page_cache, django_capture_on_commit_callbacks
):
    commitment, update = submitted_update("india", "Pilot plant on hold pending a safety review.")
    reader = Client()
    url = commitment.get_absolute_url()
    first = reader.get(url)
    with CaptureQueriesContext(connection) as queries:
        again = reader.get(url)
    assert again.status_code == 200 and again.templates == [] and len(queries) == 0
    assert again.content == first.content
    assert update.narrative not in again.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = publish_on_the_review_page(update, "redis-reviewer")
    assert response.status_code == 302
    after = reader.get(url, headers={"if-none-match": first["ETag"]})
    assert after.status_code == 200 and update.narrative in after.content.decode()


def redis_calls(cache):
    """How many GET and MGET commands the Redis server has answered so far."""
    stats = cache._cache.get_client().info("commandstats")
    return {name: stats.get(f"cmdstat_{name}", {}).get("calls", 0) for name in ("get", "mget")}


@pytest.mark.django_db
@pytest.mark.parametrize("entries", [100, 0])
def test_each_process_keeps_its_copies_and_asks_redis_only_for_the_version(
    redis_page_cache, settings, entries, django_capture_on_commit_callbacks
):
    """With copies kept, a repeat reader costs one GET of the small version token, not the page;
    a publication made anywhere (it sets a new token) still shows at once."""
    settings.TRACKER_PAGE_LOCAL_ENTRIES = entries
    commitment, update = submitted_update("japan", "Feasibility study paused for a site survey.")
    reader = Client()
    url = commitment.get_absolute_url()
    first = reader.get(url)
    before = redis_calls(redis_page_cache)
    again = reader.get(url)
    after = redis_calls(redis_page_cache)
    assert again.templates == [] and again.content == first.content
    if entries:
        assert after == {"get": before["get"] + 1, "mget": before["mget"]}
    else:
        assert after == {"get": before["get"], "mget": before["mget"] + 1}

    with django_capture_on_commit_callbacks(execute=True):
        publish_on_the_review_page(update, "copies-reviewer")
    fresh = reader.get(url)
    assert fresh.templates != [] and update.narrative in fresh.content.decode()
    assert update.narrative in reader.get(url).content.decode()
