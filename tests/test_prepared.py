"""Querysets built and compiled once per process (helseinfo/prepared.py): each call reads what the
queryset built for its own values reads, and anything asked of it beyond reading is answered as by an
ordinary queryset."""

from datetime import timedelta
from functools import partial
from operator import attrgetter

import pytest
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from helseinfo.prepared import Prepared
from news.models import Article, prepared_cards, published_cards
from news.search import among
from news.views import any_article, article_page, published_article
from tests.builders import make_announcement, make_article, make_cluster, make_photo, make_user

pytestmark = pytest.mark.django_db


def seen(article):
    """What an article page reads of an article: its columns, photo, kept rows and attached links."""
    return (
        {
            field.attname: getattr(article, field.attname)
            for field in Article._meta.concrete_fields
            if field.attname != "search_vector"
        },
        article.lead_photo and article.lead_photo.renditions,
        article.category and article.category.name,
        article.announcement and article.announcement.title,
        [cluster.name for cluster in article.clusters.all()],
        [user.pk for user in article.authors.all()],
    )


@pytest.fixture
def articles():
    clusters = [make_cluster(), make_cluster()]
    return [
        make_article(
            clusters=clusters,
            authors=[make_user()],
            lead_photo=make_photo(),
            announcement=make_announcement(),
        ),
        make_article(clusters=clusters[1:]),
        make_article(),
    ]


def test_each_call_reads_what_the_built_queryset_reads(articles):
    now = timezone.now()
    for article in articles * 2:  # the first call compiles, the others reuse
        (prepared,) = published_article(Article, slug=article.slug, now=now)
        (built,) = article_page(Article.objects.published(now), article.slug)
        assert seen(prepared) == seen(built)
        assert prepared.pk == article.pk


def test_each_call_takes_its_own_time(articles):
    article = articles[0]
    assert list(published_article(Article, slug=article.slug, now=article.publish_at)) == [article]
    assert (
        list(published_article(Article, slug=article.slug, now=article.publish_at - timedelta(seconds=1)))
        == []
    )
    assert list(published_article(Article, slug="no-such-article", now=timezone.now())) == []


def test_drafts_are_read_only_where_asked_for(articles):
    draft = make_article(status=Article.Status.DRAFT)
    assert list(published_article(Article, slug=draft.slug, now=timezone.now())) == []
    assert list(any_article(Article, slug=draft.slug)) == [draft]


def test_what_is_asked_beyond_reading_is_compiled_anew(articles):
    article = articles[0]
    prepared = published_article(Article, slug=article.slug, now=timezone.now())
    assert prepared.count() == 1
    assert prepared.exists()
    assert list(prepared.filter(headline="Ingen slik sak")) == []
    assert list(prepared.values_list("pk", flat=True)) == [article.pk]
    assert prepared.get() == article
    assert list(prepared) == [article]  # and the prepared queryset itself is still as it was


def test_the_queryset_is_built_once_where_its_values_reach_the_sql_unchanged(articles):
    built = []

    def build(articles, slug, now):
        built.append(slug)
        return articles.published(now).filter(slug=slug)

    prepared = Prepared(build, slug="", now=timezone.now())
    for article in articles:
        assert list(prepared(Article, slug=article.slug, now=timezone.now())) == [article]
    if connection.vendor == "postgresql":
        assert not set(built) & {article.slug for article in articles}  # built with stand-ins, then only run
    else:
        # SQLite's parameters are times written as text: built and compiled on each call.
        assert built[1:] == [article.slug for article in articles]


def test_a_value_only_the_sql_would_see_changed_is_built_each_time(articles):
    """A stand-in that does not come through to the parameters (here: made lower case) must not be
    replaced there by the next call's value."""
    prepared = Prepared(lambda articles, slug: articles.filter(slug=slug.lower()), slug="")
    assert list(prepared(Article, slug=articles[1].slug.upper())) == [articles[1]]
    assert list(prepared(Article, slug=articles[2].slug.upper())) == [articles[2]]


def test_a_list_of_keys_is_one_value_where_it_is_one_array(articles):
    """Keys as one array parameter (among() on PostgreSQL): compiled once, each call with keys of its
    own, however many. Keys written as a parameter each (`IN (%s, %s)`): built on each call."""
    built = []

    def build(articles, pks, many):
        built.append(pks)
        return articles.filter(among(pks) if many else Q(pk__in=pks)).order_by("pk")

    as_array = Prepared(partial(build, many=True), pks=[0])
    as_parameters = Prepared(partial(build, many=False), pks=[0])
    keys = sorted(article.pk for article in articles)
    for pks in ([keys[0]], keys, keys[1:], [-1]):
        expected = [article for article in sorted(articles, key=attrgetter("pk")) if article.pk in pks]
        assert list(as_array(Article, pks=pks)) == expected
        assert list(as_parameters(Article, pks=pks)) == expected
    calls = [pks for pks in built if all(pk > 0 or pk == -1 for pk in pks)]
    if connection.vendor == "postgresql":
        assert len(calls) == 4  # the keyed builder, on each call; the array one, never
    else:
        assert len(calls) == 8


def test_published_cards_read_what_a_cards_queryset_reads_in_the_order_asked(articles):
    draft = make_article(status=Article.Status.DRAFT)
    later = make_article(publish_at=timezone.now() + timedelta(hours=1))
    keys = [articles[2].pk, draft.pk, articles[0].pk, later.pk, articles[1].pk]
    for _ in range(2):  # the first call compiles, the second reuses
        cards = published_cards(keys)
        built = Article.objects.published().for_cards().in_order(keys)
        assert [card.pk for card in cards] == [articles[2].pk, articles[0].pk, articles[1].pk]
        assert [card_seen(card) for card in cards] == [card_seen(card) for card in built]
    assert published_cards([]) == []
    compiled = prepared_cards.compiled[(Article, "default")]
    assert (compiled is not None) == (connection.vendor == "postgresql")


def card_seen(card):
    return (
        card.headline,
        card.slug,
        card.lead_photo and card.lead_photo.renditions,
        card.category and card.category.name,
        [cluster.name for cluster in card.clusters.all()],
    )
