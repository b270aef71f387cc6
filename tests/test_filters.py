"""ArticleFilter, each filter alone and combined, and its facets (counts, total, cache), on built data."""

from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.http import QueryDict
from django.test.signals import template_rendered

from clusters.filters import ClusterFilter, QuickField, QuickInput
from clusters.models import Decision
from news.filters import ArticleFilter
from news.models import Category
from tests.builders import (
    category,
    count_queries,
    make_announcement,
    make_article,
    make_cluster,
    make_decision,
    make_label,
)
from tests.builders import make_tier as build_tier

OSLO = ZoneInfo("Europe/Oslo")


def at(day, hour=12, minute=0):
    return datetime(2024, *day, hour, minute, tzinfo=OSLO)


@pytest.fixture
def world(register):
    """The register, with Eyde (Oslo, Arena) too, and five articles spread over clusters, categories
    and dates; Klynge som vokste has none."""
    gce, nce, arena = (register["tiers"][slug] for slug in ("gce", "nce", "arena"))
    subsea, health = register["subsea"], register["health"]
    eyde = make_cluster(slug="nce-eyde", name="Eyde", region=register["regions"]["oslo"], tier=arena)
    a = {
        "subsea": make_article(headline="Havbunnen kartlegges", clusters=[subsea], publish_at=at((1, 10))),
        "health": make_article(
            headline="Kosthold for gründere",
            clusters=[health],
            category=category("kosthold"),
            publish_at=at((2, 10), 23, 30),
        ),
        "both": make_article(
            headline="To klynger samarbeider",
            clusters=[subsea, health],
            category=category("pressemeldinger"),
            publish_at=at((3, 10)),
        ),
        "eyde": make_article(headline="Prosessindustrien satser", clusters=[eyde], publish_at=at((4, 10))),
        "none": make_article(
            headline="Løping om vinteren", category=category("trening"), publish_at=at((5, 10), 0, 30)
        ),
    }
    return {"tiers": (gce, nce, arena), "clusters": (subsea, health, eyde), "articles": a}


def found(world, query):
    """The keys of the world's articles the filter keeps for `query`, in the filter's order."""
    slugs = list(ArticleFilter(QueryDict(query)).qs.values_list("slug", flat=True))
    names = {article.slug: name for name, article in world["articles"].items()}
    return [names[slug] for slug in slugs]


def test_no_filter_lists_every_published_article_newest_first(world):
    assert found(world, "") == ["none", "eyde", "both", "health", "subsea"]


def test_one_cluster(world):
    assert found(world, "klynge=gce-subsea") == ["both", "subsea"]


def test_several_clusters_mean_any_of_them_and_no_article_twice(world):
    assert found(world, "klynge=gce-subsea&klynge=health-technology") == ["both", "health", "subsea"]


def test_tier_means_the_tier_the_cluster_had_when_the_article_was_published(world):
    assert found(world, "program=nce") == ["both", "health"]
    assert found(world, "program=arena") == ["eyde"]


def test_a_cluster_advanced_to_a_new_tier_is_found_under_it_and_no_longer_under_the_old(world):
    _, nce, _ = world["tiers"]
    _, _, eyde = world["clusters"]
    advance = make_announcement(date=date(2020, 1, 1))
    make_decision(cluster=eyde, tier=nce, announcement=advance, kind=Decision.Kind.ADVANCED)
    assert found(world, "program=nce") == ["eyde", "both", "health"]
    assert found(world, "program=arena") == []


def test_a_tier_created_as_data_is_a_choice_at_once(world):
    new = build_tier(slug="nytt-niva", short_name="NY")
    _, health, _ = world["clusters"]
    make_decision(cluster=health, tier=new, announcement=make_announcement(date=date(2020, 1, 1)))
    assert found(world, "program=nytt-niva") == ["both", "health"]


def test_region_through_the_clusters(world):
    assert found(world, "region=bergen") == ["both", "subsea"]
    assert found(world, "region=oslo") == ["eyde", "both", "health"]


def test_a_parent_category_includes_its_children(world):
    assert found(world, "kategori=helseblogg") == ["none", "health"]
    assert found(world, "kategori=kosthold") == ["health"]
    assert found(world, "kategori=pressemeldinger") == ["both"]


def test_date_range_is_inclusive_on_the_local_publish_date(world):
    # "health" is published 23:30 on 10 February in Oslo (22:30 UTC); "none" 00:30 on 10 May (UTC: 9 May).
    assert found(world, "fra=2024-02-10&til=2024-03-10") == ["both", "health"]
    assert found(world, "til=2024-02-09") == ["subsea"]
    assert found(world, "fra=2024-05-10") == ["none"]


def test_free_text(world):
    assert found(world, "q=klynger") == ["both"]
    assert found(world, "q=Oslo+Medtech") == ["both", "health"]


def test_filters_combine_as_and(world):
    assert found(world, "program=gce&kategori=pressemeldinger") == ["both"]
    assert found(world, "region=oslo&fra=2024-03-01") == ["eyde", "both"]
    assert found(world, "klynge=gce-subsea&klynge=nce-eyde&region=oslo") == ["eyde", "both"]
    assert found(world, "program=arena&kategori=helseblogg") == []


@pytest.mark.parametrize(
    "query",
    ["klynge=finnes-ikke", "program=finnes-ikke", "region=x", "kategori=x", "fra=2024-13-01", "til=igår"],
)
def test_an_unknown_slug_or_a_malformed_date_makes_the_filter_invalid(world, query):
    filterset = ArticleFilter(QueryDict(query))
    assert not filterset.is_valid()
    assert list(filterset.form.errors) == [query.split("=")[0]]


def facets(query):
    return ArticleFilter(QueryDict(query)).facets


def test_facet_counts_say_how_many_would_match_if_chosen_given_the_other_filters(world):
    gce, nce, arena = world["tiers"]
    subsea, health, eyde = world["clusters"]
    counts = facets("region=oslo&klynge=gce-subsea").counts()
    # Clusters: counted under region=oslo only (not under the cluster choice itself).
    assert counts["klynge"] == {subsea.pk: 1, health.pk: 2, eyde.pk: 1}
    # Tiers and regions: under klynge=gce-subsea (and region=oslo for the tiers).
    assert counts["program"] == {gce.pk: 1, nce.pk: 1}
    assert counts["region"] == {subsea.regions.get().pk: 2, health.regions.get().pk: 1}
    # Categories under both filters ("both"): a parent counts its children's articles.
    assert counts["kategori"] == {category("pressemeldinger").pk: 1}


def test_each_facet_is_counted_under_every_active_filter_but_its_own(world):
    gce, nce, arena = world["tiers"]
    subsea, health, eyde = world["clusters"]
    oslo = health.regions.get()
    # From February: "health" (NCE, Oslo, Kosthold), "both", "eyde" and "none" remain.
    counts = facets("program=nce&region=oslo&kategori=helseblogg&fra=2024-02-01").counts()
    assert counts["klynge"] == {health.pk: 1}
    assert counts["program"] == {nce.pk: 1}
    assert counts["region"] == {oslo.pk: 1}
    assert counts["kategori"] == {
        category("helseblogg").pk: 1,
        category("kosthold").pk: 1,
        category("pressemeldinger").pk: 1,
    }


def test_facet_counts_roll_children_up_into_their_parent(world):
    counts = facets("").counts()["kategori"]
    assert counts[category("helseblogg").pk] == 2
    assert counts[category("kosthold").pk] == 1
    assert counts[category("trening").pk] == 1
    assert counts[category("helsenyheter").pk] == 2


def test_facet_counts_roll_up_through_every_level_of_the_tree(world):
    children = Category.objects.create(name="Barn", slug="barn", parent=category("kosthold"))
    make_article(headline="Matpakke", category=children, publish_at=at((6, 1)))
    counts = facets("fra=2024-02-01").counts()["kategori"]
    assert counts[children.pk] == 1
    assert counts[category("kosthold").pk] == 2
    assert counts[category("helseblogg").pk] == 3


def test_facet_counts_match_what_choosing_gives(world):
    subsea, health, eyde = world["clusters"]
    base = "kategori=helsenyheter"
    counts = facets(base).counts()
    for cluster in (subsea, health, eyde):
        assert counts["klynge"].get(cluster.pk, 0) == len(found(world, f"{base}&klynge={cluster.slug}"))
    for tier in world["tiers"]:
        assert counts["program"].get(tier.pk, 0) == len(found(world, f"{base}&program={tier.slug}"))


@pytest.mark.parametrize(
    "query",
    [
        "",
        "klynge=gce-subsea&klynge=nce-eyde&region=oslo",
        "program=nce&kategori=helseblogg",
        "q=Oslo+Medtech&til=2024-02-10",
        "region=bergen&fra=2024-02-01",
        "program=arena&kategori=helseblogg",
    ],
)
def test_the_total_is_the_number_of_articles_the_list_holds(world, query):
    filterset = ArticleFilter(QueryDict(query))
    assert filterset.facets.total() == filterset.qs.count()


def test_an_invalid_filter_has_no_facet_counts_and_no_total(world):
    invalid = facets("program=finnes-ikke")
    assert invalid.counts() == {}
    assert invalid.total() == 0


def test_the_index_and_the_other_filters_are_shared_by_requests_that_differ_only_in_facet_choices(
    world, django_assert_num_queries
):
    assert facets("fra=2024-02-01&program=nce").total() == 2
    same_dates = ArticleFilter(QueryDict("fra=2024-02-01&region=oslo"))
    assert same_dates.is_valid()
    with django_assert_num_queries(1):  # the clusters' regions (then kept); the rest comes from the cache
        assert same_dates.facets.total() == 3
    other_dates = ArticleFilter(QueryDict("fra=2024-03-01&region=oslo"))
    assert other_dates.is_valid()
    with django_assert_num_queries(1):  # the articles of the other dates
        assert other_dates.facets.total() == 2


def test_the_news_list_reuses_the_index_until_the_news_changes(client, world):
    cold = count_queries(client, "/nyheter/?fra=2024-02-01&program=nce")
    # The archive index (4 reads), the articles of the dates, the register today (the clusters with
    # their tiers today, and the tiers), the clusters' regions, the regions, labels and categories
    # offered and the category tree come from the cache.
    assert count_queries(client, "/nyheter/?fra=2024-02-01&program=gce") == cold - 12
    make_article(headline="Ny sak", publish_at=at((6, 1)))
    response = client.get("/nyheter/?fra=2024-02-01")
    assert response.context["paginator"].count == 5


@pytest.mark.parametrize(
    "query",
    ["klynge=", "klynge=&klynge=", "program=", "region=+", "kategori=", "fra=&til=", "q=+"],
)
def test_an_empty_parameter_means_no_filter(world, query):
    assert ArticleFilter(QueryDict(query)).is_valid()
    assert found(world, query) == found(world, "")


def test_an_empty_value_beside_a_chosen_cluster_is_ignored(world):
    assert found(world, "klynge=&klynge=gce-subsea") == ["both", "subsea"]


@pytest.mark.parametrize(
    ("url", "query", "shown"),
    [
        ("/nyheter/", "klynge=&program=&region=+&kategori=&fra=&til=&q=", "Havbunnen kartlegges"),
        ("/klynger/", "program=&region=+&q=", "GCE Subsea"),
    ],
)
def test_the_news_list_and_the_cluster_directory_read_empty_parameters_as_no_filter(
    client, world, url, query, shown
):
    response = client.get(f"{url}?{query}", follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert shown in response.content.decode()


@pytest.mark.parametrize(
    "query", ["", "program=nce&region=oslo", "kategori=kosthold", "program=finnes-ikke&region=<b>"]
)
def test_the_quick_selects_write_what_djangos_select_writes(world, query):
    """QuickSelect (clusters/filters.py) is Django's Select without its templates: the same markup."""
    from django.test.html import parse_html

    from clusters.filters import QuickSelect

    filterset = ArticleFilter(QueryDict(query))
    filterset.facets.label_choices()
    for name in ("program", "region", "merke", "kategori"):
        bound = filterset.form[name]
        assert isinstance(bound.field.widget, QuickSelect)
        quick = bound.as_widget()
        plain = bound.as_widget(widget=forms.Select(choices=bound.field.widget.choices))
        assert parse_html(quick) == parse_html(plain)  # the same elements, attributes and text


@contextmanager
def templates_rendered():
    """The names of the templates rendered inside the block."""
    names = []

    def rendered(sender, template, **kwargs):
        names.append(template.name)

    template_rendered.connect(rendered)
    try:
        yield names
    finally:
        template_rendered.disconnect(rendered)


FIELD_QUERIES = [
    "",
    "q=kreft&program=nce&fra=2024-01-31&til=2024-02-01",
    'q="><script>&fra=31.01.2024&til=x&region=<b>&kategori=finnes-ikke',
    "q=" + "x" * 201,
]


@pytest.mark.parametrize("query", FIELD_QUERIES)
@pytest.mark.parametrize("filters", [ArticleFilter, ClusterFilter])
def test_the_filter_forms_fields_are_written_as_djangos_templates_write_them(world, filters, query):
    """QuickField and QuickInput (clusters/filters.py) are Django's field group, label and <input>
    without their templates: the same markup, errors, help text and escaping included."""
    form = filters(QueryDict(query)).form
    form.is_valid()
    compared = 0
    for bound in form:
        if bound.use_fieldset:  # the clusters' checkboxes: Django's templates
            continue
        plain = BoundField(form, bound.field, bound.name)
        assert isinstance(bound, QuickField)
        with templates_rendered() as quick_templates:
            quick = bound.as_field_group(), bound.label_tag()
        assert quick == (plain.as_field_group(), plain.label_tag())
        assert not [name for name in quick_templates if "errors" not in name], "no template but the errors'"
        widget = bound.field.widget
        if isinstance(widget, QuickInput):
            value, attrs = bound.value(), bound.build_widget_attrs({"id": bound.auto_id})
            assert widget.render(bound.html_name, value, attrs) == forms.Widget.render(
                widget, bound.html_name, value, attrs
            )
        compared += 1
    assert compared == len(form.fields) - (filters is ArticleFilter)


def test_a_quick_select_with_an_error_says_so(world):
    html = ArticleFilter(QueryDict("program=finnes-ikke")).form["program"].as_widget()
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_program_helptext id_program_error"' in html


@pytest.mark.parametrize("name", ["region", "kategori", "merke"])
def test_a_kept_choice_is_found_among_the_kept_rows_and_an_unknown_one_is_refused_as_django_does(
    world, name, django_assert_num_queries
):
    make_label(name="Arena Pro", slug="arena-pro")
    ArticleFilter(QueryDict("")).form[name].as_widget()  # the choices, read and kept
    field = ArticleFilter(QueryDict("")).form.fields[name]
    chosen = next(iter(field.widget.choices.rows))
    with django_assert_num_queries(0):
        assert field.clean(chosen.slug) == chosen

    with pytest.raises(ValidationError) as kept:
        field.clean("finnes-ikke")
    django = forms.ModelChoiceField(field.queryset, to_field_name="slug")
    with pytest.raises(ValidationError) as plain:
        django.clean("finnes-ikke")
    assert kept.value.messages == plain.value.messages


def test_several_chosen_clusters_are_found_in_the_register_and_an_unknown_one_refused_as_django_does(
    world, django_assert_num_queries
):
    ArticleFilter(QueryDict("")).form["program"].as_widget()  # the register today, read and kept
    field = ArticleFilter(QueryDict("")).form.fields["klynge"]
    clusters = list(field.widget.choices.rows)[:2]
    assert len(clusters) == 2
    with django_assert_num_queries(0):
        found = field.clean([cluster.slug for cluster in reversed(clusters)])
    assert [cluster.pk for cluster in found] == [cluster.pk for cluster in clusters]  # the register's order

    with pytest.raises(ValidationError) as kept:
        field.clean([clusters[0].slug, "finnes-ikke"])
    django = forms.ModelMultipleChoiceField(field.queryset, to_field_name="slug")
    with pytest.raises(ValidationError) as plain:
        django.clean([clusters[0].slug, "finnes-ikke"])
    assert kept.value.messages == plain.value.messages


@pytest.mark.parametrize("filters", [ArticleFilter, ClusterFilter])
def test_filtersets_of_a_class_share_their_form_class_but_not_their_fields(world, filters):
    first, second = filters(QueryDict("")).form, filters(QueryDict("program=nce")).form
    assert type(first) is type(second)
    for name in first.fields:
        assert first.fields[name] is not second.fields[name]
        assert first.fields[name].widget is not second.fields[name].widget
    first.fields["program"].widget.choices = []
    assert list(second.fields["program"].widget.choices)
