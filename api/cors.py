"""Cross-origin reads: any origin may GET the API, without credentials (no cookies are honoured)."""

from functools import wraps

from django.http import HttpResponse

SAFE_METHODS = "GET, HEAD, OPTIONS"


def open_to_all(view):
    """`Access-Control-Allow-Origin: *` on every answer; HEAD answered as GET (the server drops the
    body, as for Django's own views); OPTIONS, a browser's preflight, answered with the methods and
    headers allowed."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = SAFE_METHODS
            response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, If-None-Match"
            response["Access-Control-Max-Age"] = "86400"
        elif request.method == "HEAD":
            request.method = "GET"
            try:
                response = view(request, *args, **kwargs)
            finally:
                request.method = "HEAD"
        else:
            response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped
