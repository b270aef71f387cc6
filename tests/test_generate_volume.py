"""`generate_volume` makes a marked benchmark archive shaped like a real one, and only when told plainly
that it may."""

import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db.models import Count

from clusters.models import Cluster, Decision
from news import volume
from news.models import Article, Category, Correction, Photo, TierThen
from news.search import is_postgresql, search
from tests.builders import category, make_article, make_cluster

pytestmark = pytest.mark.django_db
COUNT = 300


def generate(**options):
    call_command("generate_volume", verbosity=0, photo_files=1, **options)


def generated():
    return Article.objects.filter(slug__startswith="testdata-")


@pytest.fixture
def local(settings):
    settings.DEBUG = True
    category()  # a category the migrations make: the articles are spread over those too


@pytest.fixture
def archive(local):
    generate(count=COUNT, yes=True, batch_size=70)


def test_it_refuses_without_yes(local):
    with pytest.raises(CommandError, match="--yes"):
        generate(count=10)
    assert not Article.objects.exists()


def test_it_refuses_with_debug_off(local, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        generate(count=10, yes=True)


def test_the_articles_are_marked_with_the_generators_version(archive):
    assert generated().count() == COUNT
    assert all(slug.startswith(volume.MARK) for slug in generated().values_list("slug", flat=True))


def test_the_register_has_sixty_clusters_over_fifteen_regions_with_histories(archive):
    clusters = Cluster.objects.filter(slug__startswith="testdata-").annotate(regions_count=Count("regions"))
    assert clusters.count() >= 60
    regions = Counter(clusters.values_list("regions__slug", flat=True))
    assert len(regions.keys() - {None}) >= 15
    assert clusters.filter(regions_count=0).exists() and clusters.filter(regions_count__gte=2).exists()
    kinds = set(Decision.objects.filter(cluster__in=clusters).values_list("kind", flat=True))
    assert {"admitted", "advanced", "extended", "moved_down", "left", "renamed", "label_granted"} <= kinds
    for cluster in clusters:
        history = list(cluster.history())
        assert history[0].kind == Decision.Kind.ADMITTED, cluster
        assert [d.effective_on for d in history] == sorted(d.effective_on for d in history)
    renamed = Decision.objects.filter(kind=Decision.Kind.RENAMED).select_related("cluster")
    assert all(d.former_name in d.cluster.former_names_list for d in renamed)
    assert Cluster.objects.with_current_tier().filter(current_tier_id=None).exists(), "some have left"


def test_the_categories_are_a_tree_of_more_than_twenty(archive):
    categories = Category.objects.all()
    assert categories.count() >= 20
    assert any(len(c.ancestry()) == 3 for c in categories), "three levels deep somewhere"
    assert len(set(generated().values_list("category", flat=True))) >= 15


def test_nine_in_ten_have_a_lead_photo_sharing_real_files_with_renditions(archive):
    with_photo = generated().exclude(lead_photo=None).count()
    assert 0.8 * COUNT < with_photo < 0.97 * COUNT
    photos = Photo.objects.filter(articles__in=generated())
    assert len(set(photos.values_list("image", flat=True))) == 1, "photo_files=1: one shared file"
    photo = photos.first()
    assert default_storage.exists(photo.image.name) and photo.renditions_complete()
    assert len({(p.caption, p.credit) for p in photos}) > 0.9 * photos.count(), "each its own caption"


def test_articles_read_like_news_of_a_realistic_length(archive):
    article = generated().first()
    assert re.match(r"^[A-ZÆØÅ–]", article.headline)
    assert 4 <= article.body.count("<p>") <= 9 and len(article.body.split()) > 100
    words = Counter(
        w for body in generated().values_list("body", flat=True) for w in re.findall(r"\w+", body)
    )
    assert len(words) > 2000, "a varied vocabulary"
    assert words.most_common(1)[0][1] > 50 * words.most_common()[-1][1], "some words common, most rare"


def test_there_are_authors_bylines_corrections_drafts_and_scheduled_articles(archive):
    authors = get_user_model().objects.filter(articles__in=generated()).distinct()
    assert authors.count() >= 5
    assert all(user.is_staff and user.get_full_name() for user in authors)
    assert generated().exclude(byline="").exists()
    assert Correction.objects.filter(article__in=generated()).exists()
    assert generated().drafts().exists() and generated().scheduled().exists()
    assert generated().published().count() > 0.9 * COUNT


def test_articles_are_findable_and_carry_the_tier_of_their_day(archive):
    if is_postgresql():
        assert not generated().filter(search_vector=None).exists()
    assert search(Article.objects.published(), "pasienter").exists()
    assert TierThen.objects.filter(article__in=generated()).exists()


def test_it_runs_again_without_change(archive):
    first = list(generated().order_by("slug").values_list("slug", "publish_at"))
    clusters = list(Cluster.objects.order_by("pk").values_list("pk", flat=True))

    generate(count=COUNT, yes=True)

    assert list(generated().order_by("slug").values_list("slug", "publish_at")) == first
    assert list(Cluster.objects.order_by("pk").values_list("pk", flat=True)) == clusters


def test_a_new_count_replaces_what_it_made_and_nothing_else(local):
    cluster = make_cluster()
    written = make_article(headline="Skrevet av en journalist", clusters=[cluster])
    generate(count=30, yes=True)

    generate(count=10, yes=True)

    assert generated().count() == 10
    assert sorted(generated().values_list("slug", flat=True))[0].startswith(f"{volume.MARK}000000-")
    assert Cluster.objects.filter(slug__startswith="testdata-").count() == 64
    assert list(Article.objects.get(pk=written.pk).clusters.all()) == [cluster]
    assert Category.objects.filter(slug__startswith="testdata-").count() == len(volume.CATEGORIES)
