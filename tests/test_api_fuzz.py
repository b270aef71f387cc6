"""Hostile and random query strings on the article list of the API (Hypothesis, with the strategies of
tests/test_fuzz_public.py): never a server error, always JSON, a 400 names what was wrong; and for any
combination of real filter values the API lists what the HTML list lists."""

import base64
import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from news.filters import ArticleFilter
from tests.builders import category, make_article, make_photo
from tests.hostile import check_response, percent_encoded, texts
from tests.test_api_articles import listed
from tests.test_fuzz_public import query_strings

pytestmark = pytest.mark.django_db

fuzz = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

PARAMETERS = {*ArticleFilter.base_filters, "cursor", "limit", "__all__"}


@pytest.fixture
def news(register):
    make_article(
        clusters=[register["health"]], lead_photo=make_photo(), announcement=register["announcement"]
    )
    make_article(clusters=[register["grower"]], category=category("helseblogg"))
    make_article(clusters=[register["subsea"], register["health"]], category=category("kosthold"))


def encoded(value):
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4),
    max_leaves=6,
)
cursors = st.one_of(
    texts(max_size=40),
    json_values.map(encoded),
    st.tuples(st.datetimes(timezones=st.timezones()), st.integers()).map(
        lambda k: encoded([k[0].isoformat(), k[1]])
    ),
)
api_query_strings = st.one_of(
    query_strings,
    st.builds(
        lambda query, cursor, limit: (
            f"{query}&cursor={percent_encoded(cursor)}&limit={percent_encoded(limit)}"
        ),
        query_strings,
        cursors,
        st.one_of(st.integers(-5, 200).map(str), texts(max_size=10)),
    ),
)


@fuzz
@given(query=api_query_strings)
@example(query="cursor=" + encoded([float("1e400"), "2024-01-01T00:00:00+00:00", 1]))
@example(query="q=helse&cursor=" + encoded([None, "2024-01-01T00:00:00+00:00", 1]))
@example(query="q=helse&cursor=" + encoded([0.5, "0001-01-01T00:00:00+01:00", 1]))
@example(query="cursor=" + encoded(["2024-01-01T00:00:00+00:00", 9223372036854775807]))
@example(query="limit=99999999999999999999999&cursor=%00")
def test_no_query_string_breaks_the_api(client, news, query):
    url = f"/api/v1/articles/?{query}"
    response = client.get(url)
    check_response(response, url)
    assert response.status_code in (200, 400)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    if response.status_code == 400:
        assert set(response.json()["errors"]) <= PARAMETERS


MEANINGFUL = {
    "q": ["helse", "sak", "Oslo Medtech", ""],
    "klynge": ["health-technology", "gce-subsea", "klynge-som-vokste", ""],
    "program": ["gce", "nce", "arena", ""],
    "region": ["oslo", "bergen", ""],
    "kategori": ["helsenyheter", "helseblogg", "kosthold", ""],
    "fra": ["2000-01-01", "2030-01-01", ""],
    "til": ["2000-01-01", "2030-01-01", ""],
}
real_queries = st.lists(
    st.sampled_from(list(MEANINGFUL)).flatmap(
        lambda name: st.sampled_from(MEANINGFUL[name]).map(lambda v: (name, v))
    ),
    max_size=5,
).map(lambda pairs: "&".join(f"{name}={percent_encoded(value)}" for name, value in pairs))


@fuzz
@given(query=real_queries)
def test_any_combination_of_real_filters_lists_what_the_html_list_lists(client, news, query):
    response = client.get(f"/api/v1/articles/?{query}")
    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["items"]] == listed(client, query)
