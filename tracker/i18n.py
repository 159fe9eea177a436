"""The language switcher: English, Japanese or Hindi for the interface, kept in a cookie."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def switch_language(request, code):
    """Remember the reader's interface language and send them back to the page they were on.

    A plain link rather than Django's `set_language` form, so that public pages carry no CSRF
    token and stay cacheable, and the switcher works without JavaScript. It writes nothing but
    the reader's own preference cookie: no data changes on GET.
    """
    if code not in dict(settings.LANGUAGES) or not check_for_language(code):
        raise Http404("Unknown language.")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("tracker:dashboard")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
