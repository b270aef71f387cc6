"""The full-page cache: public pages for readers without a session, shared by every process.

A reader's GET or HEAD of a public page (a view wrapped in `public_page`) answered 200 is stored
whole (status, headers, body) under its normalised address, the query string's parameters sorted as
`clean_query_string` left them, and tagged with the news generation (news/cache.py). The next reader
of an address with the same normal form, in the same generation, gets it without the view, a
template or a query; any change a page could show starts a new generation, so nobody is served a
page older than the latest save. The ETag is the stored body's, so ConditionalGetMiddleware answers
If-None-Match with a 304 from here too.

Never stored here nor served from here: requests carrying a session or messages cookie or
credentials (the newsroom), and answers other than 200 (a 400 or 404 costs less to make than to
store, and there is no end to bad addresses), that set a cookie, use a CSRF token or a CSP nonce,
or may not be kept (a staff preview). Other views never reach the cache. With the cache unreachable,
pages are rendered as usual. Last in MIDDLEWARE: every other middleware treats a stored page as it
treats a rendered one.
"""

import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_max_age, patch_vary_headers, set_response_etag
from django.utils.http import urlencode

from news.cache import generation_and, pin_generation, reset_generation

PRIVATE = {"private", "no-cache", "no-store"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        finally:
            if pinned := getattr(request, "pinned_generation", None):
                reset_generation(pinned)
        if (missed := getattr(request, "page_cache_miss", None)) and may_share(request, response):
            key, generation = missed
            patch_vary_headers(response, ["Cookie"])  # the newsroom's cookie passes this cache by
            set_response_etag(response)
            stored = (generation, response.status_code, dict(response.items()), response.content)
            cache.set(key, stored, settings.PUBLIC_CACHE_SECONDS)
        return response

    def process_view(self, request, view, args, kwargs):
        """The stored page, if there is one for this reader; else None, and the view runs."""
        if not (getattr(view, "is_public_page", False) and from_a_reader(request)):
            return None
        key = page_key(request)
        generation, stored = generation_and(key)
        if stored is not None and stored[0] == generation:
            status, headers, body = stored[1:]
            return HttpResponse(body, status=status, headers=headers)
        request.page_cache_miss = (key, generation)
        request.pinned_generation = pin_generation(generation)  # the page is made of this generation
        return None


def from_a_reader(request):
    """A GET or HEAD without a session, pending messages or credentials."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def page_key(request):
    """The page's address with its parameters in a fixed order, and the language."""
    query = sorted((name, value) for name, values in request.GET.lists() for value in values)
    address = (
        f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(query)} {request.LANGUAGE_CODE}"
    )
    return f"page:{hashlib.sha256(address.encode()).hexdigest()}"


def may_share(request, response):
    """A 200 public page that is the same for every reader."""
    directives = {part.split("=")[0].strip().lower() for part in response.get("Cache-Control", "").split(",")}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and (get_max_age(response) or 0) > 0
        and not directives & PRIVATE
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(request, "csp_nonce", None)  # django-csp's nonce is true once used
    )
