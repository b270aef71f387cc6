"""The newsroom's article list at archive scale (news/admin_changelist.py): no count of the whole
archive, no DISTINCT, full-text search and search by author, a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news import admin_changelist
from news.models import Article
from tests.builders import logged_in, make_article, make_cluster, make_journalist, make_photo

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:news_article_changelist")
postgresql = pytest.mark.postgresql


@pytest.fixture
def journalist():
    return make_journalist(first_name="Kari", last_name="Nordmann")


@pytest.fixture
def desk(journalist):
    return logged_in(journalist)


def listed(desk, query=""):
    """The headlines the list shows for `query`, and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = desk.get(f"{LIST_URL}{query}")
    assert response.status_code == 200
    headlines = {article.headline for article in response.context["cl"].result_list}
    return headlines, [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize(
    "query", ["", "?q=sak", "?q=Nordmann", "?status=published", "?kategori=helsenyheter"]
)
def test_the_list_takes_the_same_queries_for_5_and_50_articles(desk, journalist, query):
    clusters = [make_cluster(), make_cluster()]
    photo = make_photo()
    for _ in range(5):
        make_article(clusters=clusters, authors=[journalist], lead_photo=photo)
    five, five_sql = listed(desk, query)
    for _ in range(45):
        make_article(clusters=clusters, authors=[journalist], lead_photo=photo)
    fifty, fifty_sql = listed(desk, query)

    assert (len(five), len(fifty)) == (5, 50)
    assert len(five_sql) == len(fifty_sql)


@pytest.mark.parametrize("query", ["", "?q=vaksine", "?q=Kari+Nordmann", "?status=draft"])
def test_no_query_removes_duplicates_or_counts_the_whole_table_beside_the_list(desk, journalist, query):
    make_article(headline="Vaksine", authors=[journalist])
    make_article(headline="Utkast", status=Article.Status.DRAFT)
    headlines, sql = listed(desk, query)
    assert headlines
    assert not [statement for statement in sql if "DISTINCT" in statement.upper()]
    counts = [statement for statement in sql if "COUNT(" in statement.upper()]
    assert len(counts) <= 1, "the list's own count at most, never the whole table's as well"


def test_search_finds_the_words_of_the_headline_and_the_lead(desk):
    make_article(headline="Ny vaksine mot influensa", lead="Godkjent i dag.")
    make_article(headline="Trening i regn", lead="Vaksine for løpere.")
    make_article(headline="Kosthold", lead="Mer grønt.")

    assert listed(desk, "?q=vaksine")[0] == {"Ny vaksine mot influensa", "Trening i regn"}
    assert listed(desk, "?q=regn")[0] == {"Trening i regn"}


def test_search_finds_drafts_and_scheduled_articles_too(desk):
    make_article(headline="Vaksineutkast", status=Article.Status.DRAFT)
    assert listed(desk, "?q=vaksineutkast")[0] == {"Vaksineutkast"}


def test_search_finds_the_articles_of_an_author_by_name(desk, journalist):
    colleague = make_journalist(first_name="Ola", last_name="Hansen", username="ohansen")
    make_article(headline="Karis sak", authors=[journalist])
    make_article(headline="Felles sak", authors=[journalist, colleague])
    make_article(headline="Olas sak", authors=[colleague])

    assert listed(desk, "?q=Kari+Nordmann")[0] == {"Karis sak", "Felles sak"}
    assert listed(desk, "?q=ohansen")[0] == {"Felles sak", "Olas sak"}
    assert listed(desk, "?q=Kari+Hansen")[0] == set(), "every word names the same person"


@postgresql
def test_search_understands_norwegian_word_forms(desk):
    make_article(headline="Klyngene vokser", lead="", body="")
    assert listed(desk, "?q=klynge")[0] == {"Klyngene vokser"}


@postgresql
def test_the_unfiltered_archive_is_counted_from_the_statistics(desk, monkeypatch):
    monkeypatch.setattr(admin_changelist, "ESTIMATE_FROM", 1)
    for n in range(3):
        make_article(headline=f"Sak {n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE news_article")

    with CaptureQueriesContext(connection) as queries:
        response = desk.get(LIST_URL)

    assert response.context["cl"].result_count == 3
    assert not [query for query in queries.captured_queries if "COUNT(" in query["sql"].upper()]
    filtered = desk.get(f"{LIST_URL}?q=sak")
    assert filtered.context["cl"].result_count == 3


def test_a_small_archive_is_counted_exactly(desk):
    for n in range(3):
        make_article(headline=f"Sak {n}")
    assert desk.get(LIST_URL).context["cl"].result_count == 3
