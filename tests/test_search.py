"""Free-text search: Norwegian stemming and weights on PostgreSQL, plain matching on SQLite, and
matching through the clusters' names and former names on both."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news import search as search_module
from news.filters import ArticleFilter
from news.models import Article
from news.search import Ranked, matching_clusters, matching_ids, search
from tests.builders import category, in_rows, make_article, make_cluster

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


# What the news list takes from search: every match's primary key (for its counts and total), and its
# pages in order (Ranked), in a fixed number of queries whatever the number of matches.


def newest_first(articles):
    """A Ranked `newest`, as an index of the archive gives it: the matches' primary keys newest first."""
    pks = [article.pk for article in sorted(articles, key=lambda a: (a.publish_at, a.pk), reverse=True)]
    return lambda start, stop: pks[start:stop]


def pages(results, size):
    return [
        [article.slug for article in results[start : start + size]] for start in range(0, len(results), size)
    ]


def test_matching_ids_are_the_articles_search_finds(health_technology, monkeypatch):
    monkeypatch.setattr(search_module, "MATCHES_THROUGH_CLUSTERS", 2)
    with_words = [make_article(headline="Oslo Medtech vokser"), make_article(body="<p>Om Oslo Medtech.</p>")]
    about = [make_article(clusters=[health_technology]) for _ in range(3)]
    make_article(headline="Noe helt annet")
    published = Article.objects.published()

    found = matching_ids(published, "Oslo Medtech")

    assert sorted(found) == sorted(search(published, "Oslo Medtech").values_list("pk", flat=True))
    assert set(found) == {article.pk for article in [*with_words, *about[:2]]}
    assert sorted(matching_ids(published, "  ")) == sorted(published.values_list("pk", flat=True))


def test_matching_ids_take_the_matches_through_clusters_from_the_caller(health_technology):
    named = make_article(headline="Oslo Medtech vokser")
    about = make_article(clusters=[health_technology])
    other = make_article(headline="Noe helt annet")
    published = Article.objects.published()

    assert set(matching_ids(published, "Oslo Medtech", through=[other.pk])) == {named.pk, other.pk}
    assert set(matching_ids(published, "Oslo Medtech", through=[])) == {named.pk}
    assert set(matching_ids(published, "Oslo Medtech")) == {named.pk, about.pk}


@pytest.mark.parametrize("articles", [3, 12])
def test_matching_ids_take_one_query_whatever_the_number_of_matches(health_technology, articles):
    for n in range(articles):
        make_article(headline=f"Vaksine {n}", clusters=[health_technology] if n % 2 else [])
    published = Article.objects.published()
    cluster_ids = matching_clusters("Health Technology")

    with CaptureQueriesContext(connection) as queries:
        found = matching_ids(published, "vaksine", cluster_ids)
        through = matching_ids(published, "Health Technology", cluster_ids)
        given = matching_ids(published, "vaksine", through=[])

    assert len(found) == len(given) == articles
    assert len(through) == articles // 2
    assert len(queries) == 3


@pytest.mark.parametrize("articles", [3, 12])
def test_a_search_takes_one_query_and_one_for_the_clusters_not_given(health_technology, articles):
    for n in range(articles):
        make_article(headline=f"Vaksine {n}", clusters=[health_technology] if n % 2 else [])
    published = Article.objects.published()
    cluster_ids = matching_clusters("Health Technology")

    with CaptureQueriesContext(connection) as given:
        assert len(list(search(published, "Health Technology", cluster_ids))) == articles // 2
    with CaptureQueriesContext(connection) as resolved:
        assert len(list(search(published, "vaksine"))) == articles

    assert len(given) == 1
    assert len(resolved) == 2  # the clusters matching, the articles


@postgresql
def test_only_the_newest_matches_are_ranked_the_older_follow_newest_first(db, monkeypatch):
    monkeypatch.setattr(search_module, "RANKED_MATCHES", 2)
    now = timezone.now()
    old_headline = make_article(headline="Vaksine", lead="", body="", publish_at=now - timedelta(days=9))
    older_body = make_article(
        headline="A", lead="", body="<p>Vaksine.</p>", publish_at=now - timedelta(days=5)
    )
    newer_body = make_article(
        headline="B", lead="", body="<p>Vaksine.</p>", publish_at=now - timedelta(days=2)
    )
    new_lead = make_article(headline="C", lead="Vaksine.", body="", publish_at=now - timedelta(days=1))

    assert slugs("q=vaksine") == [new_lead.slug, newer_body.slug, older_body.slug, old_headline.slug]
    monkeypatch.setattr(search_module, "RANKED_MATCHES", 500)
    assert slugs("q=vaksine") == [old_headline.slug, new_lead.slug, newer_body.slug, older_body.slug]


@pytest.mark.parametrize("ranked", [500, 3])
def test_ranked_pages_are_searchs_order_sliced(db, monkeypatch, ranked):
    """A page among the ranked, one beyond them and one across the bound alike."""
    monkeypatch.setattr(search_module, "RANKED_MATCHES", ranked)
    now = timezone.now()
    found = [
        make_article(
            headline="Vaksine" if n % 3 else "Annet",
            body="<p>Vaksine.</p>",
            publish_at=now - timedelta(days=n),
        )
        for n in range(1, 9)
    ]
    make_article(headline="Noe helt annet")
    published = Article.objects.published()
    results = Ranked(published.for_cards(), "vaksine", newest_first(found), len(found))

    expected = list(search(published, "vaksine").values_list("slug", flat=True))
    assert [slug for page in pages(results, 2) for slug in page] == expected
    assert [slug for page in pages(results, 5) for slug in page] == expected
    assert results[4].slug == expected[4]


@pytest.mark.parametrize("articles", [12, 30])
def test_a_ranked_page_takes_the_same_queries_whatever_the_number_of_matches(
    health_technology, monkeypatch, articles
):
    monkeypatch.setattr(search_module, "RANKED_MATCHES", 10)
    found = [make_article(headline="Vaksine", clusters=[health_technology]) for _ in range(articles)]
    results = Ranked(Article.objects.published().for_cards(), "vaksine", newest_first(found), len(found))

    with CaptureQueriesContext(connection) as first:
        assert len(results[0:4]) == 4
    with CaptureQueriesContext(connection) as beyond:
        assert len(results[len(found) - 2 : len(found)]) == 2

    # PostgreSQL: the page's primary keys by rank, its articles with their links to clusters, and the
    # clusters, tiers and categories (then kept for the news generation). SQLite: newest first, no
    # ranking, and the links to clusters read on their own.
    assert len(first) == 5
    assert len(beyond) == 2 - in_rows(1)  # the articles, their links to clusters


def test_ranked_without_postgresql_is_newest_first(db, monkeypatch):
    monkeypatch.setattr(search_module, "is_postgresql", lambda: False)
    now = timezone.now()
    found = [make_article(headline="Vaksine", publish_at=now - timedelta(days=n)) for n in range(1, 4)]
    results = Ranked(Article.objects.published(), "vaksine", newest_first(found), len(found))
    assert [article.slug for article in results[0:3]] == [article.slug for article in found]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text index")
def test_a_saved_articles_words_go_into_the_full_text_index_at_once(db):
    """Not into GIN's pending list, which every search reads and which made the planner read the whole
    table instead until VACUUM merged it (migration 0017)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'article_search_idx'")
        assert cursor.fetchone()[0] == ["fastupdate=off"]
