"""Hostile requests on every public URL: whatever a reader or a robot sends, the answer is sound.

Query strings are generated (Hypothesis): the real filter names and random ones, values with control
characters, unpaired surrogates, invalid UTF-8, markup, thousands of characters, parameters repeated
hundreds of times. tests/hostile.py says what must hold of every answer.
"""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.builders import category, make_article, make_photo
from tests.hostile import check_response, percent_encoded, public_url_names, public_urls, texts

PUBLIC_URL_NAMES = sorted(public_url_names())

FILTERS = ["q", "klynge", "program", "region", "kategori", "fra", "til", "side"]
# Values that mean something, to combine with the garbage: the fixture's slugs, dates, page numbers.
MEANINGFUL = [
    "",
    "health-technology",
    "nce",
    "oslo",
    "helsenyheter",
    "helseblogg",
    "2024-01-01",
    "2024-02-30",
    "0001-01-01",
    "9999-12-31",
    "1",
    "2",
    "0",
    "-1",
    "last",
    "1e10",
    "99999999999999999999999999",
]

names = st.one_of(st.sampled_from(FILTERS), texts(max_size=10))
values = st.one_of(texts(), st.sampled_from(MEANINGFUL), st.binary(max_size=16))
pairs = st.one_of(
    st.builds(lambda name, value: f"{percent_encoded(name)}={percent_encoded(value)}", names, values),
    names.map(percent_encoded),  # a name with no "="
)
repeated = st.builds(
    lambda name, value, times: [f"{name}={percent_encoded(value)}"] * times,
    st.sampled_from(FILTERS),
    st.sampled_from(MEANINGFUL),
    st.integers(2, 400),
)
query_strings = st.lists(st.one_of(pairs.map(lambda pair: [pair]), repeated), max_size=6).map(
    lambda groups: "&".join(pair for group in groups for pair in group)
)

fuzz = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def urls(register):
    cluster, tier, announcement = register["health"], register["tiers"]["nce"], register["announcement"]
    article = make_article(clusters=[cluster], lead_photo=make_photo(), announcement=announcement)
    article.corrections.create(text="Navnet på klyngen var feil.")
    make_article(category=category("helseblogg"))
    return public_urls(article=article, cluster=cluster, tier=tier, announcement=announcement)


def test_every_public_url_pattern_is_fuzzed(urls):
    assert set(PUBLIC_URL_NAMES) == set(urls), "a new public URL: give it a URL in tests/hostile.public_urls"


@pytest.mark.parametrize("name", PUBLIC_URL_NAMES)
@fuzz
@given(query=query_strings)
@example(query="&".join(f"p{n}=1" for n in range(1001)))  # more fields than Django parses
@example(query="klynge=" + "&klynge=".join(["health-technology"] * 200))
@example(query="q=" + "a" * 5000)
@example(query="q=%00")
@example(query="q=%01")
@example(query="q=%0B")
@example(query="klynge=%0B&fra=%0B&til=%0B")
@example(query="q=%FF%FE&kategori=%C3")  # not UTF-8
@example(query="q=%ED%A0%80")  # an unpaired surrogate, as UTF-8 would spell it
@example(query="q=%22%3E%3Cfuzz-marker%3E&region=%27+data-fuzz-marker%3D%271")
@example(query="q=%27%3B+DROP+TABLE+news_article%3B+--&klynge=%27+OR+%271%27%3D%271")
@example(query="program=&region=&kategori=&fra=&til=&q=&klynge=")
@example(query="fra=2025-01-01&til=2020-01-01&side=99999999999999999999999999")
def test_no_query_string_breaks_a_public_url(client, urls, name, query):
    url = f"{urls[name]}?{query}"
    check_response(client.get(url), url)


PATHS = [
    "/{}",
    "/{}/",
    "/nyheter/{}/",
    "/klynger/{}/",
    "/klynger/{}/rss/",
    "/program/{}/",
    "/kunngjoringer/{}/",
]


@fuzz
@given(path=st.sampled_from(PATHS), segment=st.one_of(texts(max_size=30), st.binary(max_size=16)))
@example(path="/nyheter/{}/", segment="\r\nSet-Cookie: x=1")
@example(path="/klynger/{}/rss/", segment=b"\xff\xfe")
def test_no_path_breaks_the_site(client, urls, path, segment):
    url = path.format(percent_encoded(segment))
    check_response(client.get(url), url)


HEADERS = [
    "Accept",
    "Accept-Encoding",
    "Accept-Language",
    "Cookie",
    "Host",
    "If-Modified-Since",
    "If-None-Match",
    "Range",
    "Referer",
    "User-Agent",
    "X-Forwarded-For",
    "X-Forwarded-Proto",
]
# A server hands a view each header as Latin-1 text, whatever bytes came: UTF-8 arrives as mojibake.
header_values = st.one_of(
    texts(surrogates=False, max_size=40).map(lambda text: text.encode().decode("latin-1")),
    st.binary(max_size=40).map(lambda raw: raw.decode("latin-1")),
    st.sampled_from(
        ["*", 'W/"x"', '""', "nb;q=abc", "Thu, 01 Jan 1970 00:00:00 GMT", "sessionid=x; csrftoken="]
    ),
)


@fuzz
@given(
    name=st.sampled_from(PUBLIC_URL_NAMES),
    headers=st.dictionaries(st.sampled_from(HEADERS), header_values, max_size=4),
)
@example(
    name="news:list", headers={"If-None-Match": "*", "If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT"}
)
@example(name="home", headers={"Accept-Language": "nb;q=abc, \x00", "Cookie": "sessionid=\x0b; csrftoken="})
@example(name="news:rss", headers={"Host": "evil.example\x00", "X-Forwarded-For": "1.2.3.4, ::1, not-an-ip"})
def test_no_request_header_breaks_a_public_url(client, urls, name, headers):
    url = urls[name]
    check_response(client.get(url, headers=headers), f"{url} with {headers}")
