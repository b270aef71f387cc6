"""The cluster register in Django admin, as an editor (Redaktør) and a journalist use it."""

from datetime import date

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from pytest_django.asserts import assertContains

from clusters.models import Announcement, Cluster, Decision, Label, Region, Tier
from tests.admin_forms import form_data
from tests.builders import (
    count_queries,
    logged_in,
    make_announcement,
    make_cluster,
    make_decision,
    make_editor,
    make_journalist,
    make_label,
    make_region,
    make_tier,
)

pytestmark = pytest.mark.django_db

PROTECTED = "beskyttede relaterte objekter"


def inline(response):
    """The decisions inline of an admin change form."""
    return response.context["inline_admin_formsets"][0]


def add_decision(client, cluster, **fields):
    """Post the cluster's form with one more decision in its empty row; other fields change the cluster."""
    url = reverse("admin:clusters_cluster_change", args=[cluster.pk])
    form = client.get(url)
    row = len(inline(form).formset.initial_forms)
    decision = {k: v for k, v in fields.items() if k in {f.name for f in Decision._meta.fields}}
    typed = {f"decisions-{row}-{name}": str(value) for name, value in decision.items()}
    changes = {name: value for name, value in fields.items() if name not in decision}
    return client.post(url, form_data(form, **typed, **changes))


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


def test_the_announcement_form_offers_autocomplete_for_clusters_and_the_tiers_in_force(editor, nce):
    retired = make_tier(short_name="Gammelt", ends_on=date(2020, 1, 1))

    response = editor.get(reverse("admin:clusters_announcement_add"))

    assertContains(response, 'name="decisions-0-cluster"')
    assertContains(response, 'data-field-name="cluster"')
    tiers = inline(response).formset.forms[0].fields["tier"].queryset
    assert nce in tiers and retired not in tiers


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


def test_the_cluster_form_shows_the_decisions_with_their_dates_and_announcements(editor, nce):
    arena = make_tier(short_name="Arena", slug="arena")
    cluster = make_cluster(tier=arena)
    decision = make_decision(cluster=cluster, tier=nce, kind=Decision.Kind.ADVANCED)

    response = editor.get(reverse("admin:clusters_cluster_change", args=[cluster.pk]))

    formset = inline(response).formset
    assert [form.instance for form in formset.initial_forms] == list(cluster.history())
    assertContains(
        response,
        f'<option value="{decision.announcement_id}" selected>{decision.announcement}</option>',
        html=True,
    )
    assertContains(response, '<option value="advanced" selected>rykket opp</option>', html=True)


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
        {"name": "Endret", "slug": cluster.slug, "regions": [r.pk for r in cluster.regions.all()]},
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
    region = make_region(name="Vestland")
    make_cluster(name="Havklyngen", regions=[region])

    response = editor.post(reverse("admin:clusters_region_delete", args=[region.pk]), {"post": "yes"})

    assertContains(response, "Regionen har klynger og kan ikke slettes")
    assertContains(response, "<li>Klynge: Havklyngen</li>", html=True)
    assert Region.objects.filter(pk=region.pk).exists()


def test_deleting_a_cluster_with_history_is_refused(editor, nce):
    cluster = make_cluster(tier=nce)

    response = editor.post(reverse("admin:clusters_cluster_delete", args=[cluster.pk]), {"post": "yes"})

    assertContains(response, "Klyngen har historikk")
    assert Cluster.objects.filter(pk=cluster.pk).exists()


@pytest.mark.parametrize("model", [Tier, Region])
def test_the_bulk_delete_action_refuses_rows_in_use_too(editor, nce, model):
    cluster = make_cluster(tier=nce)
    in_use = nce if model is Tier else cluster.regions.get()
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


# Regions: optional, several.


def test_a_cluster_is_saved_with_no_region_or_with_several(editor):
    oslo, viken = make_region(name="Oslo"), make_region(name="Viken")
    url = reverse("admin:clusters_cluster_add")
    form = editor.get(url)

    none = editor.post(url, form_data(form, name="Uten region", slug="uten-region", regions=[]))
    several = editor.post(
        url, form_data(form, name="To regioner", slug="to-regioner", regions=[oslo.pk, viken.pk])
    )

    assert (none.status_code, several.status_code) == (302, 302)
    assert list(Cluster.objects.get(slug="uten-region").regions.all()) == []
    assert list(Cluster.objects.get(slug="to-regioner").regions.all()) == [oslo, viken]
    assertContains(form, 'type="checkbox" name="regions"', count=2)


def test_the_cluster_list_names_every_region_in_the_same_queries(editor):
    url = reverse("admin:clusters_cluster_changelist")
    make_cluster(name="Alfa", regions=[])
    editor.get(url)
    few = count_queries(editor, url)
    make_cluster(name="Beta", regions=[make_region(name="Oslo"), make_region(name="Viken")])

    response = editor.get(url)

    assert count_queries(editor, url) == few
    assertContains(response, '<td class="field-region_names">Oslo, Viken</td>', html=True)
    assertContains(response, '<td class="field-region_names">–</td>', html=True)


# Tiers: added, retired at a date, made a label.


def test_the_add_tier_form_explains_what_a_tier_is_and_saves_its_start(editor):
    form = editor.get(reverse("admin:clusters_tier_add"))
    response = editor.post(
        reverse("admin:clusters_tier_add"),
        {
            "name": "Arena Pro",
            "short_name": "Arena Pro",
            "slug": "arena-pro",
            "order": "3",
            "starts_on": "01.07.2018",
        },
    )

    assertContains(form, "plasseres klynger i det med beslutninger")
    assertContains(form, "Første dag programnivået finnes")
    assert response.status_code == 302
    assert Tier.objects.get(slug="arena-pro").starts_on == date(2018, 7, 1)


def retire(client, tiers, **data):
    """The «Avvikle programnivå» action on `tiers`; with `ends_on`, its form answered."""
    post = {"action": "retire", "_selected_action": [tier.pk for tier in tiers]}
    if data:
        post |= {"apply": "1"} | data
    return client.post(reverse("admin:clusters_tier_changelist"), post)


def test_retiring_a_tier_asks_for_the_date_and_explains_what_follows(editor, nce):
    response = retire(editor, [nce])

    assert response.status_code == 200
    assertContains(response, "<h1>Avvikle programnivå</h1>", html=True)
    assertContains(response, 'type="date" name="ends_on"')
    assertContains(response, "står klyngene i det uten programnivå til de flyttes")
    assert Tier.objects.get(pk=nce.pk).ends_on is None, "nothing changes before the date is given"


def test_a_tier_retired_at_a_date_keeps_its_history_and_logs_the_change(editor, nce):
    cluster = make_cluster(tier=nce, decided_on=date(2014, 6, 20))

    response = retire(editor, [nce], ends_on="2027-01-01")

    assert response.status_code == 302
    nce.refresh_from_db()
    assert nce.ends_on == date(2027, 1, 1)
    assert cluster.tier_on(date(2026, 12, 31)) == nce and cluster.tier_on(date(2027, 1, 1)) is None
    assert LogEntry.objects.get(object_id=str(nce.pk)).get_change_message() == "Avviklet fra 2027-01-01."
    listing = editor.get(reverse("admin:clusters_tier_changelist"))
    assertContains(listing, "avviklet fra 1. januar 2027")


@pytest.mark.parametrize("ends_on", ["", "31.02.2027", "i morgen"])
def test_a_retirement_without_a_valid_date_is_a_form_error(editor, nce, ends_on):
    response = retire(editor, [nce], ends_on=ends_on)

    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"]
    assert Tier.objects.get(pk=nce.pk).ends_on is None


def test_a_retirement_before_decisions_into_the_tier_is_refused_naming_them(editor, nce):
    make_cluster(name="Sen klynge", tier=nce, decided_on=date(2024, 3, 1))

    response = retire(editor, [nce], ends_on="2024-01-01")

    assert response.status_code == 200
    assertContains(response, "Sen klynge 1. mars 2024")
    assert Tier.objects.get(pk=nce.pk).ends_on is None


def test_a_journalist_cannot_retire_a_tier(journalist, nce):
    response = retire(journalist, [nce], ends_on="2027-01-01")

    assert response.status_code in {200, 302, 403}
    assert Tier.objects.get(pk=nce.pk).ends_on is None


def test_a_retired_tier_becomes_a_label_once(editor):
    arena_pro = make_tier(
        name="Arena Pro", short_name="Arena Pro", slug="arena-pro", ends_on=date(2022, 1, 1)
    )
    post = {"action": "make_label", "_selected_action": [arena_pro.pk]}

    first = editor.post(reverse("admin:clusters_tier_changelist"), post, follow=True)
    second = editor.post(reverse("admin:clusters_tier_changelist"), post, follow=True)

    label = Label.objects.get()
    assert (label.name, label.slug, label.from_tier) == ("Arena Pro", "arena-pro", arena_pro)
    assertContains(first, "Merket «")
    assertContains(second, "er allerede merket «Arena Pro»")


def test_a_tier_in_force_is_not_made_a_label(editor, nce):
    response = editor.post(
        reverse("admin:clusters_tier_changelist"),
        {"action": "make_label", "_selected_action": [nce.pk]},
        follow=True,
    )

    assertContains(response, "NCE er ikke avviklet")
    assert not Label.objects.exists()


def test_a_label_slug_taken_gets_a_number(editor):
    make_label(name="Arena-merket", slug="arena")
    arena = make_tier(name="Arena", short_name="Arena", slug="arena", ends_on=date(2022, 1, 1))

    editor.post(
        reverse("admin:clusters_tier_changelist"), {"action": "make_label", "_selected_action": [arena.pk]}
    )

    assert Label.objects.get(from_tier=arena).slug == "arena-2"


def test_a_label_of_the_retired_tiers_name_is_linked_not_duplicated(editor):
    existing = make_label(name="Arena Pro", slug="arena-pro-merke")
    other = make_tier(name="Annet", short_name="Annet", slug="annet", ends_on=date(2022, 1, 1))
    taken = make_label(
        name="Annet", slug="annet", from_tier=make_tier(slug="forrige", ends_on=date(2020, 1, 1))
    )
    arena_pro = make_tier(
        name="Arena Pro", short_name="Arena Pro", slug="arena-pro", ends_on=date(2022, 1, 1)
    )
    url = reverse("admin:clusters_tier_changelist")

    editor.post(url, {"action": "make_label", "_selected_action": [arena_pro.pk]})
    response = editor.post(url, {"action": "make_label", "_selected_action": [other.pk]}, follow=True)

    assert Label.objects.get(from_tier=arena_pro) == existing and Label.objects.count() == 2
    assertContains(response, "Merket «Annet» finnes alt")
    assert Label.objects.get(pk=taken.pk).from_tier.slug == "forrige"


def test_retired_tiers_are_not_offered_except_where_already_chosen(editor, nce):
    old = make_tier(
        short_name="Gammelt", slug="gammelt", starts_on=date(2010, 1, 1), ends_on=date(2020, 1, 1)
    )
    unused = make_tier(short_name="Ubrukt", slug="ubrukt", ends_on=date(2020, 1, 1))
    cluster = make_cluster(tier=old, decided_on=date(2014, 6, 20))
    url = reverse("admin:clusters_cluster_change", args=[cluster.pk])

    forms = inline(editor.get(url)).formset.forms
    filter_choices = editor.get(reverse("admin:clusters_cluster_changelist")).context["cl"].filter_specs[0]

    assert set(forms[-1].fields["tier"].queryset) == {nce, old}
    assert unused not in forms[0].fields["tier"].queryset
    assert [slug for slug, _ in filter_choices.lookup_choices] == ["nce"]


# Decisions from the cluster's own page.


def test_an_editor_moves_a_cluster_down_from_its_page_with_a_source(editor, nce):
    arena = make_tier(short_name="Arena", slug="arena")
    cluster = make_cluster(tier=nce, decided_on=date(2014, 6, 20))

    response = add_decision(
        editor,
        cluster,
        effective_on="01.07.2023",
        kind=Decision.Kind.MOVED_DOWN,
        tier=arena.pk,
        source_url="https://example.org/kilde",
        note="Oppgitt i årsrapporten.",
    )

    assert response.status_code == 302
    moved = cluster.history().last()
    assert (moved.kind, moved.tier, moved.effective_on, moved.announcement) == (
        Decision.Kind.MOVED_DOWN,
        arena,
        date(2023, 7, 1),
        None,
    )
    assert cluster.tier_on(date(2023, 6, 30)) == nce and cluster.tier_on(date(2023, 7, 1)) == arena


def test_a_departure_and_a_rename_recorded_on_the_cluster_page(editor, nce):
    cluster = make_cluster(name="Oslo Medtech", slug="oslo-medtech", tier=nce, decided_on=date(2014, 6, 20))

    add_decision(
        editor,
        cluster,
        effective_on="01.01.2019",
        kind="renamed",
        former_name="Oslo Medtech",
        name="Health Technology",
    )
    add_decision(editor, cluster, effective_on="01.01.2025", kind="left")

    cluster.refresh_from_db()
    assert cluster.name == "Health Technology" and "Oslo Medtech" in cluster.former_names_list
    assert cluster.tier_on(date(2024, 12, 31)) == nce and cluster.tier_on(date(2025, 1, 1)) is None


def test_a_label_granted_from_the_cluster_page(editor, nce):
    label = make_label(name="Arena Pro")
    cluster = make_cluster(tier=nce)

    add_decision(editor, cluster, effective_on="01.01.2022", kind="label_granted", label=label.pk)

    assert cluster.history().last().label == label


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"kind": "advanced"}, "tier", "Velg programnivået."),
        ({"kind": "label_granted"}, "label", "Velg merket."),
        ({"kind": "renamed"}, "former_name", "Skriv navnet klyngen hadde før."),
        ({"kind": "left", "effective_on": ""}, "effective_on", "Oppgi datoen"),
    ],
)
def test_a_decision_missing_what_its_kind_needs_is_a_form_error_and_nothing_is_saved(
    editor, nce, fields, field, error
):
    cluster = make_cluster(name="Uendret", tier=nce)

    response = add_decision(editor, cluster, **({"effective_on": "01.01.2022"} | fields), name="Endret")

    assert response.status_code == 200
    row = inline(response).formset.forms[-1]
    assert error in " ".join(row.errors[field])
    assert (Cluster.objects.get(pk=cluster.pk).name, cluster.history().count()) == ("Uendret", 1)


# Labels.


def test_an_editor_adds_a_label_and_finds_it_in_the_list(editor):
    response = editor.post(
        reverse("admin:clusters_label_add"), {"name": "Arena Pro", "slug": "arena-pro", "description": ""}
    )
    listing = editor.get(reverse("admin:clusters_label_changelist"))

    assert response.status_code == 302
    assertContains(listing, "Arena Pro")


def test_a_label_in_use_cannot_be_deleted(editor, nce):
    label = make_label(name="Arena Pro")
    make_decision(cluster=make_cluster(tier=nce), kind="label_granted", label=label)

    response = editor.post(reverse("admin:clusters_label_delete", args=[label.pk]), {"post": "yes"})

    assertContains(response, "Merket er brukt i beslutninger")
    assert Label.objects.filter(pk=label.pk).exists()


def test_the_tier_form_refuses_an_end_before_decisions_into_the_tier(editor, nce):
    make_cluster(name="Sen klynge", tier=nce, decided_on=date(2024, 3, 1))
    url = reverse("admin:clusters_tier_change", args=[nce.pk])

    response = editor.post(url, form_data(editor.get(url), ends_on="01.01.2024"))

    assert response.status_code == 200
    assert "Sen klynge 1. mars 2024" in " ".join(response.context["adminform"].form.errors["ends_on"])
    assert Tier.objects.get(pk=nce.pk).ends_on is None
