"""Free-text search: Norwegian stemming and weights on PostgreSQL, plain matching on SQLite, and
matching through the clusters' names and former names on both."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from news import search as search_module
from news.filters import ArticleFilter
from news.models import Article
from news.search import search
from tests.builders import category, make_article, make_cluster

postgresql = pytest.mark.postgresql


def slugs(query):
    return list(ArticleFilter(QueryDict(query)).qs.values_list("slug", flat=True))


@pytest.fixture
def health_technology(db):
    return make_cluster(slug="health-technology", name="Health Technology", former_names="Oslo Medtech")


def test_a_former_cluster_name_finds_the_clusters_news(health_technology):
    article = make_article(headline="Klynger seg for helseteknologi", clusters=[health_technology])
    make_article(headline="Noe helt annet")
    assert slugs("q=Oslo+Medtech") == [article.slug]
    assert slugs("q=oslo+medtech") == [article.slug]


def test_the_current_cluster_name_finds_the_clusters_news(health_technology):
    article = make_article(headline="Nye medlemmer", clusters=[health_technology])
    assert slugs("q=Health+Technology") == [article.slug]


def test_headline_lead_and_body_are_searched(db):
    in_headline = make_article(headline="Vaksine mot influensa")
    in_lead = make_article(lead="Om vaksine og vinter.")
    in_body = make_article(body="<p>Ny vaksine er godkjent.</p>")
    make_article(headline="Trening i regn")
    assert set(slugs("q=vaksine")) == {in_headline.slug, in_lead.slug, in_body.slug}


def test_matching_ignores_case(db):
    article = make_article(headline="Klynge i vekst")
    assert slugs("q=KLYNGE") == [article.slug]


def test_an_empty_or_blank_query_filters_nothing(db):
    make_article()
    make_article()
    assert len(slugs("q=")) == len(slugs("q=+++")) == 2


def test_search_never_finds_what_readers_may_not_see(db):
    make_article(headline="Hemmelig vaksine", status=Article.Status.DRAFT)
    assert list(search(Article.objects.published(), "vaksine")) == []


@postgresql
def test_norwegian_stemming_klyngene_finds_klynge(db):
    article = make_article(headline="En klynge for helse", lead="", body="")
    make_article(headline="Trening", lead="", body="")
    assert slugs("q=klyngene") == [article.slug]


@postgresql
def test_stemming_works_the_other_way_too(db):
    article = make_article(headline="Klyngene vokser", lead="", body="")
    assert slugs("q=klynge") == [article.slug]


@postgresql
def test_headline_weighs_more_than_lead_and_lead_more_than_body(db):
    in_body = make_article(headline="A", lead="", body="<p>Om helseteknologi.</p>", category=category())
    in_headline = make_article(headline="Helseteknologi", lead="", body="")
    in_lead = make_article(headline="B", lead="Mer helseteknologi.", body="")
    assert slugs("q=helseteknologi") == [in_headline.slug, in_lead.slug, in_body.slug]


@postgresql
def test_web_search_syntax_phrases_and_exclusions(db):
    both = make_article(headline="Kosthold og trening", lead="", body="")
    only_diet = make_article(headline="Kosthold for barn", lead="", body="")
    assert slugs("q=kosthold+-trening") == [only_diet.slug]
    assert slugs('q="kosthold og trening"') == [both.slug]


@postgresql
def test_bulk_created_articles_are_found_after_update_search_vectors(db):
    template = make_article(headline="Mal")
    Article.objects.bulk_create(
        [
            Article(
                headline="Masseprodusert vaksinenyhet",
                slug="masse",
                category=template.category,
                status=Article.Status.PUBLISHED,
                publish_at=template.publish_at,
            )
        ]
    )
    assert slugs("q=vaksinenyhet") == []
    call_command("update_search_vectors", verbosity=0)
    assert slugs("q=vaksinenyhet") == ["masse"]


@postgresql
def test_update_search_vectors_dry_run_changes_nothing(db):
    Article.objects.bulk_create([Article(headline="Uten vektor", slug="uten", status="published")])
    call_command("update_search_vectors", "--dry-run", verbosity=0)
    assert Article.objects.get(slug="uten").search_vector is None


def test_a_cluster_name_finds_its_newest_news_after_the_articles_with_the_words(
    health_technology, monkeypatch
):
    monkeypatch.setattr(search_module, "MATCHES_THROUGH_CLUSTERS", 2)
    now = timezone.now()
    about = [
        make_article(
            headline=f"Nytt medlem {n}", clusters=[health_technology], publish_at=now - timedelta(days=n)
        )
        for n in range(1, 5)
    ]
    named = make_article(headline="Oslo Medtech vokser", publish_at=now - timedelta(days=30))

    found = slugs("q=Oslo+Medtech")

    assert set(found) == {named.slug, about[0].slug, about[1].slug}
    if connection.vendor == "postgresql":
        assert found == [named.slug, about[0].slug, about[1].slug]
