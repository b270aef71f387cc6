"""A cluster's tier is the tier of its latest decision; its whole history is kept and queryable."""

from datetime import date

import pytest
from django.db.models import ProtectedError
from pytest_django.asserts import assertContains

from clusters.models import Cluster, Decision
from tests.builders import make_announcement, make_article, make_cluster, make_decision, make_tier

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers(register):
    return register["tiers"]


@pytest.fixture
def advanced(register):
    """Klynge som vokste: admitted to Arena in 2014, advanced to NCE in 2017."""
    return register["grower"]


def test_current_tier_is_the_tier_of_the_latest_decision_not_the_latest_entered(tiers):
    cluster = make_cluster()
    make_decision(cluster=cluster, tier=tiers["nce"], announcement=make_announcement(date=date(2020, 1, 1)))
    make_decision(cluster=cluster, tier=tiers["arena"], announcement=make_announcement(date=date(2015, 1, 1)))

    assert Cluster.objects.with_current_tier().get(pk=cluster.pk).current_tier_id == tiers["nce"].pk
    assert cluster in Cluster.objects.in_tier(tiers["nce"])
    assert cluster not in Cluster.objects.in_tier(tiers["arena"])


def test_a_cluster_without_decisions_has_no_tier_and_the_directory_lists_it_apart(client, register):
    cluster = make_cluster()

    assert Cluster.objects.with_current_tier().get(pk=cluster.pk).current_tier_id is None
    response = client.get("/klynger/")
    assert cluster not in {placed for _, clusters in response.context["groups"] for placed in clusters}
    assert response.context["unplaced"] == [cluster]


def test_history_lists_every_decision_oldest_first(advanced, tiers):
    history = list(advanced.history())

    assert [(d.announcement.date, d.tier, d.kind) for d in history] == [
        (date(2014, 6, 20), tiers["arena"], Decision.Kind.ADMITTED),
        (date(2017, 6, 1), tiers["nce"], Decision.Kind.ADVANCED),
    ]


def test_a_cluster_advanced_from_arena_appears_under_nce_and_keeps_its_arena_history(advanced, tiers):
    assert advanced in Cluster.objects.in_tier(tiers["nce"])
    assert list(Cluster.objects.in_tier(tiers["arena"])) == []
    assert tiers["arena"] in [decision.tier for decision in advanced.history()]


def test_the_current_tier_annotation_carries_the_short_name_for_lists(advanced):
    assert Cluster.objects.with_current_tier().get(pk=advanced.pk).current_tier_short_name == "NCE"


def test_a_new_tier_is_at_once_usable_in_decisions_and_queries(advanced):
    new_tier = make_tier(name="Nytt nivå", short_name="Ny", slug="nytt-niva", order=9)
    make_decision(
        cluster=advanced,
        tier=new_tier,
        kind=Decision.Kind.ADVANCED,
        announcement=make_announcement(date=date(2021, 6, 1)),
    )

    assert list(Cluster.objects.in_tier(new_tier)) == [advanced]
    assert list(Cluster.objects.in_tier(new_tier.pk)) == [advanced]


def test_an_article_page_names_each_clusters_current_tier_and_none_for_a_cluster_outside(client, advanced):
    outside = make_cluster(name="Klynge uten nivå", slug="klynge-uten-niva")
    article = make_article(clusters=[advanced, outside])

    response = client.get(article.get_absolute_url())

    items = response.context["cluster_tiers"]
    tiers = [(item["cluster"].name, item["tier_then"], item["tier_now"]) for item in items]
    assert [(name, then and then.slug, now and now.slug) for name, then, now in tiers] == [
        ("Klynge som vokste", "nce", "nce"),
        ("Klynge uten nivå", None, None),
    ]
    assertContains(response, '<a href="/program/nce/">Norwegian Centres of Expertise (NCE)</a>', html=True)
    assertContains(response, '<li><a href="/klynger/klynge-uten-niva/">Klynge uten nivå</a></li>', html=True)


def test_a_tier_with_decisions_cannot_be_deleted_so_no_cluster_loses_its_history(advanced, tiers):
    with pytest.raises(ProtectedError):
        tiers["arena"].delete()

    assert [decision.tier for decision in advanced.history()] == [tiers["arena"], tiers["nce"]]
