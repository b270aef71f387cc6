"""One article, the same facts wherever it is shown: the page, its JSON-LD, the feeds and the sitemap
agree on when readers last saw it change, and on who wrote it."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import extruct
import feedparser
import pytest
import time_machine
from django.utils import timezone

from news.models import Article, Correction
from news.sitemaps import ArticleSitemap
from tests.builders import make_article, make_user

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
NOON = datetime(2026, 11, 26, 12, 0, tzinfo=OSLO)


def seen(client, article):
    """When each place says `article` was last modified, and who each says wrote it."""
    page = client.get(article.get_absolute_url()).content.decode()
    (data,) = extruct.extract(page, syntaxes=["json-ld"], uniform=True)["json-ld"]
    byline = re.search(r'class="meta">\s*Av (.+?) · ', page)[1]
    atom = next(e for e in feedparser.parse(client.get("/nyheter/atom/").content).entries)
    rss = next(e for e in feedparser.parse(client.get("/nyheter/rss/").content).entries)
    (url,) = [u for u in ArticleSitemap().get_urls() if u["item"].pk == article.pk]
    return {
        "published": datetime.fromisoformat(data["datePublished"]),
        "json-ld": datetime.fromisoformat(data["dateModified"]),
        "atom": datetime(*atom.updated_parsed[:6], tzinfo=ZoneInfo("UTC")),
        "atom published": datetime(*atom.published_parsed[:6], tzinfo=ZoneInfo("UTC")),
        "sitemap": url["lastmod"],
        "authors": {
            "page": byline.split(", "),
            "json-ld": [author["name"] for author in data["author"]],
            "rss": rss.author.split(", "),
            "atom": atom.author.split(", "),
        },
    }


@pytest.fixture
def scheduled():
    """Written the day before and scheduled for noon, by Kari Nordmann with NTB."""
    with time_machine.travel(NOON - timedelta(days=1), tick=False):
        kari = make_user(first_name="Kari", last_name="Nordmann")
        return make_article(publish_at=NOON, authors=[kari], byline="NTB")


def test_a_scheduled_article_is_modified_when_it_is_published_not_when_it_was_written(client, scheduled):
    with time_machine.travel(NOON + timedelta(hours=1), tick=False):
        facts = seen(client, scheduled)

    assert facts["published"] == facts["atom published"] == NOON
    assert facts["json-ld"] == facts["atom"] == facts["sitemap"] == NOON


def test_an_edit_and_then_a_correction_after_publication_move_modified_on_everywhere(client, scheduled):
    with time_machine.travel(NOON + timedelta(hours=2), tick=False):
        scheduled.save()
    with time_machine.travel(NOON + timedelta(hours=3), tick=False):
        edited = seen(client, scheduled)
        Correction.objects.create(article=scheduled, text="Rettet et navn.")
    with time_machine.travel(NOON + timedelta(hours=4), tick=False):
        corrected = seen(client, scheduled)

    assert edited["json-ld"] == edited["atom"] == edited["sitemap"] == NOON + timedelta(hours=2)
    assert corrected["json-ld"] == corrected["atom"] == corrected["sitemap"] == NOON + timedelta(hours=3)


def test_the_page_its_json_ld_and_the_feeds_name_the_authors_and_then_the_byline(client, scheduled):
    with time_machine.travel(NOON + timedelta(hours=1), tick=False):
        facts = seen(client, scheduled)

    assert facts["authors"] == dict.fromkeys(["page", "json-ld", "rss", "atom"], ["Kari Nordmann", "NTB"])


def test_modified_is_the_same_one_article_at_a_time_and_for_a_list():
    with time_machine.travel(NOON - timedelta(days=1), tick=False):
        written_ahead = make_article(publish_at=NOON)
        edited_after = make_article(publish_at=NOON - timedelta(days=2))
    Correction.objects.create(article=edited_after, text="Rettet.", created=NOON + timedelta(hours=1))

    for article in (written_ahead, edited_after):
        listed = Article.objects.with_modified().get(pk=article.pk).modified
        assert listed == Article.objects.get(pk=article.pk).modified >= article.publish_at
    assert Article.objects.with_modified().get(pk=written_ahead.pk).modified == NOON
    assert timezone.localtime(Article.objects.get(pk=edited_after.pk).modified) == NOON + timedelta(hours=1)
