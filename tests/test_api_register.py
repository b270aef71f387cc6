"""/api/v1/clusters/, tiers/, regions/ and announcements/: the cluster register as it stands, with each
cluster's history."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.builders import make_cluster, make_decision, make_label, make_tier

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def by_slug(items):
    return {item["slug"]: item for item in items}


def test_every_cluster_is_listed_with_its_facts_regions_and_tier_now(client, register):
    clusters = by_slug(client.get("/api/v1/clusters/").json())
    assert list(clusters) == ["gce-subsea", "health-technology", "klynge-som-vokste"]
    health = clusters["health-technology"]
    assert health["url"] == SITE + "/klynger/health-technology/"
    assert health["former_names"] == ["Oslo Medtech"]
    assert health["regions"] == [{"slug": "oslo", "name": "Oslo"}]
    assert health["tier_now"] == {
        "slug": "nce", "short_name": "NCE", "name": "Norwegian Centres of Expertise",
        "url": SITE + "/program/nce/",
    }  # fmt: skip
    assert (health["members"], health["members_as_of"], health["leader"]) == (
        175,
        "2014-06-01",
        "Kathrine Myhre",
    )
    assert health["website"] == "https://example.org/health"


def test_a_cluster_without_a_known_region_has_an_empty_list_and_one_in_two_has_both(client, register):
    make_cluster(slug="uten-region", regions=[])
    make_cluster(slug="to-regioner", regions=[register["regions"]["oslo"], register["regions"]["bergen"]])
    clusters = by_slug(client.get("/api/v1/clusters/").json())
    assert clusters["uten-region"]["regions"] == []
    assert [r["slug"] for r in clusters["to-regioner"]["regions"]] == ["bergen", "oslo"]
    assert clusters["uten-region"]["tier_now"] is None and clusters["uten-region"]["timeline"] == []


def test_a_clusters_timeline_has_its_tiers_labels_and_names_with_the_decisions_behind_them(client, register):
    grower = register["grower"]
    label = make_label(name="Arena Pro", slug="arena-pro")
    make_decision(cluster=grower, kind="label_granted", label=label, effective_on=date(2016, 1, 1))
    make_decision(cluster=grower, kind="label_withdrawn", label=label, effective_on=date(2018, 1, 1))
    make_decision(cluster=grower, kind="renamed", former_name="Liten klynge", effective_on=date(2019, 1, 1))
    timeline = client.get("/api/v1/clusters/klynge-som-vokste/").json()["timeline"]
    periods = [(p["kind"], p["name"], p["slug"], p["starts_on"], p["ends_on"]) for p in timeline]
    assert periods == [
        ("name", "Liten klynge", None, None, "2019-01-01"),
        ("tier", "Arena", "arena", "2014-06-20", "2017-06-01"),
        ("label", "Arena Pro", "arena-pro", "2016-01-01", "2018-01-01"),
        ("tier", "NCE", "nce", "2017-06-01", None),
    ]
    admitted = timeline[1]["decisions"][0]
    assert (admitted["kind"], admitted["kind_label"], admitted["effective_on"]) == (
        "admitted",
        "tatt opp",
        "2014-06-20",
    )
    assert admitted["tier"]["slug"] == "arena"
    assert admitted["announcement"]["url"] == SITE + "/kunngjoringer/nye-klynger-2014/"
    assert [d["kind"] for d in timeline[2]["decisions"]] == ["label_granted", "label_withdrawn"]
    assert timeline[2]["decisions"][0]["label"] == {"slug": "arena-pro", "name": "Arena Pro"}
    assert timeline[0]["decisions"][0]["former_name"] == "Liten klynge"


def test_a_decision_dated_later_has_no_effect_yet(client, register):
    make_decision(
        cluster=register["health"], kind="advanced", tier=register["tiers"]["gce"],
        effective_on=timezone.localdate() + timedelta(days=30),
    )  # fmt: skip
    health = client.get("/api/v1/clusters/health-technology/").json()
    assert health["tier_now"]["slug"] == "nce"
    assert [period["slug"] for period in health["timeline"]] == ["nce"]


def test_the_tiers_current_and_retired_in_the_programmes_order(client, register):
    make_tier(name="Arena Pro", short_name="Arena Pro", slug="arena-pro", order=4, ends_on=date(2020, 1, 1))
    tiers = client.get("/api/v1/tiers/").json()
    assert [t["slug"] for t in tiers] == ["gce", "nce", "arena", "arena-pro"]
    assert [t["is_current"] for t in tiers] == [True, True, True, False]
    assert tiers[3]["ends_on"] == "2020-01-01"
    assert tiers[1]["description"] == "program for etablerte klynger med en nasjonalt ledende posisjon"
    assert client.get("/api/v1/tiers/arena-pro/").json() == tiers[3]


def test_the_regions_with_their_clusters(client, register):
    regions = client.get("/api/v1/regions/").json()
    assert [(r["slug"], [c["slug"] for c in r["clusters"]]) for r in regions] == [
        ("bergen", ["gce-subsea", "klynge-som-vokste"]),
        ("oslo", ["health-technology"]),
    ]
    assert client.get("/api/v1/regions/oslo/").json() == regions[1]


def test_the_announcements_newest_first_with_their_decisions(client, register):
    announcements = client.get("/api/v1/announcements/").json()
    assert [a["slug"] for a in announcements] == ["nye-klynger-2017", "nye-klynger-2014"]
    first = announcements[1]
    assert (first["date"], first["date_note"], first["budget_nok"], first["active_projects"]) == (
        "2014-06-20", "Dagen er ikke oppgitt i kilden.", 137_000_000, 39
    )  # fmt: skip
    assert [(d["cluster"]["slug"], d["kind"], d["tier"]["slug"]) for d in first["decisions"]] == [
        ("gce-subsea", "admitted", "gce"),
        ("health-technology", "admitted", "nce"),
        ("klynge-som-vokste", "admitted", "arena"),
    ]
    assert client.get("/api/v1/announcements/nye-klynger-2014/").json() == first


def test_a_rename_dated_ahead_shows_in_the_api_from_its_date_as_on_the_pages(client, register):
    from tests.builders import make_article

    health = register["health"]
    ahead = timezone.localdate() + timedelta(days=30)
    health.name = "Helseteknologiklyngen"  # the editor types the new name with the decision
    health.save()
    make_decision(cluster=health, kind="renamed", former_name="Health Technology", effective_on=ahead)
    make_article(clusters=[health])

    def names():
        clusters = by_slug(client.get("/api/v1/clusters/").json())["health-technology"]
        (article,) = client.get("/api/v1/articles/").json()["items"]
        (region,) = [r for r in client.get("/api/v1/regions/").json() if r["slug"] == "oslo"]
        return {
            clusters["name"],
            article["clusters"][0]["name"],
            by_slug(region["clusters"])[health.slug]["name"],
        }

    assert names() == {"Health Technology"}
    with time_machine.travel(ahead + timedelta(days=1)):
        assert names() == {"Helseteknologiklyngen"}
