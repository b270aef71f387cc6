"""The category tree: a cycle is refused by the admin and the database, and never hangs a page."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from pytest_django.asserts import assertContains

from news.filters import ArticleFilter
from news.models import Category
from tests.admin_forms import form_data
from tests.builders import category, logged_in, make_article, make_editor

pytestmark = pytest.mark.django_db

CYCLE = "En kategori kan ikke ligge under seg selv eller under en av sine underkategorier."


def test_a_category_reads_as_its_path_from_the_top():
    assert str(category("kosthold")) == "Helseblogg › Kosthold"
    assert str(category("helsenyheter")) == "Helsenyheter"


@pytest.mark.parametrize(("child", "parent"), [("helseblogg", "helseblogg"), ("helseblogg", "kosthold")])
def test_a_category_under_itself_or_under_its_own_subcategory_is_refused(child, parent):
    chosen = category(child)
    chosen.parent = category(parent)
    with pytest.raises(ValidationError) as refused:
        chosen.full_clean()
    assert refused.value.message_dict == {"parent": [CYCLE]}


def test_moving_a_category_elsewhere_in_the_tree_is_allowed():
    kosthold = category("kosthold")
    kosthold.parent = category("helsenyheter")
    kosthold.full_clean()


def test_the_admin_shows_the_cycle_as_an_error_on_the_parent():
    client = logged_in(make_editor())
    helseblogg = category("helseblogg")
    url = reverse("admin:news_category_change", args=[helseblogg.pk])
    response = client.post(url, form_data(client.get(url), parent=category("trening").pk))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"parent": [CYCLE]}
    helseblogg.refresh_from_db()
    assert helseblogg.parent is None


def test_the_database_refuses_a_category_as_its_own_parent():
    kosthold = category("kosthold")
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.filter(pk=kosthold.pk).update(parent=kosthold)


@pytest.fixture
def cycle():
    """Helseblogg › Kosthold › Helseblogg, as only a write around clean() can make it."""
    Category.objects.filter(slug="helseblogg").update(parent=category("kosthold"))
    make_article(headline="Grønnsaker hver dag", category=category("kosthold"))
    make_article(headline="Løp i motbakke", category=category("trening"))


def test_a_cycle_in_the_data_does_not_hang_the_tree_walks(cycle):
    assert str(category("kosthold")) == "Helseblogg › Kosthold"
    assert str(category("helseblogg")) == "Kosthold › Helseblogg"
    assert sorted(category("helseblogg").with_descendants()) == sorted(
        Category.objects.filter(slug__in=["helseblogg", "kosthold", "trening"]).values_list("pk", flat=True)
    )
    counts = ArticleFilter(QueryDict("")).facets.counts()["kategori"]
    assert counts[category("helseblogg").pk] == 2
    assert counts[category("kosthold").pk] == 2


@pytest.mark.parametrize("query", ["", "kategori=helseblogg", "kategori=kosthold"])
def test_a_cycle_in_the_data_does_not_break_the_news_list(client, cycle, query):
    assertContains(client.get(f"/nyheter/?{query}"), "Grønnsaker hver dag")


def test_a_cycle_in_the_data_does_not_break_the_admin(cycle):
    client = logged_in(make_editor())
    assert client.get(reverse("admin:news_article_changelist"), {"kategori": "trening"}).status_code == 200
    assert client.get(reverse("admin:news_category_changelist")).status_code == 200
