"""/api/v1/: the read-only JSON API (django-ninja), its OpenAPI schema and its page for people.

Every answer is public like the pages (`public_page`: the same Cache-Control, the ETag) and open to
every origin (`open_to_all`): any site may read the news with a GET.
"""

from django.urls import URLPattern, path
from ninja import NinjaAPI

from clusters.views import public_page

from . import articles, errors, register, views
from .cors import open_to_all

api = NinjaAPI(
    title="Helseinfo API",
    version="1",
    description="Helseinfos publiserte nyheter og klyngeregisteret, som JSON. Bare lesing.",
    urls_namespace="api",
    openapi_url="schema/",
    docs_url=None,
)
errors.install(api)
api.add_router("", articles.router)
api.add_router("", register.router)


def public(pattern):
    return URLPattern(
        pattern.pattern, open_to_all(public_page(pattern.callback)), pattern.default_args, pattern.name
    )


# The API's root is its page for people, in place of django-ninja's own (which would need CDN assets).
app_name = "api"
urlpatterns = [
    path("", public_page(views.docs), name="api-root"),
    *(public(pattern) for pattern in api.urls[0] if pattern.name != "api-root"),
]
