"""Names sort the Norwegian way everywhere: case does not matter, a space before any letter, æ, ø, å
after z; the same order on PostgreSQL (ICU nb-NO) and SQLite (textrules.collation). Categories are a
tree, each parent followed by its children."""

import random
import re

import pytest
from django.db import connection
from django.urls import reverse

from clusters.models import Cluster, Region, Tier
from news.models import Category
from tests.builders import logged_in, make_article, make_cluster, make_editor, make_region, make_tier
from textrules.collation import sort_key

pytestmark = pytest.mark.django_db

NORWEGIAN_ORDER = [
    "Agder",
    "Arena",
    "Arena olje- og gassklynge",
    "Arena Smart City",
    "Élan",
    "IKT-klyngen",
    "iKuben",
    "Innovasjon Norge",
    "NCE Eyde",
    "Oslo Cancer Cluster",
    "Über",
    "Zeta",
    "Æra",
    "Ølen",
    "Østfold",
    "Ås",
    "Åsen",
    "Aasen",  # aa is å, after the å itself
]


def shuffled(names):
    return random.Random(7).sample(names, len(names))


def names(rows):
    return [row.name for row in rows]


def test_the_python_order_is_the_norwegian_one():
    assert sorted(shuffled(NORWEGIAN_ORDER), key=sort_key) == NORWEGIAN_ORDER


def test_the_database_sorts_clusters_regions_and_tiers_the_norwegian_way():
    for n, name in enumerate(shuffled(NORWEGIAN_ORDER)):
        region = make_region(name=name, slug=f"r-{n}")
        make_cluster(name=name, slug=f"k-{n}", region=region)
        make_tier(name=name, short_name=f"T{n}", slug=f"t-{n}", order=1)

    assert names(Cluster.objects.all()) == NORWEGIAN_ORDER
    assert names(Region.objects.all()) == NORWEGIAN_ORDER
    assert names(Tier.objects.all()) == NORWEGIAN_ORDER


def test_a_tiers_own_order_comes_before_its_name():
    make_tier(name="Arena", order=3)
    make_tier(name="Global Centres of Expertise", order=1)
    make_tier(name="Norwegian Centres of Expertise", order=2)

    assert names(Tier.objects.all()) == [
        "Global Centres of Expertise",
        "Norwegian Centres of Expertise",
        "Arena",
    ]


@pytest.mark.postgresql
def test_postgresql_has_the_icu_collation_the_models_use():
    with connection.cursor() as cursor:
        cursor.execute("SELECT collprovider, colliculocale FROM pg_collation WHERE collname = 'norwegian'")
        assert cursor.fetchall() == [("i", "nb-NO")]


def no_categories():
    """Without the categories the data migration made (children before their parents)."""
    Category.objects.exclude(parent=None).delete()
    Category.objects.all().delete()


@pytest.fixture
def category_tree():
    """Two trees, given in no particular order: Helseblogg (Trening, Kosthold) and Øvrig (Ås, Anekdoter)."""
    no_categories()
    blog = Category.objects.create(name="Helseblogg", slug="helseblogg", order=2)
    other = Category.objects.create(name="Øvrig", slug="ovrig", order=2)
    news = Category.objects.create(name="helsenyheter", slug="helsenyheter", order=1)
    Category.objects.create(name="Trening", slug="trening", parent=blog)
    Category.objects.create(name="Ås", slug="as", parent=other)
    Category.objects.create(name="kosthold", slug="kosthold", parent=blog)
    Category.objects.create(name="Anekdoter", slug="anekdoter", parent=other)
    Category.objects.create(name="Først", slug="forst", parent=blog, order=0)
    return news


TREE = [
    "helsenyheter",
    "Helseblogg",
    "Helseblogg › Først",
    "Helseblogg › kosthold",
    "Helseblogg › Trening",
    "Øvrig",
    "Øvrig › Anekdoter",
    "Øvrig › Ås",
]


def test_categories_are_a_tree_each_parent_before_its_children(category_tree):
    assert [str(category) for category in Category.objects.select_related("parent")] == TREE


def options(page, name):
    """The labels of the <option>s of the <select name=`name`> in `page`, in order, without «Alle»
    and without the facet counts."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.DOTALL)[1]
    labels = [
        re.sub(r"\s*\(\d+\)$", "", label.strip())
        for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)
    ]
    return [label for label in labels if label != "Alle"]


def test_the_public_filters_offer_regions_and_categories_in_norwegian_order(client, category_tree):
    for n, name in enumerate(shuffled(NORWEGIAN_ORDER)):
        make_region(name=name, slug=f"r-{n}")
    make_article(category=category_tree)

    news = client.get(reverse("news:list")).content.decode()
    clusters = client.get(reverse("clusters:list")).content.decode()

    assert options(news, "region") == NORWEGIAN_ORDER
    assert options(news, "kategori") == TREE
    assert options(clusters, "region") == NORWEGIAN_ORDER


def test_the_cluster_directory_lists_clusters_in_norwegian_order(client):
    tier = make_tier(name="Arena", short_name="Arena", slug="arena")
    for n, name in enumerate(shuffled(NORWEGIAN_ORDER)):
        make_cluster(name=name, slug=f"k-{n}", tier=tier)

    page = client.get(reverse("clusters:list")).content.decode()

    assert re.findall(r'<a href="/klynger/k-\d+/">([^<]+)</a>', page) == NORWEGIAN_ORDER
    assert "Arena (Arena)" not in page


def test_the_front_page_names_a_tier_once_when_its_short_name_is_its_name(client):
    make_cluster(name="iKuben", tier=make_tier(name="Arena", short_name="Arena", slug="arena"))

    page = client.get("/").content.decode()

    assert "Arena (Arena)" not in re.sub(r"<[^>]+>|\s+", lambda m: " " if m[0].isspace() else "", page)


def test_the_admin_lists_clusters_and_regions_in_norwegian_order():
    client = logged_in(make_editor())
    for n, name in enumerate(shuffled(NORWEGIAN_ORDER)):
        make_cluster(name=name, slug=f"k-{n}", region=make_region(name=name, slug=f"r-{n}"))

    for url in [reverse("admin:clusters_cluster_changelist"), reverse("admin:clusters_region_changelist")]:
        page = client.get(url).content.decode()
        shown = re.findall(r'<th class="field-name"><a href="[^"]+">([^<]+)</a>', page)
        assert shown == NORWEGIAN_ORDER, url


def test_the_admin_lists_categories_as_a_tree():
    client = logged_in(make_editor())
    no_categories()
    blog = Category.objects.create(name="Helseblogg", slug="helseblogg")
    Category.objects.create(name="Trening", slug="trening", parent=blog)
    Category.objects.create(name="Kosthold", slug="kosthold", parent=blog)
    Category.objects.create(name="Aktuelt", slug="aktuelt")

    changelist = client.get(reverse("admin:news_category_changelist"))

    assert [str(c) for c in changelist.context["cl"].result_list] == [
        "Aktuelt",
        "Helseblogg",
        "Helseblogg › Kosthold",
        "Helseblogg › Trening",
    ]
