"""Public pages cached per data version, with ETag and Last-Modified so repeat readers get a 304.

The data version is one database row, raised after every commit that changes what the public
sees (publishing an update, an admin edit, an import). A cached page is keyed on it, so a page
is never served from before the last publication: there is nothing to invalidate, old keys just
stop being asked for. Reading the version costs one primary-key query, on the database every
app server shares, so all workers agree at once without a shared cache.

Only anonymous readers are served from the cache: a request with a session or a message cookie
is rendered afresh, and a page that used a CSRF token or set a cookie is never stored.
"""

import hashlib

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


def _raise_version():
    from .models import DataVersion

    now = timezone.now()
    if not DataVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now):
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 1, "changed_at": now})


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
    from .models import DataVersion, ReminderLog, SavedFilter, StoredCounts

    return (
        model._meta.app_label in ("tracker", "sectors")
        and model not in (DataVersion, ReminderLog, SavedFilter, StoredCounts)
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
        key, etag, last_modified = page
        if not self.storable(request, response):
            return response
        self.add_validators(response, etag, last_modified)
        seconds = settings.TRACKER_PAGE_CACHE_SECONDS
        if seconds and request.method == "GET":
            caches[settings.TRACKER_PAGE_CACHE_ALIAS].set(
                key,
                (response.content, response.status_code, dict(response.headers)),
                seconds,
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.TRACKER_PAGE_CACHE or not self.eligible(request):
            return None
        version, changed_at = get_data_version()
        today = timezone.localdate().isoformat()
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        # Pages also change with the date (what is overdue), so the date is part of the tag.
        etag = f'"{version}-{today}-{language}"'
        last_modified = changed_at.timestamp() if changed_at else None
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"tracker-page:{version}:{today}:{language}:{path}"
        request._public_page = (key, etag, last_modified)

        not_modified = get_conditional_response(
            request, etag=etag, last_modified=last_modified and int(last_modified)
        )
        if not_modified is not None:
            request._public_page_hit = True
            self.add_validators(not_modified, etag, last_modified)
            return not_modified
        if not settings.TRACKER_PAGE_CACHE_SECONDS:
            return None
        cached = caches[settings.TRACKER_PAGE_CACHE_ALIAS].get(key)
        if cached is None:
            return None
        request._public_page_hit = True
        content, status, headers = cached
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
        return bool(match and match.namespaces and match.namespaces[0] in PUBLIC_NAMESPACES)

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
