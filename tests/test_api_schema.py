"""The API's OpenAPI schema is valid, and the API keeps to it: a contract test (schemathesis) sends each
operation requests generated from the schema, valid and invalid, and checks every answer against it."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.specs.openapi.checks import positive_data_acceptance

from news.filters import ArticleFilter
from tests.builders import make_article, make_photo

pytestmark = pytest.mark.django_db

OPERATIONS = {
    "/api/v1/articles/",
    "/api/v1/articles/{slug}/",
    "/api/v1/clusters/",
    "/api/v1/clusters/{slug}/",
    "/api/v1/tiers/",
    "/api/v1/tiers/{slug}/",
    "/api/v1/regions/",
    "/api/v1/regions/{slug}/",
    "/api/v1/announcements/",
    "/api/v1/announcements/{slug}/",
}


def test_the_schema_is_valid_openapi_3_1_and_describes_every_address(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.1")
    assert set(schema["paths"]) == OPERATIONS
    assert all(set(operations) == {"get"} for operations in schema["paths"].values())


def test_the_schema_declares_every_filter_of_the_news_list(client):
    operation = client.get("/api/v1/schema/").json()["paths"]["/api/v1/articles/"]["get"]
    names = [parameter["name"] for parameter in operation["parameters"]]
    assert names == [*ArticleFilter.base_filters, "cursor", "limit"]
    assert {"200", "400"} <= set(operation["responses"])


@pytest.fixture
def news(register):
    make_article(
        clusters=[register["health"]], lead_photo=make_photo(), announcement=register["announcement"]
    )
    make_article(clusters=[register["grower"], register["subsea"]])


def site(environ, start_response):
    """The site as a WSGI application answering in this test's database transaction: as Django's test
    client does, it keeps the end of a request from closing the database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = HANDLER(environ, start_response)
        body = b"".join(response)
        response.close()
        return [body]
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


HANDLER = WSGIHandler()


@pytest.mark.parametrize("path", sorted(OPERATIONS))
def test_the_api_keeps_to_its_schema(client, news, path):
    """Each operation, with requests generated from the schema the site serves (a bounded number of
    examples: the `ci` profile's, or `make fuzz`'s many more)."""
    schema = schemathesis.openapi.from_dict(client.get("/api/v1/schema/").json())
    schema.app = site
    operation = schema[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(suppress_health_check=list(HealthCheck), deadline=None)
    def keeps_to_it(case):
        # A slug or cursor is valid only if it names a row or a page, which no schema can say: a
        # well-formed one may be refused (400, 404), and every other check holds.
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    keeps_to_it()
