"""A cluster's timeline is derived from its decisions alone, for every kind of decision; decisions
dated later take effect on their date with nothing running; each kind asks for what it records."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from pytest_django.asserts import assertContains, assertNotContains

from clusters.models import Cluster, Decision, Tier
from tests.builders import make_announcement, make_article, make_cluster, make_decision, make_label, make_tier

OSLO = ZoneInfo("Europe/Oslo")
Kind = Decision.Kind


@pytest.fixture
def tiers(db):
    return {
        "gce": make_tier(name="Global Centres of Expertise", short_name="GCE", slug="gce", order=1),
        "nce": make_tier(name="Norwegian Centres of Expertise", short_name="NCE", slug="nce", order=2),
        "arena": make_tier(name="Arena", short_name="Arena", slug="arena", order=3),
    }


def summary(cluster, on=None):
    return [(period.kind, str(period), period.starts_on, period.ends_on) for period in cluster.timeline(on)]


def test_admitted_then_advanced_gives_two_tier_periods_the_first_ending_where_the_second_begins(tiers):
    cluster = make_cluster()
    make_decision(cluster=cluster, tier=tiers["arena"], effective_on=date(2010, 6, 1))
    make_decision(cluster=cluster, tier=tiers["nce"], kind=Kind.ADVANCED, effective_on=date(2014, 1, 1))

    assert summary(cluster) == [
        ("tier", "Arena 2010–2013", date(2010, 6, 1), date(2014, 1, 1)),
        ("tier", "NCE fra 2014", date(2014, 1, 1), None),
    ]
    assert cluster.tier_on(date(2013, 12, 31)) == tiers["arena"]
    assert cluster.tier_on(date(2014, 1, 1)) == tiers["nce"]
    assert cluster.tier_on(date(2009, 1, 1)) is None


def test_moved_down_derives_the_tier_it_came_from_and_extended_keeps_the_period(tiers):
    cluster = make_cluster()
    make_decision(cluster=cluster, tier=tiers["gce"], effective_on=date(2015, 1, 1))
    make_decision(cluster=cluster, tier=tiers["gce"], kind=Kind.EXTENDED, effective_on=date(2018, 1, 1))
    moved = make_decision(
        cluster=cluster, tier=tiers["nce"], kind=Kind.MOVED_DOWN, effective_on=date(2021, 1, 1)
    )

    gce, nce = cluster.timeline()
    assert (gce.obj, gce.ends_on, [d.kind for d in gce.decisions]) == (
        tiers["gce"],
        date(2021, 1, 1),
        [Kind.ADMITTED, Kind.EXTENDED],
    )
    assert (nce.obj, nce.decisions) == (tiers["nce"], [moved])


def test_leaving_the_programme_ends_the_tier_period_and_leaves_no_tier(tiers):
    cluster = make_cluster()
    make_decision(cluster=cluster, tier=tiers["arena"], effective_on=date(2016, 3, 1))
    left = make_decision(cluster=cluster, kind=Kind.LEFT, effective_on=date(2019, 7, 1), note="Avsluttet.")

    [period] = cluster.timeline()
    assert (str(period), period.ends_on, period.decisions[-1]) == ("Arena 2016–2019", date(2019, 7, 1), left)
    assert cluster.tier_on(date(2019, 6, 30)) == tiers["arena"]
    assert cluster.tier_on(date(2019, 7, 1)) is None
    assert Cluster.objects.with_current_tier().get(pk=cluster.pk).current_tier_id is None


def test_a_label_is_held_from_its_grant_to_its_withdrawal_beside_the_tier(tiers):
    label = make_label(name="Arena Pro", slug="arena-pro")
    cluster = make_cluster()
    make_decision(cluster=cluster, tier=tiers["nce"], effective_on=date(2014, 1, 1))
    make_decision(cluster=cluster, kind=Kind.LABEL_GRANTED, label=label, effective_on=date(2020, 1, 1))
    make_decision(cluster=cluster, kind=Kind.LABEL_WITHDRAWN, label=label, effective_on=date(2023, 1, 1))

    assert summary(cluster) == [
        ("tier", "NCE fra 2014", date(2014, 1, 1), None),
        ("label", "Arena Pro 2020–2022", date(2020, 1, 1), date(2023, 1, 1)),
    ]
    assert cluster.tier_on(date(2021, 1, 1)) == tiers["nce"]  # a label is not a tier


def test_a_rename_makes_a_period_of_the_former_name_and_a_name_readers_can_search(tiers):
    cluster = make_cluster(name="Health Technology")
    make_decision(cluster=cluster, tier=tiers["nce"], effective_on=date(2014, 1, 1))
    make_decision(
        cluster=cluster, kind=Kind.RENAMED, former_name="Oslo Medtech", effective_on=date(2018, 5, 1)
    )
    make_decision(
        cluster=cluster, kind=Kind.RENAMED, former_name="Oslo Health", effective_on=date(2020, 5, 1)
    )

    names = [(p.name, p.starts_on, p.ends_on, p.years) for p in cluster.timeline() if p.kind == "name"]
    assert names == [
        ("Oslo Medtech", None, date(2018, 5, 1), "til 2018"),
        ("Oslo Health", date(2018, 5, 1), date(2020, 5, 1), "2018–2020"),
    ]
    cluster.refresh_from_db()
    assert cluster.former_names_list == ["Oslo Medtech", "Oslo Health"]


def test_a_retired_tier_ends_its_clusters_periods_on_the_day_it_is_retired(tiers):
    cluster = make_cluster()
    make_decision(cluster=cluster, tier=tiers["arena"], effective_on=date(2012, 1, 1))
    Tier.objects.filter(pk=tiers["arena"].pk).update(ends_on=date(2024, 1, 1))

    [period] = cluster.timeline(date(2025, 1, 1))
    assert (str(period), period.ends_on) == ("Arena 2012–2023", date(2024, 1, 1))
    assert cluster.tier_on(date(2023, 12, 31)) == tiers["arena"]
    assert cluster.tier_on(date(2024, 1, 1)) is None
    in_arena = Cluster.objects.with_tier(date(2023, 12, 31)).get(pk=cluster.pk)
    after = Cluster.objects.with_tier(date(2024, 1, 1)).get(pk=cluster.pk)
    assert (in_arena.tier_id, in_arena.tier_short_name, after.tier_id, after.tier_short_name) == (
        tiers["arena"].pk,
        "Arena",
        None,
        None,
    )


def test_tiers_in_force_and_retired(tiers):
    Tier.objects.filter(pk=tiers["arena"].pk).update(ends_on=date(2024, 1, 1))
    Tier.objects.filter(pk=tiers["gce"].pk).update(starts_on=date(2030, 1, 1))
    assert list(Tier.objects.current(date(2023, 12, 31))) == [tiers["nce"], tiers["arena"]]
    assert list(Tier.objects.current(date(2024, 1, 1))) == [tiers["nce"]]
    with time_machine.travel(datetime(2024, 1, 1, 0, 30, tzinfo=OSLO), tick=False):
        assert Tier.objects.get(pk=tiers["arena"].pk).is_retired
        assert not Tier.objects.get(pk=tiers["nce"].pk).is_retired


def test_a_decision_dated_later_is_invisible_until_its_day_then_visible_with_nothing_running(client, tiers):
    cluster = make_cluster(name="Vekstklyngen", slug="vekstklyngen")
    make_decision(cluster=cluster, tier=tiers["nce"], effective_on=date(2014, 1, 1))
    make_decision(cluster=cluster, tier=tiers["gce"], kind=Kind.ADVANCED, effective_on=date(2027, 1, 1))

    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=OSLO), tick=False):
        assert Cluster.objects.with_current_tier().get(pk=cluster.pk).current_tier_short_name == "NCE"
        assert list(Cluster.objects.in_tier(tiers["gce"])) == []
        page = client.get("/klynger/vekstklyngen/")
        assertContains(page, '<p class="timeline-summary">NCE fra 2014</p>', html=True)
        assertNotContains(page, "GCE fra 2027")

    with time_machine.travel(datetime(2027, 1, 1, 0, 30, tzinfo=OSLO), tick=False):
        assert Cluster.objects.with_current_tier().get(pk=cluster.pk).current_tier_short_name == "GCE"
        assert list(Cluster.objects.in_tier(tiers["gce"])) == [cluster]
        page = client.get("/klynger/vekstklyngen/")
        assertContains(page, '<p class="timeline-summary">NCE 2014–2026, GCE fra 2027</p>', html=True)
        assertContains(
            page,
            '<p class="tier-badge"><a href="/program/gce/">Global Centres of Expertise (GCE)</a></p>',
            html=True,
        )


def test_the_cluster_page_shows_the_timeline_with_its_sources_and_the_labels_held(client, tiers):
    label = make_label(name="Arena Pro", slug="arena-pro")
    cluster = make_cluster(name="Havklyngen", slug="havklyngen")
    announcement = make_announcement(title="Nye klynger 2010", slug="nye-klynger-2010", date=date(2010, 6, 1))
    make_decision(cluster=cluster, tier=tiers["arena"], announcement=announcement)
    make_decision(
        cluster=cluster,
        tier=tiers["nce"],
        kind=Kind.ADVANCED,
        effective_on=date(2014, 1, 1),
        source_url="https://example.org/nce-2014",
    )
    make_decision(cluster=cluster, kind=Kind.LABEL_GRANTED, label=label, effective_on=date(2015, 1, 1))

    page = client.get("/klynger/havklyngen/")

    assertContains(page, '<p class="timeline-summary">Arena 2010–2013, NCE fra 2014</p>', html=True)
    assertContains(page, '<a href="/kunngjoringer/nye-klynger-2010/">Nye klynger 2010</a>', html=True)
    assertContains(page, '<a href="https://example.org/nce-2014" rel="external">Kilde</a>', html=True)
    assertContains(page, "fra 1. juni 2010 til og med 31. desember 2013")
    assertContains(page, '<dd><a href="/nyheter/?merke=arena-pro">Arena Pro</a></dd>', html=True)
    assertContains(page, "Merket «Arena Pro»")


def test_a_cluster_with_no_region_and_one_with_two_have_pages(client, tiers):
    nowhere = make_cluster(slug="uten-region", regions=[])
    both = make_cluster(
        slug="to-regioner", regions=[make_cluster().regions.get(), make_cluster().regions.get()]
    )
    assertNotContains(client.get(nowhere.get_absolute_url()), "<dt>Region")
    assertContains(client.get(both.get_absolute_url()), "<dt>Regioner</dt>", html=True)


# What each kind records, checked in the form and in the database


@pytest.mark.parametrize("kind", [Kind.ADMITTED, Kind.ADVANCED, Kind.MOVED_DOWN, Kind.EXTENDED])
def test_a_tier_decision_needs_a_tier(tiers, kind):
    with pytest.raises(ValidationError) as error:
        make_decision(cluster=make_cluster(), kind=kind, effective_on=date(2020, 1, 1))
    assert error.value.message_dict == {"tier": ["Velg programnivået."]}


@pytest.mark.parametrize("kind", [Kind.LABEL_GRANTED, Kind.LABEL_WITHDRAWN])
def test_a_label_decision_needs_a_label_and_no_tier(tiers, kind):
    with pytest.raises(ValidationError) as error:
        make_decision(cluster=make_cluster(), kind=kind, tier=tiers["nce"], effective_on=date(2020, 1, 1))
    assert set(error.value.message_dict) == {"tier", "label"}


def test_a_rename_needs_the_former_name_and_leaving_needs_nothing_more(tiers):
    with pytest.raises(ValidationError) as error:
        make_decision(cluster=make_cluster(), kind=Kind.RENAMED, effective_on=date(2020, 1, 1))
    assert error.value.message_dict == {"former_name": ["Skriv navnet klyngen hadde før."]}
    make_decision(cluster=make_cluster(), kind=Kind.LEFT, effective_on=date(2020, 1, 1))


def test_a_decision_needs_a_date_or_an_announcement_to_take_it_from(tiers):
    with pytest.raises(ValidationError) as error:
        Decision(cluster=make_cluster(), tier=tiers["nce"]).full_clean()
    assert list(error.value.message_dict) == ["effective_on"]
    dated = make_decision(
        cluster=make_cluster(), tier=tiers["nce"], announcement=make_announcement(date=date(2019, 3, 4))
    )
    assert dated.effective_on == date(2019, 3, 4)


def test_a_decision_cannot_place_a_cluster_in_a_tier_outside_its_dates(tiers):
    Tier.objects.filter(pk=tiers["arena"].pk).update(ends_on=date(2024, 1, 1))
    tiers["arena"].refresh_from_db()
    with pytest.raises(ValidationError) as error:
        make_decision(cluster=make_cluster(), tier=tiers["arena"], effective_on=date(2024, 1, 1))
    assert error.value.message_dict == {"effective_on": ["Arena gjaldt ikke 1. januar 2024."]}


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": Kind.ADMITTED},
        {"kind": Kind.LEFT, "tier": "nce"},
        {"kind": Kind.LABEL_GRANTED},
        {"kind": Kind.RENAMED},
    ],
)
def test_the_database_refuses_a_decision_missing_what_its_kind_records(tiers, fields):
    fields = {name: tiers[value] if name == "tier" else value for name, value in fields.items()}
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(cluster=make_cluster(), effective_on=date(2020, 1, 1), **fields)


def test_a_rename_dated_later_leaves_the_former_name_on_every_page_until_its_day(client, tiers):
    """The editor types the new name when recording the rename; readers see it from the rename's day."""
    with time_machine.travel(datetime(2026, 6, 1, 12, 0, tzinfo=OSLO), tick=False):
        cluster = make_cluster(name="Nordlys Helseteknologi", slug="nordlys")
        make_decision(cluster=cluster, tier=tiers["arena"], effective_on=date(2020, 1, 1))
        make_decision(
            cluster=cluster, kind=Kind.RENAMED, former_name="Nordlys Medtech", effective_on=date(2027, 1, 1)
        )
        article = make_article(clusters=[cluster], headline="Nordlys vokser")

    pages = ["/klynger/nordlys/", "/klynger/", "/program/arena/", "/nyheter/", article.get_absolute_url()]
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=OSLO), tick=False):
        for url in pages:
            page = client.get(url)
            assertContains(page, "Nordlys Medtech", msg_prefix=url)
            assertNotContains(page, "Nordlys Helseteknologi", msg_prefix=url)
    with time_machine.travel(datetime(2027, 1, 1, 0, 30, tzinfo=OSLO), tick=False):
        for url in pages:
            assertContains(client.get(url), "Nordlys Helseteknologi", msg_prefix=url)
