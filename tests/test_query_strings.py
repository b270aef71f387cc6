"""Whatever a link holds, in its query string or its path: no 500, no control character echoed."""

import pytest

from tests.builders import make_cluster

pytestmark = pytest.mark.django_db

PAGES = ["/", "/nyheter/", "/klynger/"]
URLS = [*PAGES, "/nyheter/rss/", "/nyheter/atom/", "/klynger/health-technology/rss/"]


def query(parameters):
    return "&".join(f"klynge=k{n}" for n in range(parameters))


@pytest.fixture(autouse=True)
def cluster():
    return make_cluster(slug="health-technology")


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("url", URLS)
def test_more_than_1000_parameters_answer_400_never_500(client, settings, url, debug):
    settings.DEBUG = debug
    assert client.get(f"{url}?{query(1001)}").status_code == 400


def test_1000_parameters_are_still_read(client):
    assert client.get(f"/klynger/?{query(1000).replace('klynge', 'ukjent')}").status_code == 200


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(
    ("typed", "shown"),
    [("a%0Bb", "a b"), ("a%0Ab", "a b"), ("a%01b", "ab"), ("a%EF%BF%BEb", "ab"), ("a%C2%9Fb", "aŸb")],
)
def test_a_search_text_comes_back_in_the_search_box_without_control_characters(client, url, typed, shown):
    page = client.get(f"{url}?q={typed}&%01ukjent=%0B", follow=True).content.decode()
    assert f'value="{shown}"' in page
    assert not any(c in page for c in "\x01\x0b\x9f\ufffe")


@pytest.mark.parametrize("path", ["/%00", "/nyheter/a%0Bb/", "/klynger/%EF%BF%BE/"])
def test_an_unknown_address_answers_404_without_echoing_control_characters(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert not any(c in response.content.decode() for c in "\x00\x0b\ufffe")
