"""The cluster register in Django admin, as an editor (Redaktør) and a journalist use it."""

from datetime import date

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from clusters.models import Announcement, Cluster, Decision, Region, Tier
from tests.builders import (
    count_queries,
    logged_in,
    make_announcement,
    make_cluster,
    make_decision,
    make_editor,
    make_journalist,
    make_tier,
)

pytestmark = pytest.mark.django_db

PROTECTED = "beskyttede relaterte objekter"


@pytest.fixture
def editor():
    return logged_in(make_editor())


@pytest.fixture
def journalist():
    return logged_in(make_journalist())


@pytest.fixture
def nce():
    return make_tier(name="Norwegian Centres of Expertise", short_name="NCE", slug="nce")


def announcement_form(decisions, **overrides):
    """The add-announcement form as the browser posts it, with one inline row per decision."""
    data = {
        "title": "Syv nye klynger",
        "slug": "syv-nye-klynger",
        "date": "2014-06-20",
        "announced_by": "næringsminister Monica Mæland",
        "budget_nok": "137000000",
        "budget_year": "2015",
        "active_projects": "39",
        "decisions-TOTAL_FORMS": str(len(decisions)),
        "decisions-INITIAL_FORMS": "0",
        "decisions-MIN_NUM_FORMS": "0",
        "decisions-MAX_NUM_FORMS": "1000",
    }
    for i, (cluster, tier) in enumerate(decisions):
        data |= {f"decisions-{i}-cluster": cluster.pk, f"decisions-{i}-tier": tier.pk}
        data[f"decisions-{i}-kind"] = Decision.Kind.ADMITTED
    return data | overrides


def test_an_editor_enters_an_announcement_with_seven_decisions_in_one_form(editor, nce):
    clusters = [make_cluster() for _ in range(7)]

    response = editor.post(
        reverse("admin:clusters_announcement_add"), announcement_form([(c, nce) for c in clusters])
    )

    assert response.status_code == 302, response.context["errors"]
    announcement = Announcement.objects.get(slug="syv-nye-klynger")
    assert {d.cluster for d in announcement.decisions.all()} == set(clusters)
    assert list(Cluster.objects.in_tier(nce).order_by("pk")) == clusters


def test_the_announcement_form_offers_autocomplete_for_cluster_and_tier(editor):
    response = editor.get(reverse("admin:clusters_announcement_add"))

    assertContains(response, 'name="decisions-0-cluster"')
    assert response.text.count("admin-autocomplete") >= 2


def test_a_tier_added_in_the_admin_is_at_once_usable_in_decisions_and_the_cluster_filter(editor):
    cluster = make_cluster(name="Ny klynge")
    editor.post(
        reverse("admin:clusters_tier_add"),
        {"name": "Global Centres of Expertise", "short_name": "GCE", "slug": "gce", "order": "1"},
    )
    gce = Tier.objects.get(slug="gce")

    editor.post(reverse("admin:clusters_announcement_add"), announcement_form([(cluster, gce)]))
    response = editor.get(reverse("admin:clusters_cluster_changelist"), {"programniva": "gce"})

    assert list(response.context["cl"].result_list) == [cluster]
    assertContains(response, "?programniva=gce")


def test_the_cluster_list_shows_the_current_tier_after_an_advance(editor, nce):
    arena = make_tier(short_name="Arena", slug="arena")
    cluster = make_cluster(name="Vekstklyngen", tier=arena, decided_on=date(2014, 6, 20))
    make_decision(
        cluster=cluster,
        tier=nce,
        kind=Decision.Kind.ADVANCED,
        announcement=make_announcement(date=date(2017, 6, 1)),
    )

    under_nce = editor.get(reverse("admin:clusters_cluster_changelist"), {"programniva": "nce"})
    under_arena = editor.get(reverse("admin:clusters_cluster_changelist"), {"programniva": "arena"})

    assert list(under_nce.context["cl"].result_list) == [cluster]
    assert list(under_arena.context["cl"].result_list) == []
    assertContains(under_nce, '<td class="field-current_tier">NCE</td>', html=True)


def test_the_cluster_form_shows_the_tier_history_with_links_to_the_announcements(editor, nce):
    arena = make_tier(short_name="Arena", slug="arena")
    cluster = make_cluster(tier=arena)
    decision = make_decision(cluster=cluster, tier=nce, kind=Decision.Kind.ADVANCED)

    response = editor.get(reverse("admin:clusters_cluster_change", args=[cluster.pk]))

    url = reverse("admin:clusters_announcement_change", args=[decision.announcement_id])
    assertContains(response, f'<a href="{url}">{decision.announcement}</a>', html=True)
    assertContains(response, "rykket opp")
    assertContains(response, "tatt opp")
    assertNotContains(response, 'name="decisions-0-tier"', msg_prefix="the history is read-only")


def test_former_names_are_found_by_admin_search(editor):
    cluster = make_cluster(name="Health Technology", former_names="Oslo Medtech")
    make_cluster(name="GCE Subsea")

    response = editor.get(reverse("admin:clusters_cluster_changelist"), {"q": "medtech"})

    assert list(response.context["cl"].result_list) == [cluster]


def test_the_cluster_changelist_needs_the_same_queries_for_5_and_50_clusters(editor, nce):
    url = reverse("admin:clusters_cluster_changelist")
    for _ in range(5):
        make_cluster(tier=nce, former_names="Gammelt navn")
    editor.get(url)  # warm the session and content types
    few = count_queries(editor, url)
    for _ in range(45):
        make_cluster(tier=nce)

    assert count_queries(editor, url) == few
    assert len(editor.get(url).context["cl"].result_list) == 50, "all on one page"


def test_a_journalist_can_view_the_register_and_autocomplete_clusters_by_former_name(journalist):
    cluster = make_cluster(name="Health Technology", former_names="Oslo Medtech")

    listing = journalist.get(reverse("admin:clusters_cluster_changelist"))
    found = journalist.get(
        reverse("admin:autocomplete"),
        {"app_label": "clusters", "model_name": "decision", "field_name": "cluster", "term": "Medtech"},
    )

    assert listing.status_code == 200
    assert found.json()["results"] == [{"id": str(cluster.pk), "text": "Health Technology"}]


@pytest.mark.parametrize("model", ["tier", "region", "cluster", "announcement"])
def test_a_journalist_cannot_add_to_the_register(journalist, model):
    assert journalist.get(reverse(f"admin:clusters_{model}_add")).status_code == 403


def test_a_journalist_cannot_change_or_delete_a_cluster(journalist):
    cluster = make_cluster(name="Uendret")

    changed = journalist.post(
        reverse("admin:clusters_cluster_change", args=[cluster.pk]),
        {"name": "Endret", "slug": cluster.slug, "region": cluster.region_id},
    )
    deleted = journalist.post(reverse("admin:clusters_cluster_delete", args=[cluster.pk]), {"post": "yes"})

    assert (changed.status_code, deleted.status_code) == (403, 403)
    assert Cluster.objects.get(pk=cluster.pk).name == "Uendret"


def test_deleting_a_tier_in_use_is_refused_with_a_clear_message_and_keeps_the_cluster(editor, nce):
    cluster = make_cluster(tier=nce)

    response = editor.post(reverse("admin:clusters_tier_delete", args=[nce.pk]), {"post": "yes"})

    assert response.status_code == 200
    assertContains(response, "Programnivået er brukt i beslutninger og kan ikke slettes")
    assertContains(response, PROTECTED)
    assert Tier.objects.filter(pk=nce.pk).exists() and cluster.history().count() == 1


def test_deleting_a_region_in_use_is_refused_with_a_clear_message(editor):
    cluster = make_cluster()

    response = editor.post(reverse("admin:clusters_region_delete", args=[cluster.region_id]), {"post": "yes"})

    assertContains(response, "Regionen har klynger og kan ikke slettes")
    assert Region.objects.filter(pk=cluster.region_id).exists()


def test_deleting_a_cluster_with_history_is_refused(editor, nce):
    cluster = make_cluster(tier=nce)

    response = editor.post(reverse("admin:clusters_cluster_delete", args=[cluster.pk]), {"post": "yes"})

    assertContains(response, "Klyngen har historikk")
    assert Cluster.objects.filter(pk=cluster.pk).exists()


@pytest.mark.parametrize("model", [Tier, Region])
def test_the_bulk_delete_action_refuses_rows_in_use_too(editor, nce, model):
    cluster = make_cluster(tier=nce)
    in_use = nce if model is Tier else cluster.region
    unused = make_tier() if model is Tier else Region.objects.create(name="Ubrukt", slug="ubrukt")
    url = reverse(f"admin:clusters_{model._meta.model_name}_changelist")

    response = editor.post(
        url, {"action": "delete_selected", "_selected_action": [in_use.pk, unused.pk], "post": "yes"}
    )

    assertContains(response, PROTECTED)
    assertContains(response, "kan ikke slettes")
    assert model.objects.filter(pk__in=[in_use.pk, unused.pk]).count() == 2


def test_a_tier_not_in_use_can_be_deleted(editor):
    unused = make_tier()

    editor.post(reverse("admin:clusters_tier_delete", args=[unused.pk]), {"post": "yes"})

    assert not Tier.objects.filter(pk=unused.pk).exists()
