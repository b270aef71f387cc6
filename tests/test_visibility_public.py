"""Drafts and scheduled articles appear nowhere on the reader's news pages."""

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone
from pytest_django.asserts import assertContains

from news.filters import ArticleFilter
from news.models import Article
from tests.builders import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(register):
    cluster = register["health"]
    return {
        "published": make_article(headline="Synlig vaksinesak", clusters=[cluster]),
        "draft": make_article(headline="Utkast vaksinesak", clusters=[cluster], status=Article.Status.DRAFT),
        "scheduled": make_article(
            headline="Planlagt vaksinesak", clusters=[cluster], publish_at=timezone.now() + timedelta(hours=1)
        ),
    }


def shown(response):
    html = response.content.decode()
    return {word for word in ("Synlig", "Utkast", "Planlagt") if f"{word} vaksinesak" in html}


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/nyheter/",
        "/nyheter/?q=vaksinesak",
        "/nyheter/?klynge=health-technology",
        "/nyheter/?program=nce",
    ],
)
def test_only_the_published_article_is_listed(client, articles, url):
    assert shown(client.get(url)) == {"Synlig"}


def test_counts_leave_hidden_articles_out(client, articles):
    response = client.get("/nyheter/")
    assert response.context["paginator"].count == 1
    counts = ArticleFilter(QueryDict("")).facets.counts()
    assert set(counts["klynge"].values()) == {1}
    assert set(counts["program"].values()) == {1}
    assertContains(response, "Health Technology (1)")


def test_related_articles_leave_hidden_articles_out(client, articles):
    other = make_article(headline="Annen sak", clusters=articles["published"].clusters.all())
    assert shown(client.get(other.get_absolute_url())) == {"Synlig"}


@pytest.mark.parametrize("name", ["draft", "scheduled"])
def test_guessing_the_address_gives_404(client, articles, name):
    assert client.get(articles[name].get_absolute_url()).status_code == 404


def test_a_scheduled_article_appears_when_its_time_comes(client, articles, time_machine):
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    assert shown(client.get("/nyheter/")) == {"Synlig", "Planlagt"}
    assert client.get(articles["scheduled"].get_absolute_url()).status_code == 200
