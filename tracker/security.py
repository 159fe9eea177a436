"""Small pieces of the security controls that settings point at (see SECURITY.md)."""

from django.conf import settings


def client_ip(request):
    """The client's address for login throttling.

    Directly exposed, REMOTE_ADDR. Behind DJANGO_TRUSTED_PROXY_COUNT proxies that each append to
    X-Forwarded-For, the address the outermost trusted proxy saw: counted from the right, so a
    client cannot choose its own address by sending the header itself.
    """
    count = settings.TRACKER_TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
