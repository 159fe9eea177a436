import pytest
from django.core.management import call_command
from django.db import connection


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` need row locks; they run only on PostgreSQL (CI's 2nd run)."""
    if connection.vendor == "postgresql":
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the declaration as the fixtures load it."""
    with django_db_blocker.unblock():
        call_command("load_declaration", verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the API's anonymous throttle counts requests there,
    and a test must not be refused (429) for what the tests before it requested."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Pages render afresh in tests: a test's rollback would not roll back the cache.

    The tests of the cache itself (tests/test_page_cache.py) turn it on with `page_cache`.
    """
    settings.TRACKER_PAGE_CACHE = False
    # Nor are the dashboard's counts stored: the data version they are keyed on is raised on
    # commit, which a test's transaction never reaches unless the test captures it.
    settings.TRACKER_STORED_COUNTS = False


@pytest.fixture
def page_cache(settings):
    from django.core.cache import caches

    settings.TRACKER_PAGE_CACHE = True
    settings.TRACKER_STORED_COUNTS = True
    from tracker.cache import PAGE_LOCAL_ALIAS

    for alias in (settings.TRACKER_PAGE_CACHE_ALIAS, PAGE_LOCAL_ALIAS):
        caches[alias].clear()
    yield
    for alias in (settings.TRACKER_PAGE_CACHE_ALIAS, PAGE_LOCAL_ALIAS):
        caches[alias].clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_official(username, side, references):
    from django.contrib.auth.models import Group

    from tests.factories import OrganisationFactory, UserFactory
    from tracker.models import Commitment, PointOfContact

    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name="Officials"))
    contact = PointOfContact.objects.create(
        user=user,
        name=f"Test official {side}",
        side=side,
        organisation=OrganisationFactory(),
        email=f"{username}@example.invalid",
    )
    contact.commitments.set(Commitment.objects.filter(reference__in=references))
    return user


@pytest.fixture
def official_japan(db):
    return make_official("official-japan", "japan", ["8.1", "9.1"])


@pytest.fixture
def official_india(db):
    return make_official("official-india", "india", ["8.3"])


@pytest.fixture
def reviewer(db):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(username="reviewer")
    user.groups.add(Group.objects.get(name="Reviewers"))
    return user
