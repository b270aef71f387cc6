"""An article's links to clusters and authors, read with the articles: in their rows on PostgreSQL,
by a query of the links elsewhere, in the order they were added either way; the authors' names kept
for the news generation. Its category and announcement, from the rows kept for the generation."""

import pytest
from django.db import connection

from clusters.models import Announcement
from news.models import Article, Category, author_rows, authors_kept, kept_rows, linked
from tests.builders import category, make_announcement, make_article, make_cluster, make_user

pytestmark = pytest.mark.django_db


def test_an_articles_links_come_in_the_order_they_were_added(django_assert_num_queries):
    first, second, third = make_cluster(), make_cluster(), make_cluster()
    kari, ola = (
        make_user(first_name="Kari", last_name="Nordmann"),
        make_user(username="ola", first_name="", last_name=""),
    )
    article = make_article()
    article.clusters.add(third)
    article.clusters.add(first)
    article.clusters.add(second)
    article.authors.add(ola)
    article.authors.add(kari)

    found = Article.objects.with_register_clusters().with_author_names().get(pk=article.pk)
    authors_kept()  # the names, once per generation

    in_rows = connection.vendor == "postgresql"
    assert hasattr(found, "linked_clusters") == hasattr(found, "linked_authors") == in_rows
    with django_assert_num_queries(0 if in_rows else 2):
        assert linked("clusters", [found])[article.pk] == [third.pk, first.pk, second.pk]
        assert linked("authors", [found])[article.pk] == [ola.pk, kari.pk]
    assert [user.get_full_name() or user.username for user in found.authors.all()] == ["ola", "Kari Nordmann"]
    assert {cluster.pk for cluster in found.clusters.all()} == {first.pk, second.pk, third.pk}


def test_values_rows_bring_their_links_too():
    cluster, author = make_cluster(), make_user()
    article = make_article(clusters=[cluster], authors=[author])
    articles = Article.objects.filter(pk=article.pk).with_register_clusters().with_author_names()
    rows = list(articles.values("pk", *articles.query.annotations))
    assert linked("clusters", rows) == {article.pk: [cluster.pk]}
    assert linked("authors", rows) == {article.pk: [author.pk]}


def test_an_author_the_kept_names_lack_is_read(django_assert_num_queries):
    article = make_article(authors=[make_user(last_name="Nordmann")])
    authors_kept()
    newcomer = make_user(first_name="Per", last_name="Hansen")
    # A link written around the ORM's signals: the generation, and the names kept for it, stay.
    Article.authors.through.objects.bulk_create([Article.authors.through(article=article, user=newcomer)])

    links = linked("authors", [article])
    with django_assert_num_queries(1):
        found = author_rows(links)
    assert [row[2:] for row in found[article.pk]] == [("Kari", "Nordmann"), ("Per", "Hansen")]


def test_an_articles_category_and_announcement_come_from_the_kept_rows(django_assert_num_queries):
    announcement = make_announcement(title="Nye klynger")
    article = make_article(category=category("kosthold"), announcement=announcement)
    bare = make_article(category=None, announcement=None)
    kept_rows(Category), kept_rows(Announcement)  # once per generation

    with django_assert_num_queries(1):
        found = Article.objects.with_kept("category", "announcement").in_order([article.pk, bare.pk])
        assert [(a.category and a.category.slug, a.announcement and a.announcement.title) for a in found] == [
            ("kosthold", "Nye klynger"),
            (None, None),
        ]


def test_a_category_the_kept_rows_lack_is_read_when_asked_for(django_assert_num_queries):
    article = make_article(category=category("helsenyheter"))
    kept_rows(Category)
    # A category and its use written around the ORM's signals: the generation, and the rows kept for
    # it, stay (as for a request still on the generation before the category was made).
    newcomer = Category.objects.bulk_create([Category(name="Nyoppretta", slug="nyoppretta")])[0]
    Article.objects.filter(pk=article.pk).update(category=newcomer)

    found = Article.objects.with_kept("category").get(pk=article.pk)
    with django_assert_num_queries(1):
        assert found.category.name == "Nyoppretta"
