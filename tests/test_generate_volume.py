"""`generate_volume` makes marked benchmark articles, and only when told plainly that it may."""

import pytest
from django.core.management import CommandError, call_command

from news.models import Article
from tests.builders import category, make_article, make_cluster

pytestmark = pytest.mark.django_db


def generate(**options):
    call_command("generate_volume", verbosity=0, **options)


@pytest.fixture
def clusters(settings):
    settings.DEBUG = True
    category()  # the articles are spread over the categories there are
    return [make_cluster() for _ in range(3)]


def test_it_refuses_without_yes(clusters):
    with pytest.raises(CommandError, match="--yes"):
        generate(count=10)
    assert not Article.objects.exists()


def test_it_refuses_with_debug_off(clusters, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        generate(count=10, yes=True)


def test_it_makes_marked_articles_spread_over_clusters_and_runs_again_without_change(clusters):
    generate(count=200, yes=True, batch_size=50)
    first = list(Article.objects.order_by("slug").values_list("slug", "publish_at"))

    generate(count=200, yes=True)

    assert list(Article.objects.order_by("slug").values_list("slug", "publish_at")) == first
    assert all(slug.startswith("testdata-") for slug, _ in first)
    assert not Article.objects.exclude(byline="Testdata for ytelsesmåling").exists()
    assert {c.pk for c in clusters} == set(Article.objects.values_list("clusters", flat=True))
    assert 150 < Article.objects.published().count() < 200, "some drafts and scheduled ones too"


def test_a_new_count_replaces_the_generated_articles_only(clusters):
    written = make_article(headline="Skrevet av en journalist", clusters=clusters[:1])
    generate(count=30, yes=True)

    generate(count=10, yes=True)

    generated = Article.objects.exclude(pk=written.pk).prefetch_related("clusters")
    assert sorted(article.slug for article in generated) == [f"testdata-{n:06d}" for n in range(10)]
    assert all(article.clusters.all() for article in generated), "each about at least one cluster"
    assert list(Article.objects.get(pk=written.pk).clusters.all()) == clusters[:1]
