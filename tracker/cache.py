"""Public pages cached per data version, with ETag and Last-Modified so repeat readers get a 304.

The data version is one database row, raised after every commit that changes what the public
sees (publishing an update, an admin edit, an import). A page is stored with the version it was
rendered under and served only while that is still the current version, so a page is never
served from before the last publication: there is nothing to invalidate. Without a shared
cache, reading the version costs one primary-key query, on the database every app server
shares, so all workers agree at once.

With a shared cache (Redis, TRACKER_PAGE_VERSION_IN_CACHE) the version is a token kept in that
cache instead, read in the same round trip as the page (MGET), so a cached page costs no query:
every raise of the version sets a new random token after its commit, so a page stored under a
token was rendered after every commit before that token was set. A reader who finds no token
(expired, evicted) sets a new one. Each process also keeps copies of the pages it served last
(TRACKER_PAGE_LOCAL_ENTRIES): while it holds a copy it asks the shared cache for the token alone,
and serves the copy only if it was rendered under that token, so it is no staler than the shared
page, and a large page is not fetched and unpickled on every request.

Only anonymous readers are served from the cache: a request with a session or a message cookie
is rendered afresh, and a page that used a CSRF token or set a cookie is never stored.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

# The URL namespaces whose GET pages are public and the same for every anonymous reader.
PUBLIC_NAMESPACES = {"tracker", "sectors", "api"}
# Cookies that make a page personal: a session (signed in, messages) or pending messages.
PERSONAL_COOKIES = ("messages",)


def get_data_version():
    """(version, changed_at) of the public data. One query."""
    from .models import DataVersion

    row = DataVersion.objects.filter(pk=1).values_list("version", "changed_at").first()
    return row or (0, None)


PAGE_VERSION_KEY = "tracker-page-version"
PAGE_LOCAL_ALIAS = "pages-local"


def _version_in_cache():
    # The token lives as long as a stored page: with pages not stored, the database decides.
    return settings.TRACKER_PAGE_VERSION_IN_CACHE and settings.TRACKER_PAGE_CACHE_SECONDS > 0


def page_version_and_stored(key):
    """The page version, (token, changed_at), and the page stored under `key` (None if none).

    The version is the data version itself (one query) and the page one cache GET; or, with
    TRACKER_PAGE_VERSION_IN_CACHE, the token in the shared cache, both in one round trip, or
    the token alone while this process holds a copy of the page under that token.
    A stored page is (token it was rendered under, content, status, headers).
    """
    cache = caches[settings.TRACKER_PAGE_CACHE_ALIAS]
    if not _version_in_cache():
        version, changed_at = get_data_version()
        stored = cache.get(key) if settings.TRACKER_PAGE_CACHE_SECONDS else None
        return (str(version), changed_at), stored
    local = _local_pages()
    kept = local.get(key) if local is not None else None
    if kept is not None:
        # This process has a copy: ask the shared cache for the version alone, and for the page
        # only if the copy is of an earlier version.
        current = cache.get(PAGE_VERSION_KEY)
        if current is not None and kept[0] == current[0]:
            return current, kept
        found = {PAGE_VERSION_KEY: current}
        if current is not None:
            found[key] = cache.get(key)
    else:
        found = cache.get_many([PAGE_VERSION_KEY, key])
    current = found.get(PAGE_VERSION_KEY)
    if current is None:
        _version, changed_at = get_data_version()
        current = (secrets.token_hex(8), changed_at)
        # add(), not set(): a token set meanwhile by a commit is newer than what was just read.
        if not cache.add(PAGE_VERSION_KEY, current, settings.TRACKER_PAGE_CACHE_SECONDS):
            current = cache.get(PAGE_VERSION_KEY) or current
    stored = found.get(key)
    if local is not None and stored is not None and stored[0] == current[0]:
        local.set(key, stored, settings.TRACKER_PAGE_CACHE_SECONDS)
    return current, stored


def _local_pages():
    """This process's copies of pages from the shared cache, or None when it keeps none."""
    if not settings.TRACKER_PAGE_LOCAL_ENTRIES:
        return None
    return caches[PAGE_LOCAL_ALIAS]


def store_page(key, stored):
    """Store a page rendered under the current version: shared, and kept here as well."""
    seconds = settings.TRACKER_PAGE_CACHE_SECONDS
    caches[settings.TRACKER_PAGE_CACHE_ALIAS].set(key, stored, seconds)
    local = _local_pages() if _version_in_cache() else None
    if local is not None:
        local.set(key, stored, seconds)


def _raise_version():
    from .models import DataVersion

    now = timezone.now()
    if not DataVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now):
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 1, "changed_at": now})
    if _version_in_cache():
        # Lives no longer than the pages keyed on it: should this set ever fail, pages are
        # stale for at most TRACKER_PAGE_CACHE_SECONDS.
        caches[settings.TRACKER_PAGE_CACHE_ALIAS].set(
            PAGE_VERSION_KEY, (secrets.token_hex(8), now), settings.TRACKER_PAGE_CACHE_SECONDS
        )
    if settings.TRACKER_STORED_COUNTS:
        # The dashboard's counts for the new version, counted here by the writer (a reviewer
        # publishing, an admin saving) rather than by the next reader; and the charts' figures,
        # which a publication has already brought up to date but an edit in the admin empties.
        from .counts import current_changes, current_counts

        current_counts()
        current_changes()


def bump_data_version(**kwargs):
    """Raise the data version when the current transaction commits (at once outside one).

    After the commit, not inside it: the version row is then never locked by a long
    transaction, and no reader can store a page of the old data under the new version.
    One raise per transaction, however many rows it changes.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        savepoints = set(connection.savepoint_ids)
        for sids, func, _robust in connection.run_on_commit:
            if func is _raise_version and sids == savepoints:
                return
    transaction.on_commit(_raise_version, robust=True)


def _public_model(model):
    from .models import DataVersion, ReminderLog, SavedFilter, StoredChanges, StoredCounts

    return (
        model._meta.app_label in ("tracker", "sectors")
        and model not in (DataVersion, ReminderLog, SavedFilter, StoredChanges, StoredCounts)
        and not model.__name__.startswith("Historical")
    )


def _on_save_or_delete(sender, instance, raw=False, **kwargs):
    from .models import StatusUpdate

    if not _public_model(sender):
        return
    # Drafts, submissions and returns are not public; publishing (a save in state
    # 'published') and deleting a published update are.
    if sender is StatusUpdate and instance.state != StatusUpdate.State.PUBLISHED:
        return
    bump_data_version()


def _on_m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and _public_model(type(instance)):
        bump_data_version()


def connect_signals():
    post_save.connect(_on_save_or_delete, dispatch_uid="tracker_data_version_save")
    post_delete.connect(_on_save_or_delete, dispatch_uid="tracker_data_version_delete")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid="tracker_data_version_m2m")


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache, or a 304 when the reader has it.

    Placed after LocaleMiddleware (pages are cached per language) and the auth middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page = getattr(request, "_public_page", None)
        if page is None or getattr(request, "_public_page_hit", False):
            return response
        key, version, etag, last_modified = page
        if not self.storable(request, response):
            return response
        self.add_validators(response, etag, last_modified)
        if settings.TRACKER_PAGE_CACHE_SECONDS and request.method == "GET":
            store_page(
                key, (version, response.content, response.status_code, dict(response.headers))
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.TRACKER_PAGE_CACHE or not self.eligible(request):
            return None
        today = timezone.localdate().isoformat()
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        # One key per page, language and day (what is overdue changes with the date); the page
        # stored there is served only if it was rendered under the current version.
        key = f"tracker-page:{today}:{language}:{path}"
        (version, changed_at), stored = page_version_and_stored(key)
        etag = f'"{version}-{today}-{language}"'
        last_modified = changed_at.timestamp() if changed_at else None
        request._public_page = (key, version, etag, last_modified)

        not_modified = get_conditional_response(
            request, etag=etag, last_modified=last_modified and int(last_modified)
        )
        if not_modified is not None:
            request._public_page_hit = True
            self.add_validators(not_modified, etag, last_modified)
            return not_modified
        if stored is None or stored[0] != version:
            return None
        request._public_page_hit = True
        _version, content, status, headers = stored
        response = HttpResponse(content, status=status)
        for name, value in headers.items():
            response.headers[name] = value
        return response

    @staticmethod
    def eligible(request):
        if request.method not in ("GET", "HEAD"):
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return False
        if any(name in request.COOKIES for name in PERSONAL_COOKIES):
            return False
        if "_export" in request.GET:
            return False
        match = request.resolver_match
        return bool(
            match
            and match.namespaces
            and match.namespaces[0] in PUBLIC_NAMESPACES
            and not getattr(match.func, "page_cache_exempt", False)
        )

    @staticmethod
    def storable(request, response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.has_header("Content-Disposition")
            and "private" not in cache_control
            and "no-store" not in cache_control
        )

    @staticmethod
    def add_validators(response, etag, last_modified):
        response.headers["ETag"] = etag
        if last_modified:
            response.headers["Last-Modified"] = http_date(last_modified)
        # Kept by the browser, but asked about each time: a publication shows at once.
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
