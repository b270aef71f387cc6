from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict
from django.utils.http import urlencode

from textrules import clean


def clean_query_string(get_response):
    """request.GET with its keys and values cleaned (`textrules.clean`): no page, feed or form echoes a
    control character that a link carried.

    More parameters than DATA_UPLOAD_MAX_NUMBER_FIELDS answer 400, with DEBUG on too: Django's debug
    error page reads request.GET again, so it gets an empty one instead of failing with a 500.
    """

    def middleware(request):
        try:
            query = request.GET
        except TooManyFieldsSent:
            request.GET = QueryDict()
            raise
        pairs = [(key, value) for key, values in query.lists() for value in values]
        cleaned = [(clean(key, multiline=False), clean(value, multiline=False)) for key, value in pairs]
        if cleaned != pairs:
            request.GET = QueryDict(urlencode(cleaned))
        return get_response(request)

    return middleware
