"""The client's address when the site runs behind reverse proxies (DJANGO_TRUSTED_PROXIES)."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The address the outermost trusted proxy was connected from; REMOTE_ADDR with no proxy in front.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with n trusted
    proxies the client is the n-th entry from the right. Entries further left were written by the
    client and are never used.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if count and len(forwarded) >= count:
        try:
            return str(ipaddress.ip_address(forwarded[-count].strip()))
        except ValueError:
            pass  # not through the proxies as configured: fall back to the connection's address
    return request.META.get("REMOTE_ADDR")
