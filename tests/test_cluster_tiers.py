"""A cluster's tier is the tier of its latest decision; its whole history is kept and queryable."""

from datetime import date

import pytest
from django.db.models import ProtectedError

from clusters.models import Cluster, Decision
from tests.builders import make_announcement, make_cluster, make_decision, make_tier

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers():
    return {
        "arena": make_tier(name="Arena", short_name="Arena", slug="arena", order=3),
        "nce": make_tier(name="Norwegian Centres of Expertise", short_name="NCE", slug="nce", order=2),
    }


@pytest.fixture
def advanced(tiers):
    """A cluster admitted to Arena in 2014 and advanced to NCE in 2017."""
    cluster = make_cluster(name="Klynge som vokste")
    make_decision(
        cluster=cluster, tier=tiers["arena"], announcement=make_announcement(date=date(2014, 6, 20))
    )
    make_decision(
        cluster=cluster,
        tier=tiers["nce"],
        kind=Decision.Kind.ADVANCED,
        announcement=make_announcement(date=date(2017, 6, 1)),
    )
    return cluster


def test_current_tier_is_the_tier_of_the_latest_decision_not_the_latest_entered(tiers):
    cluster = make_cluster()
    make_decision(cluster=cluster, tier=tiers["nce"], announcement=make_announcement(date=date(2020, 1, 1)))
    make_decision(cluster=cluster, tier=tiers["arena"], announcement=make_announcement(date=date(2015, 1, 1)))

    assert cluster.current_tier == tiers["nce"]
    assert Cluster.objects.with_current_tier().get(pk=cluster.pk).current_tier_id == tiers["nce"].pk


def test_a_cluster_without_decisions_has_no_tier(tiers):
    cluster = make_cluster()

    assert cluster.current_tier is None
    assert cluster.tier_on(date(2030, 1, 1)) is None
    assert Cluster.objects.with_current_tier().get(pk=cluster.pk).current_tier_id is None


def test_history_lists_every_decision_oldest_first(advanced, tiers):
    history = list(advanced.history())

    assert [(d.announcement.date, d.tier, d.kind) for d in history] == [
        (date(2014, 6, 20), tiers["arena"], Decision.Kind.ADMITTED),
        (date(2017, 6, 1), tiers["nce"], Decision.Kind.ADVANCED),
    ]


def test_tier_on_a_date_is_the_tier_decided_by_then(advanced, tiers):
    assert advanced.tier_on(date(2014, 6, 19)) is None
    assert advanced.tier_on(date(2014, 6, 20)) == tiers["arena"]
    assert advanced.tier_on(date(2016, 12, 31)) == tiers["arena"]
    assert advanced.tier_on(date(2017, 6, 1)) == tiers["nce"]


def test_a_cluster_advanced_from_arena_appears_under_nce_and_keeps_its_arena_history(advanced, tiers):
    assert list(Cluster.objects.in_tier(tiers["nce"])) == [advanced]
    assert list(Cluster.objects.in_tier(tiers["arena"])) == []
    assert tiers["arena"] in [decision.tier for decision in advanced.history()]


def test_the_current_tier_annotation_carries_the_short_name_for_lists(advanced):
    assert Cluster.objects.with_current_tier().get(pk=advanced.pk).current_tier_short_name == "NCE"


def test_a_new_tier_is_at_once_usable_in_decisions_and_queries(advanced):
    new_tier = make_tier(name="Global Centres of Expertise", short_name="GCE", slug="gce", order=1)
    make_decision(
        cluster=advanced,
        tier=new_tier,
        kind=Decision.Kind.ADVANCED,
        announcement=make_announcement(date=date(2021, 6, 1)),
    )

    assert list(Cluster.objects.in_tier(new_tier)) == [advanced]
    assert list(Cluster.objects.in_tier(new_tier.pk)) == [advanced]


def test_current_tier_ids_maps_every_cluster_to_its_current_tier_in_one_query(
    advanced, tiers, django_assert_num_queries
):
    untiered = make_cluster()

    with django_assert_num_queries(1):
        mapping = Cluster.objects.current_tier_ids()

    assert mapping == {advanced.pk: tiers["nce"].pk, untiered.pk: None}


def test_a_tier_with_decisions_cannot_be_deleted_so_no_cluster_loses_its_history(advanced, tiers):
    with pytest.raises(ProtectedError):
        tiers["arena"].delete()

    assert advanced.history().count() == 2
