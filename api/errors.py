"""The API's errors, as JSON: {"error": what is wrong, "errors": {parameter: [{message, code}]}}."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import ValidationError


class InvalidQuery(Exception):
    """A query string the API cannot answer; `errors` as Django's ErrorDict.get_json_data() gives them."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def invalid_query(request, error, api):
    body = {"error": _("Spørringen kunne ikke brukes."), "errors": error.errors}
    return api.create_response(request, body, status=400)


def invalid_parameters(request, error, api):
    """A parameter the API's own declaration refuses (`limit=abc`), said as InvalidQuery says it."""
    errors = {}
    for found in error.errors:
        location = found.get("loc") or ()
        name = str(location[1]) if len(location) > 1 else "__all__"  # ("query", "limit", …)
        errors.setdefault(name, []).append({"message": found["msg"], "code": found["type"]})
    return invalid_query(request, InvalidQuery(errors), api)


def not_found(request, error, api):
    return api.create_response(request, {"error": _("Finnes ikke."), "errors": {}}, status=404)


def install(api):
    """Answer the API's errors in JSON."""
    api.add_exception_handler(InvalidQuery, lambda request, error: invalid_query(request, error, api))
    api.add_exception_handler(ValidationError, lambda request, error: invalid_parameters(request, error, api))
    api.add_exception_handler(Http404, lambda request, error: not_found(request, error, api))
