"""The newsroom's article list at archive scale (news/admin_changelist.py): no count of the whole
archive, a filtered count that stops at its bound, no DISTINCT, full-text search and search by
author, the rows read as shown, a fixed number of queries."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import admin_list_filter, results
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from news import admin_changelist
from news.models import Article, Category
from news.templatetags.news_admin import article_list_filter
from tests.builders import (
    category,
    in_rows,
    logged_in,
    make_article,
    make_cluster,
    make_journalist,
    make_photo,
    make_user,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:news_article_changelist")
postgresql = pytest.mark.postgresql


@pytest.fixture
def journalist():
    return make_journalist(first_name="Kari", last_name="Nordmann")


@pytest.fixture
def desk(journalist):
    return logged_in(journalist)


def listed_page(client, query=""):
    """The list's HTML for `query`, and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{LIST_URL}{query}")
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


def rows_of(page):
    start = page.index('<table id="result_list">')
    return page[start : page.index("</table>", start)]


def listed(desk, query=""):
    """The headlines the list shows for `query`, and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = desk.get(f"{LIST_URL}{query}")
    assert response.status_code == 200
    headlines = {article.headline for article in response.context["cl"].result_list}
    return headlines, [query["sql"] for query in queries.captured_queries]


# Session, user, the journalist's two permission lookups, the view's savepoint and its release; the
# filters' categories, clusters and tiers; the count; the page's keys, its rows, their authors' and
# clusters' links (on PostgreSQL in the rows), the register today (its clusters and tiers: the
# clusters' names, kept for the news generation, as the authors' are) and the categories.
LIST_QUERIES = 18 - in_rows(2)


@pytest.fixture
def deep_category():
    """A category three levels down: its path («Helseblogg › Kosthold › Barn») takes no query per row."""
    return Category.objects.create(name="Barn", slug="barn", parent=category("kosthold"))


@pytest.mark.parametrize(
    ("query", "extra"),
    [
        ("", 0),  # and on PostgreSQL the statistics, asked in vain below ESTIMATE_FROM
        ("?q=sak", 1),  # the authors named like the search
        ("?q=Nordmann", 1),
        ("?status=published", 0),
        ("?kategori=helsenyheter", 2),  # the category chosen, the category tree (then kept)
        ("?kategori=kosthold", 2),  # however deep the categories beneath it
        ("?clusters__id__exact={cluster}", 0),
    ],
)
def test_the_list_takes_the_same_queries_for_5_and_60_articles(desk, journalist, deep_category, query, extra):
    clusters = [make_cluster(), make_cluster()]
    query = query.format(cluster=clusters[0].pk)
    photo = make_photo()
    shelves = [category(), deep_category, category("kosthold")]
    for n in range(5):
        make_article(clusters=clusters, authors=[journalist], lead_photo=photo, category=shelves[n % 3])
    five, five_sql = listed(desk, query)
    for n in range(55):
        make_article(clusters=clusters, authors=[journalist], lead_photo=photo, category=shelves[n % 3])
    sixty, sixty_sql = listed(desk, query)

    assert 0 < len(five) <= 5 and 0 < len(sixty) <= 50, "60 articles are more than one page"
    postgresql = connection.vendor == "postgresql"
    statistics = 1 if query == "" and postgresql else 0
    # On PostgreSQL a filtered list's page is sorted from the keys and times its count found.
    sorted_from_keys = -1 if query and postgresql else 0
    assert len(five_sql) == len(sixty_sql) == LIST_QUERIES + extra + statistics + sorted_from_keys


def test_a_category_is_shown_with_the_categories_above_it(desk, deep_category):
    make_article(headline="Matpakka", category=deep_category)
    response = desk.get(LIST_URL)
    assert "Helseblogg › Kosthold › Barn" in response.content.decode()


def test_the_cluster_filter_offers_the_clusters_by_name(desk):
    cluster = make_cluster(name="Oslo Medtech")
    make_article(headline="Medtech-sak", clusters=[cluster])
    make_article(headline="Annen sak")

    page = desk.get(LIST_URL).content.decode()

    assert f'href="?clusters__id__exact={cluster.pk}"' in page and "Oslo Medtech" in page
    assert listed(desk, f"?clusters__id__exact={cluster.pk}")[0] == {"Medtech-sak"}


def test_a_second_view_of_a_page_renders_its_rows_from_the_cache(desk, journalist):
    for _ in range(3):
        make_article(clusters=[make_cluster()], authors=[journalist], lead_photo=make_photo())
    first, first_sql = listed_page(desk)
    again, again_sql = listed_page(desk)

    assert rows_of(again) == rows_of(first) and "<tbody>" in rows_of(first)
    # No rows, authors' or clusters' links (on PostgreSQL in the rows), register or categories read
    # for the rows, nor the filters' categories, clusters and tiers, nor (PostgreSQL) the table's
    # estimated size.
    assert len(again_sql) == len(first_sql) - 10 + in_rows(1)


def test_a_saved_article_is_listed_as_saved_at_once(desk):
    article = make_article(headline="Før")
    listed_page(desk)
    article.headline = "Etter"
    article.save()
    assert "Etter" in listed_page(desk)[0] and "Før" not in listed_page(desk)[0]


def test_a_new_cluster_is_a_filter_choice_at_once(desk):
    make_article(headline="Sak")
    listed_page(desk)
    cluster = make_cluster(name="Ny klynge")
    assert f'href="?clusters__id__exact={cluster.pk}"' in listed_page(desk)[0]


def test_a_view_only_colleague_gets_the_rows_without_checkboxes(desk):
    make_article(headline="Sak")
    listed_page(desk)
    colleague = make_user()
    colleague.user_permissions.add(Permission.objects.get(codename="view_article"))
    page = listed_page(logged_in(colleague))[0]
    assert "Sak" in page and 'class="action-select"' not in page


@pytest.fixture
def varied(journalist, deep_category):
    """Articles with and without what the columns show, and text that must be escaped."""
    cluster = make_cluster(name="Helse & <Teknologi>")
    make_article(
        headline='Sykehus & «helse» <i>"nå"</i>',
        clusters=[cluster, make_cluster()],
        authors=[journalist, make_journalist(first_name="", last_name="", username="ola")],
        byline="NTB <b>",
        lead_photo=make_photo(),
        category=deep_category,
    )
    make_article(headline="Uten kategori", category=None, byline="")
    make_article(headline="Utkast uten dato", status=Article.Status.DRAFT)
    make_article(headline="Planlagt", publish_at=timezone.now() + timedelta(days=2))


@pytest.mark.parametrize(
    "query", ["", "?q=sykehus", "?status=draft&o=-3", "?q=Nordmann&kategori=barn", "?_popup=1&_to_field=id"]
)
def test_the_rows_are_djangos_own(desk, varied, query):
    with translation.override("nb"):
        response = desk.get(f"{LIST_URL}{query}")
        cl = response.context["cl"]
        assert cl.result_list, query
        assert admin_changelist.rows(cl) == [list(row) for row in results(cl)]
    assert ("data-popup-opener" in response.content.decode()) == ("_popup" in query)


FILTERED = [
    "",
    "?q=sykehus&status=published",
    "?kategori=barn&publish_at__gte=2020-01-01+00%3A00%3A00%2B01%3A00",
]


@pytest.mark.parametrize("query", FILTERED)
def test_the_filters_are_djangos_own(desk, varied, query):
    with translation.override("nb"):
        cl = desk.get(f"{LIST_URL}{query}").context["cl"]
        written = [(article_list_filter(cl, spec), admin_list_filter(cl, spec)) for spec in cl.filter_specs]
    assert len(written) >= 4, "status, category, cluster and date (tier: with tiers)"
    for ours, djangos in written:
        assert ours == djangos


def test_the_rows_do_not_read_the_body(desk):
    make_article(headline="Lang sak", body="<p>Brødtekst som listen ikke viser.</p>")
    headlines, sql = listed(desk)
    rows = [statement for statement in sql if statement.startswith('SELECT "news_article"."id"')]
    assert headlines == {"Lang sak"}
    assert rows and not [statement for statement in rows if '"news_article"."body"' in statement]


def test_the_checkbox_is_djangos_own(journalist):
    article = make_article(headline='Sykehus & «helse» <i>"nå"</i>')
    model_admin = admin.site._registry[Article]
    with translation.override("nb"):
        assert model_admin.action_checkbox(article) == admin.ModelAdmin.action_checkbox(model_admin, article)


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
def test_a_search_counts_from_the_index_and_walks_its_page_by_date(desk, monkeypatch):
    """The count wants every match: its words are hidden from the planner, which then takes them from
    the full-text index, never a scan of the table unpacking each row's vector (a common word). A page
    walked in date order (more matches than are sorted from their keys) keeps the words in sight."""
    monkeypatch.setattr(admin_changelist, "SORTED_UP_TO", 0)
    monkeypatch.setattr(admin.site._registry[Article], "list_per_page", 2)
    for n in range(3):
        make_article(headline=f"Sykehus {n}", publish_at=timezone.now() - timedelta(days=n))

    headlines, sql = listed(desk, "?q=sykehus")

    assert headlines == {"Sykehus 0", "Sykehus 1"}
    (count,) = [statement for statement in sql if statement.startswith("WITH found AS MATERIALIZED")]
    (page,) = [statement for statement in sql if statement.endswith(" LIMIT 2")]
    assert "@@ (SELECT websearch_to_tsquery(" in count
    assert "@@ (websearch_to_tsquery(" in page


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


@pytest.fixture
def bounded(monkeypatch):
    """A count that stops at 3, on pages of 2 rows."""
    monkeypatch.setattr(admin_changelist, "COUNT_UP_TO", 3)
    monkeypatch.setattr(admin.site._registry[Article], "list_per_page", 2)


def test_a_search_with_more_matches_than_the_bound_says_more_than(desk, bounded):
    for n in range(5):
        make_article(headline=f"Vaksine {n}")

    response = desk.get(f"{LIST_URL}?q=vaksine")

    cl = response.context["cl"]
    assert (cl.result_count, cl.paginator.num_pages, cl.paginator.more_than_count) == (3, 2, True)
    page = response.content.decode()
    assert "mer enn 3 resultater" in page
    assert "mer enn 3 artikler" in page
    assert "Velg alle treff, mer enn 3 artikler" in page
    assert desk.get(f"{LIST_URL}?q=vaksine&p=2").context["cl"].result_list[0].headline == "Vaksine 2"


def test_a_search_within_the_bound_is_counted_exactly(desk, bounded):
    for n in range(3):
        make_article(headline=f"Vaksine {n}")

    response = desk.get(f"{LIST_URL}?q=vaksine")

    cl = response.context["cl"]
    assert (cl.result_count, cl.paginator.more_than_count) == (3, False)
    page = response.content.decode()
    assert "3 resultater" in page and "mer enn" not in page


@pytest.mark.parametrize(
    "query",
    ["q=vaksine", "q=vaksine&o=1", "q=vaksine&o=-3.1", "q=vaksine&o=3", "status=draft&o=3", "status=draft"],
)
def test_a_filtered_list_sorted_from_its_keys_has_the_pages_of_the_full_query(desk, monkeypatch, query):
    """On PostgreSQL a filtered list of at most SORTED_UP_TO rows has its keys found first and its pages
    sorted from them (by time and key in Python, in SQL otherwise); a larger one is paged by the
    filtered query itself. The same pages either way, with times shared by several articles."""
    monkeypatch.setattr(admin.site._registry[Article], "list_per_page", 2)
    now = timezone.now()
    for n in range(7):
        status = Article.Status.DRAFT if n % 3 == 0 else Article.Status.PUBLISHED
        make_article(headline=f"Vaksine {n % 4}", status=status, publish_at=now - timedelta(days=n % 5))
    make_article(headline="Noe annet")

    def pages():
        listed, number, last = [], 1, 1
        while number <= last:
            cl = desk.get(f"{LIST_URL}?{query}&p={number}").context["cl"]
            listed.append([article.pk for article in cl.result_list])
            number, last = number + 1, cl.paginator.num_pages
        return listed, cl.paginator.found

    sorted_pages, found = pages()
    monkeypatch.setattr(admin_changelist, "SORTED_UP_TO", 0)
    walked_pages, none = pages()

    assert sorted_pages == walked_pages
    assert sum(len(page) for page in sorted_pages) == (7 if query.startswith("q=") else 3)
    assert none is None
    assert (found is not None) == (connection.vendor == "postgresql")


def test_selecting_all_matches_beyond_the_bound_acts_on_every_match(desk, bounded):
    articles = [make_article(headline=f"Vaksine {n}") for n in range(5)]
    response = desk.post(
        f"{LIST_URL}?q=vaksine",
        {"action": "unpublish", "select_across": "1", "index": "0", "_selected_action": [articles[0].pk]},
    )
    assert response.status_code == 302
    assert not Article.objects.published().filter(headline__startswith="Vaksine").exists()
