"""Every API address makes a fixed number of queries, whatever the number of articles, clusters per
article, authors, corrections and decisions: nothing is fetched once per item."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from news.models import Correction
from tests.builders import count_queries, make_article, make_cluster, make_decision, make_photo, make_user

pytestmark = pytest.mark.django_db

# Address -> queries, with no page in the cache. The article list: the page; its authors, corrections,
# clusters (with their tier now) and tiers then; every tier. Filtered, also: the chosen category, the
# category's subtree, the clusters whose names match q, and the register today that the tier and
# the clusters are found in (the clusters and the tiers: 2, kept for the news generation). One
# article: the article and the same five. The register: its rows, then one query for each relation
# shown (a cluster's regions and decisions, and every tier for the tier now).
EXPECTED = {
    "/api/v1/articles/": 6,
    "/api/v1/articles/?limit=100": 6,
    "/api/v1/articles/?q=sak&klynge={cluster}&program=nce&kategori=helsenyheter&fra=2000-01-01": 11,
    "/api/v1/articles/{article}/": 6,
    "/api/v1/clusters/": 4,
    "/api/v1/clusters/{cluster}/": 4,
    "/api/v1/tiers/": 1,
    "/api/v1/regions/": 2,
    "/api/v1/announcements/": 2,
    "/api/v1/announcements/{announcement}/": 2,
}


@pytest.fixture(params=[(3, 1), (25, 8)], ids=lambda p: f"{p[0]}-articles-{p[1]}-clusters")
def news(request, register):
    """`n` published articles, each about `k` clusters in NCE, with two authors, a photo and a
    correction; each cluster with a later decision too."""
    n, k = request.param
    nce = register["tiers"]["nce"]
    clusters = [register["health"], *(make_cluster(tier=nce) for _ in range(k - 1))]
    for cluster in clusters:
        make_decision(cluster=cluster, kind="extended", tier=nce, effective_on=date(2020, 1, 1))
    authors = [make_user(), make_user()]
    photo = make_photo()
    articles = [
        make_article(
            clusters=clusters, authors=authors, lead_photo=photo, announcement=register["announcement"],
            publish_at=timezone.now() - timedelta(hours=i + 1),
        )
        for i in range(n)
    ]  # fmt: skip
    for article in articles:
        Correction.objects.create(article=article, text="Rettet.")
    return {
        "article": articles[0].slug,
        "cluster": clusters[0].slug,
        "announcement": register["announcement"].slug,
    }


@pytest.mark.parametrize("url", list(EXPECTED))
def test_the_number_of_queries_is_fixed(client, news, url):
    assert count_queries(client, url.format(**news)) == EXPECTED[url]


def test_a_second_reader_of_the_same_address_costs_no_query(client, news):
    count_queries(client, "/api/v1/articles/")
    assert count_queries(client, "/api/v1/articles/") == 0
