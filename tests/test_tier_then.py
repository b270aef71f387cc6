"""News keeps the tier of its time: an article about a cluster belongs to the tier the cluster had on
the day the article was published, for the program filter, its facet counts, the tier pages and the
feeds, whatever the programme becomes later; old URLs keep their meaning."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest
import time_machine
from django.core.management import call_command
from django.http import QueryDict
from pytest_django.asserts import assertContains, assertNotContains

from clusters.models import Decision, Tier
from news.filters import ArticleFilter
from news.models import Article, TierThen
from tests.builders import make_article, make_cluster, make_decision, make_label, make_tier

OSLO = ZoneInfo("Europe/Oslo")
Kind = Decision.Kind
REORGANISED = date(2025, 1, 1)
BEFORE = datetime(2024, 12, 20, 12, tzinfo=OSLO)  # when the editors record the reorganisation
AFTER = datetime(2025, 6, 15, 12, tzinfo=OSLO)


def at(*day, hour=12, minute=0):
    return datetime(*day, hour, minute, tzinfo=OSLO)


def reorganise(register):
    """The programme on 1 January 2025, recorded ahead: NCE is retired and lives on as a label that
    Health Technology is granted; a new tier, Nasjonal, begins; Health Technology advances to GCE,
    Klynge som vokste moves down to Nasjonal, GCE Subsea leaves."""
    tiers = register["tiers"]
    national = make_tier(
        name="Nasjonal klynge", short_name="Nasjonal", slug="nasjonal", starts_on=REORGANISED
    )
    nce = tiers["nce"]
    nce.ends_on = REORGANISED
    nce.save()
    label = make_label(name="NCE-merket", slug="nce-merket", from_tier=nce)
    health, grower, subsea = register["health"], register["grower"], register["subsea"]
    make_decision(cluster=health, tier=tiers["gce"], kind=Kind.ADVANCED, effective_on=REORGANISED)
    make_decision(cluster=health, kind=Kind.LABEL_GRANTED, label=label, effective_on=REORGANISED)
    make_decision(cluster=grower, tier=national, kind=Kind.MOVED_DOWN, effective_on=REORGANISED)
    make_decision(cluster=subsea, kind=Kind.LEFT, effective_on=REORGANISED)
    return national, label


@pytest.fixture
def news(register):
    """Articles before, on (just after local midnight) and after the reorganisation. Those after 20
    December 2024 are scheduled when the reorganisation is recorded."""
    health, grower, subsea = register["health"], register["grower"], register["subsea"]
    with time_machine.travel(BEFORE, tick=False):
        return {
            "health-2024": make_article(
                headline="Helse i 2024", clusters=[health], publish_at=at(2024, 11, 1)
            ),
            "grower-2024": make_article(
                headline="Vekst i 2024", clusters=[grower], publish_at=at(2024, 6, 1)
            ),
            "subsea-2024": make_article(headline="Hav i 2024", clusters=[subsea], publish_at=at(2024, 3, 1)),
            "health-eve": make_article(
                headline="Nyttårsaften", clusters=[health], publish_at=at(2024, 12, 31, hour=23, minute=30)
            ),
            "health-day": make_article(
                headline="Første nyttårsdag", clusters=[health], publish_at=at(2025, 1, 1, hour=0, minute=30)
            ),
            "grower-2025": make_article(
                headline="Vekst i 2025", clusters=[grower], publish_at=at(2025, 3, 1)
            ),
            "subsea-2025": make_article(headline="Hav i 2025", clusters=[subsea], publish_at=at(2025, 3, 2)),
        }


def found(query):
    return list(ArticleFilter(QueryDict(query)).qs.values_list("headline", flat=True))


def test_an_old_bookmarked_program_url_returns_the_same_articles_after_a_reorganisation(
    client, register, news
):
    """Articles published since the bookmark join the list in the tier of their day; none of those it
    held leaves it, and none published by then joins it."""
    queries = ["program=nce", "program=arena", "program=gce"]
    with time_machine.travel(BEFORE, tick=False):
        before = {query: found(query) for query in queries}
        reorganise(register)
        assert {query: found(query) for query in queries} == before
    with time_machine.travel(AFTER, tick=False):
        by_then = {article.headline for article in news.values() if article.publish_at <= BEFORE}
        after = {query: [headline for headline in found(query) if headline in by_then] for query in queries}
        assert after == before
        assert before["program=nce"] == ["Helse i 2024", "Vekst i 2024"]
        page = client.get("/nyheter/", {"program": "nce"})
        assert page.status_code == 200
        assert [a.headline for a in page.context["article_list"]] == [
            "Nyttårsaften",
            "Helse i 2024",
            "Vekst i 2024",
        ]


def test_articles_published_from_the_day_of_a_change_belong_to_the_new_tier(register, news):
    with time_machine.travel(BEFORE, tick=False):
        national, _ = reorganise(register)
    with time_machine.travel(AFTER, tick=False):
        assert found("program=nce") == ["Nyttårsaften", "Helse i 2024", "Vekst i 2024"]
        assert found("program=gce") == ["Første nyttårsdag", "Hav i 2024"]
        assert found("program=nasjonal") == ["Vekst i 2025"]
        assert "Hav i 2025" not in found("program=gce")  # GCE Subsea had left


def test_facet_counts_tell_the_truth_before_on_and_after_the_change(register, news):
    tiers = register["tiers"]
    with time_machine.travel(BEFORE, tick=False):
        national, _ = reorganise(register)
    with time_machine.travel(AFTER, tick=False):
        counts = ArticleFilter(QueryDict("fra=2024-12-31&til=2025-01-01")).facets.counts()
        assert counts["program"] == {tiers["nce"].pk: 1, tiers["gce"].pk: 1}
        counts = ArticleFilter(QueryDict("")).facets.counts()
        assert counts["program"] == {tiers["nce"].pk: 3, tiers["gce"].pk: 2, national.pk: 1}
        assert ArticleFilter(QueryDict("program=nce")).facets.total() == 3


def test_a_retired_tier_is_offered_only_when_chosen(client, register, news):
    with time_machine.travel(BEFORE, tick=False):
        reorganise(register)
    with time_machine.travel(AFTER, tick=False):
        plain = client.get("/nyheter/")
        offered = [str(choice[1]) for choice in plain.context["filter"].form["program"].field.widget.choices]
        assert not any(label.startswith("NCE") for label in offered)
        assert any(label.startswith("Nasjonal") for label in offered)
        chosen = client.get("/nyheter/", {"program": "nce"})
        assertContains(chosen, '<option value="nce" selected>NCE (3)</option>', html=True)


def test_the_program_filter_explains_its_rule_beside_the_field(client, register):
    assertContains(
        client.get("/nyheter/"),
        "En sak hører til programnivået klyngen hadde den dagen saken ble publisert, "
        "også om klyngen har byttet nivå senere.",
    )


def test_feeds_follow_the_tier_then(client, register, news):
    with time_machine.travel(BEFORE, tick=False):
        reorganise(register)
    with time_machine.travel(AFTER, tick=False):
        feed = feedparser.parse(client.get("/nyheter/rss/", {"program": "nce"}).content)
        assert [entry.title for entry in feed.entries] == ["Nyttårsaften", "Helse i 2024", "Vekst i 2024"]
        feed = feedparser.parse(client.get("/nyheter/rss/", {"program": "gce"}).content)
        assert [entry.title for entry in feed.entries] == ["Første nyttårsdag", "Hav i 2024"]


def test_a_retired_tier_page_is_marked_historic_with_its_clusters_on_its_last_day(client, register, news):
    with time_machine.travel(BEFORE, tick=False):
        reorganise(register)
        current = client.get("/program/nce/")
        assert [c.name for c in current.context["clusters"]] == ["Health Technology", "Klynge som vokste"]
        assertNotContains(current, "Historisk programnivå")
    with time_machine.travel(AFTER, tick=False):
        page = client.get("/program/nce/")
        assertContains(page, "Historisk programnivå: avviklet etter 31. desember 2024.")
        assertContains(page, "Lever videre som merket «NCE-merket».")
        assert [c.name for c in page.context["clusters"]] == ["Health Technology", "Klynge som vokste"]
        assert [a.headline for a in page.context["news"]] == ["Nyttårsaften", "Helse i 2024", "Vekst i 2024"]
        index = client.get("/program/")
        assert [tier.slug for tier, n in index.context["tiers"]] == ["gce", "arena", "nasjonal"]
        assert [(tier.slug, n) for tier, n in index.context["historic"]] == [("nce", 2)]


def test_the_article_page_gives_the_tier_then_and_now_and_the_labels_then(client, register, news):
    with time_machine.travel(BEFORE, tick=False):
        reorganise(register)
    with time_machine.travel(AFTER, tick=False):
        old = client.get(news["health-eve"].get_absolute_url())
        assertContains(
            old, '<a href="/program/nce/">NCE</a> da saken ble skrevet, nå <a href="/program/gce/">GCE</a>'
        )
        assertNotContains(old, "nce-merket")
        new = client.get(news["health-day"].get_absolute_url())
        assertContains(new, '<a href="/program/gce/">Global Centres of Expertise (GCE)</a>', html=True)
        assertContains(new, '<a href="/nyheter/?merke=nce-merket">NCE-merket</a>', html=True)
        gone = client.get(news["subsea-2024"].get_absolute_url())
        assertContains(gone, "nå ikke i programmet")


def test_the_label_filter_finds_articles_about_a_cluster_holding_it_on_the_publication_day(
    client, register, news
):
    with time_machine.travel(BEFORE, tick=False):
        _, label = reorganise(register)
    with time_machine.travel(AFTER, tick=False):
        assert found("merke=nce-merket") == ["Første nyttårsdag"]
        make_decision(
            cluster=register["health"], kind=Kind.LABEL_WITHDRAWN, label=label, effective_on=date(2025, 1, 2)
        )
        assert found("merke=nce-merket") == ["Første nyttårsdag"]
        make_article(headline="Uten merke", clusters=[register["health"]], publish_at=at(2025, 2, 1))
        assert found("merke=nce-merket") == ["Første nyttårsdag"]
        assert client.get("/nyheter/", {"merke": "finnes-ikke"}).status_code == 400


# Kept right as things change


def tiers_then(article):
    return {
        (row.cluster.slug, row.tier.slug)
        for row in TierThen.objects.filter(article=article).select_related("cluster", "tier")
    }


def test_tiers_then_follow_a_moved_publish_time_the_clusters_and_the_decisions(register):
    tiers, grower, health = register["tiers"], register["grower"], register["health"]
    article = make_article(clusters=[grower], publish_at=at(2016, 1, 1))
    assert tiers_then(article) == {("klynge-som-vokste", "arena")}

    article.publish_at = at(2018, 1, 1)
    article.save()
    assert tiers_then(article) == {("klynge-som-vokste", "nce")}

    article.clusters.add(health)
    assert tiers_then(article) == {("klynge-som-vokste", "nce"), ("health-technology", "nce")}
    health.articles.remove(article)
    assert tiers_then(article) == {("klynge-som-vokste", "nce")}

    moved = make_decision(
        cluster=grower, tier=tiers["gce"], kind=Kind.ADVANCED, effective_on=date(2017, 12, 1)
    )
    assert tiers_then(article) == {("klynge-som-vokste", "gce")}
    moved.cluster = health
    moved.save()
    assert tiers_then(article) == {("klynge-som-vokste", "nce")}
    moved.delete()
    article.clusters.set([health])
    assert tiers_then(article) == {("health-technology", "nce")}

    Tier.objects.get(slug="nce").__class__.objects.filter(slug="nce")  # a no-op read, for symmetry
    nce = tiers["nce"]
    nce.ends_on = date(2017, 1, 1)
    nce.save()
    assert tiers_then(article) == set()


def test_the_rebuild_command_puts_right_what_a_bulk_update_left(register):
    article = make_article(clusters=[register["grower"]], publish_at=at(2016, 1, 1))
    Article.objects.filter(pk=article.pk).update(publish_at=at(2018, 1, 1))
    assert tiers_then(article) == {("klynge-som-vokste", "arena")}
    call_command("refresh_tiers_then", verbosity=0)
    assert tiers_then(article) == {("klynge-som-vokste", "nce")}


# Regions: optional, several allowed


def test_the_region_filter_reads_every_region_of_a_cluster_and_skips_clusters_without(register):
    oslo, bergen = register["regions"]["oslo"], register["regions"]["bergen"]
    both = make_cluster(name="Begge steder", regions=[oslo, bergen])
    nowhere = make_cluster(name="Ukjent sted", regions=[])
    make_article(headline="Om begge", clusters=[both])
    make_article(headline="Om ukjent", clusters=[nowhere])
    assert found("region=oslo") == ["Om begge"]
    assert found("region=bergen") == ["Om begge"]
    counts = ArticleFilter(QueryDict("")).facets.counts()["region"]
    assert counts == {oslo.pk: 1, bergen.pk: 1}


# The cluster directory and the announcement page after the reorganisation


def test_the_directory_lists_labels_held_today_and_a_retired_tier_as_on_its_last_day(client, register, news):
    with time_machine.travel(BEFORE, tick=False):
        reorganise(register)
    with time_machine.travel(AFTER, tick=False):
        directory = client.get("/klynger/")
        assertContains(directory, "merke: NCE-merket")
        assert [tier.slug for tier, clusters in directory.context["groups"]] == ["gce", "nasjonal"]
        assert [cluster.name for cluster in directory.context["unplaced"]] == ["GCE Subsea"]
        retired = client.get("/klynger/", {"program": "nce"})
        assert retired.status_code == 200
        names = [cluster.name for tier, clusters in retired.context["groups"] for cluster in clusters]
        assert names == ["Health Technology", "Klynge som vokste"]
        offered = [
            str(choice[1]) for choice in directory.context["filter"].form["program"].field.widget.choices
        ]
        assert "NCE" not in offered


def test_the_announcement_page_lists_decisions_without_a_tier_under_their_own_heading(client, register):
    label = make_label(name="Arena Pro", slug="arena-pro")
    make_decision(
        cluster=register["health"],
        kind=Kind.LABEL_GRANTED,
        label=label,
        announcement=register["announcement"],
    )
    page = client.get(register["announcement"].get_absolute_url())
    assertContains(page, "<h3>Andre beslutninger</h3>", html=True)
    assertContains(page, "Oslo · fikk merke «Arena Pro»")
