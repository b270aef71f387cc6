"""The archive index (news/facets.py): the list's pages, totals and counts it gives are the ones the
filters give in SQL, on every page of every filter, and it follows every change at once."""

import random
from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from news.facets import ArchiveIndex, archive_index, bit_set, members, tally
from news.filters import ArticleFilter
from news.models import Article
from tests.builders import category, make_article, make_cluster, make_decision

pytestmark = pytest.mark.django_db

PER_PAGE = 20


@pytest.fixture
def archive(register):
    """75 published articles over four clusters, three categories and the dates of three years (some
    at the same instant, so the order's tie-break counts), two drafts and a scheduled one."""
    rng = random.Random(7)
    tiers = register["tiers"]
    clusters = [
        register["subsea"],
        register["health"],
        make_cluster(slug="bergen-klynge", region=register["regions"]["bergen"], tier=tiers["arena"]),
        make_cluster(slug="uten-niva"),
    ]
    categories = [category("helsenyheter"), category("kosthold"), category("pressemeldinger")]
    now = timezone.now()
    same_instant = now - timedelta(days=40)
    for n in range(75):
        when = same_instant if n % 9 == 0 else now - timedelta(days=rng.randrange(1, 1000), minutes=n)
        make_article(
            headline=f"Sak {n}",
            clusters=rng.sample(clusters, rng.randrange(0, 3)),
            category=rng.choice([*categories, None]),
            publish_at=when,
        )
    make_article(headline="Utkast", status=Article.Status.DRAFT, clusters=clusters[:1])
    make_article(headline="Utkast 2", status=Article.Status.DRAFT)
    make_article(headline="Planlagt", clusters=clusters[:1], publish_at=now + timedelta(days=2))
    return clusters


def listed(client, query):
    """The slugs of every page of /nyheter/?query, in order, and the total the page states."""
    slugs, page, total = [], 1, None
    while True:
        response = client.get(f"/nyheter/?{query}&side={page}" if query else f"/nyheter/?side={page}")
        if response.status_code == 404:
            return slugs, total
        assert response.status_code == 200
        total = response.context["paginator"].count
        slugs += [article.slug for article in response.context["article_list"]]
        page += 1


def expected(query):
    return list(ArticleFilter(QueryDict(query)).qs.values_list("slug", flat=True))


QUERIES = [
    "",
    "klynge=gce-subsea",
    "klynge=gce-subsea&klynge=bergen-klynge",
    "program=nce",
    "program=arena&kategori=kosthold",
    "region=bergen",
    "region=oslo&program=nce",
    "kategori=helsenyheter",
    "fra=2025-01-01",
    "til=2025-06-30&klynge=health-technology",
]


@pytest.mark.parametrize("query", QUERIES)
def test_every_page_of_a_filtered_list_holds_what_the_filter_keeps_in_order(client, archive, query):
    slugs, total = listed(client, query)
    assert slugs == expected(query)
    assert total == len(slugs)


@pytest.mark.parametrize("query", QUERIES)
def test_the_counts_beside_the_choices_are_the_filters_counts(archive, query):
    filterset = ArticleFilter(QueryDict(query))
    counts = filterset.facets.counts()
    for cluster in archive:
        with_it = QueryDict(query, mutable=True)
        with_it.setlist("klynge", [cluster.slug])
        assert counts["klynge"].get(cluster.pk, 0) == len(expected(with_it.urlencode()))


def test_counts_kept_for_lists_without_other_filters_are_every_such_lists_counts(archive, monkeypatch):
    """A facet's counts among all published articles are kept for the generation (remember_here) and
    given to every list with no other filter: whichever list counted them first, each list's counts
    are its own, as counted afresh."""
    for query in [*QUERIES, *reversed(QUERIES)]:
        kept = ArticleFilter(QueryDict(query)).facets.counts()
        with monkeypatch.context() as fresh:
            fresh.setattr("news.facets.remember_here", lambda name, parts, compute: compute())
            assert kept == ArticleFilter(QueryDict(query)).facets.counts(), query


def test_a_cluster_moved_to_another_region_is_counted_there_at_once(archive, register):
    """The cluster's regions are read apart from the index: the kept counts follow them all the same."""
    bergen, oslo = register["regions"]["bergen"], register["regions"]["oslo"]
    before = ArticleFilter(QueryDict("")).facets.counts()["region"]
    moved = archive[2]  # bergen-klynge
    assert list(moved.regions.all()) == [bergen] and before.get(bergen.pk)
    moved.regions.set([oslo])

    after = ArticleFilter(QueryDict("")).facets.counts()["region"]

    assert after.get(bergen.pk, 0) == len(expected("region=bergen")) < before[bergen.pk]
    assert after[oslo.pk] == len(expected("region=oslo"))


def test_a_publish_an_unpublish_and_a_deletion_show_at_once(client, archive):
    before, total = listed(client, "klynge=gce-subsea")
    article = make_article(headline="Helt ny", clusters=[archive[0]], publish_at=timezone.now())
    after, total_after = listed(client, "klynge=gce-subsea")
    assert after == [article.slug, *before]
    assert total_after == total + 1
    article.unpublish()
    article.save()
    assert listed(client, "klynge=gce-subsea") == (before, total)
    Article.objects.get(slug=before[0]).delete()
    assert listed(client, "klynge=gce-subsea") == (before[1:], total - 1)


def test_a_change_of_tier_moves_only_the_news_after_it(client, archive, register):
    """GCE Subsea advances from GCE to NCE 100 days ago: its news since then is NCE news."""
    gce_before = expected("program=gce")
    make_decision(
        cluster=archive[0],
        tier=register["tiers"]["nce"],
        kind="advanced",
        effective_on=timezone.localdate() - timedelta(days=100),
    )
    for query in ("program=gce", "program=nce", "program=nce&klynge=gce-subsea"):
        slugs, total = listed(client, query)
        assert slugs == expected(query)
        assert total == len(slugs)
    assert 0 < len(expected("program=gce")) < len(gce_before)


def test_the_index_holds_published_articles_only_newest_first(archive):
    index = ArchiveIndex.build()
    assert list(index.order) == list(Article.objects.published().values_list("pk", flat=True))
    assert index.published == bit_set(index.order)
    assert index.pks(index.published, 5, 8) == list(index.order[5:8])
    subsea = index.clusters[archive[0].pk] & index.published
    expected_pks = [pk for pk in index.order if subsea >> pk & 1]
    assert index.pks(subsea, 0, 1000) == expected_pks
    assert index.pks(subsea, 2, 4) == expected_pks[2:4]
    assert index.pks(0, 0, 20) == []


@pytest.mark.parametrize("sort_cost", [0, 5, 10**9], ids=["always sorted", "as it costs", "always walked"])
def test_a_selection_sorted_or_walked_gives_the_same_pages(archive, monkeypatch, sort_cost):
    index = ArchiveIndex.build()
    subsea = index.clusters[archive[0].pk] & index.published
    listed = [pk for pk in index.order if subsea >> pk & 1]
    monkeypatch.setattr("news.facets.SORT_COST", sort_cost)
    for start in range(0, 40, 7):
        for stop in (start + 1, start + 7, 1000):
            assert index.pks(subsea, start, stop) == listed[start:stop]
    assert members(subsea) == sorted(listed)


@pytest.mark.parametrize(
    "pks",
    [
        [],
        [0],
        [7, 8],
        [0, 1, 2, 3, 4, 5, 6, 7],
        [255, 256, 100_000],
        list(range(0, 3000, 3)),
        list(range(1, 2049)),
    ],
)
def test_members_are_the_set_bits_in_order(pks):
    assert members(bit_set(pks)) == pks


def test_bit_sets_count_what_they_hold():
    assert bit_set([]) == 0
    assert bit_set([0, 3, 64]) == 1 | 8 | 1 << 64
    assert tally({"a": bit_set([1, 2, 3]), "b": bit_set([9])}, bit_set([2, 3, 9, 10])) == {"a": 2, "b": 1}


def same(index, other):
    def nonzero(sets):
        return {key: bits for key, bits in sets.items() if bits}

    assert list(index.order) == list(other.order)
    assert index.published == other.published
    assert nonzero(index.clusters) == nonzero(other.clusters)
    assert nonzero(index.tiers) == nonzero(other.tiers)
    assert nonzero(index.categories) == nonzero(other.categories)


def test_each_change_patches_the_index_to_what_a_new_one_holds(archive, register, monkeypatch):
    """A newsroom's day, step by step: after each change the index this process holds is patched, not
    built anew, and holds what a new index would."""
    rng = random.Random(11)
    built = []
    build = ArchiveIndex.build.__func__
    monkeypatch.setattr(ArchiveIndex, "build", classmethod(lambda cls: built.append(1) or build(cls)))
    archive_index()
    now = timezone.now()
    articles = list(Article.objects.order_by("pk"))
    steps = [
        lambda: make_article(headline="Ny", clusters=rng.sample(archive, 2), publish_at=now),
        lambda: make_article(headline="Gammel", clusters=archive[2:3], publish_at=now - timedelta(days=500)),
        lambda: make_article(headline="Planlagt", clusters=archive[:1], publish_at=now + timedelta(days=3)),
        lambda: make_article(headline="Utkast", status=Article.Status.DRAFT, clusters=archive[:2]),
    ]

    def move(article):
        article.publish_at = now - timedelta(days=rng.randrange(1, 2000))
        article.save()

    def unpublish(article):
        article.unpublish()
        article.save()

    def recategorise(article):
        article.category = rng.choice([category("kosthold"), None])
        article.save()

    edits = [
        move,
        unpublish,
        recategorise,
        lambda article: article.clusters.add(rng.choice(archive)),
        lambda article: article.clusters.remove(*article.clusters.all()[:1]),
        lambda article: article.clusters.clear(),
        lambda article: rng.choice(archive).articles.add(article),
        lambda article: rng.choice(archive).articles.remove(article),
        lambda article: article.delete(),
    ]
    for step in range(40):
        if step % 4 == 0:
            steps[step // 4 % len(steps)]()
        else:
            article = rng.choice(articles)
            if Article.objects.filter(pk=article.pk).exists():
                rng.choice(edits)(Article.objects.get(pk=article.pk))
        same(archive_index(), ArchiveIndex.build())
    assert len(built) == 1 + 40  # the first index, and one built here after each step to compare


def test_a_change_to_anything_else_builds_the_index_anew(archive, register):
    first = archive_index()
    make_decision(cluster=archive[3], tier=register["tiers"]["arena"], effective_on=timezone.localdate())
    rebuilt = archive_index()
    assert rebuilt is not first
    same(rebuilt, ArchiveIndex.build())


def test_a_page_of_a_selection_holds_its_published_articles_only(archive):
    """A cluster's bit set holds its drafts and scheduled articles too: pks() leaves them out."""
    index = ArchiveIndex.build()
    subsea = index.clusters[archive[0].pk]
    assert subsea & ~index.published  # the draft and the scheduled article about it
    shown = index.pks(subsea, 0, 1000)
    assert shown == index.pks(subsea & index.published, 0, 1000)
    assert set(shown) <= set(Article.objects.published().values_list("pk", flat=True))
