"""Who sees what: one queryset method, `published()`, decides; and the categories it files under."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from news.models import Article, Category
from tests.builders import category, make_article

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))


@time_machine.travel(NOW, tick=False)
def test_only_published_articles_whose_time_has_come_are_visible():
    published = make_article(publish_at=NOW - timedelta(minutes=1))
    make_article(status=Article.Status.DRAFT, publish_at=NOW - timedelta(days=1))
    make_article(publish_at=NOW + timedelta(minutes=1))

    assert list(Article.objects.published()) == [published]


def test_a_scheduled_article_appears_when_its_time_comes_without_any_job():
    with time_machine.travel(NOW, tick=False):
        scheduled = make_article(publish_at=NOW + timedelta(hours=2))
        assert scheduled.is_scheduled and not scheduled.is_visible
        assert not Article.objects.published().exists()

    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        assert list(Article.objects.published()) == [scheduled]
        assert Article.objects.get().is_visible


@time_machine.travel(NOW, tick=False)
def test_the_newsroom_says_draft_scheduled_or_published():
    labels = [
        make_article(status=Article.Status.DRAFT).status_label,
        make_article(publish_at=NOW + timedelta(days=1)).status_label,
        make_article(publish_at=NOW).status_label,
    ]

    assert labels == ["utkast", "planlagt", "publisert"]


def test_the_data_migration_creates_the_categories_with_the_blog_beneath_helseblogg():
    categories = {c.slug: (c.name, c.parent.slug if c.parent else None) for c in Category.objects.all()}

    assert categories == {
        "helsenyheter": ("Helsenyheter", None),
        "helseblogg": ("Helseblogg", None),
        "kosthold": ("Kosthold", "helseblogg"),
        "trening": ("Trening", "helseblogg"),
        "pressemeldinger": ("Pressemeldinger", None),
        "helseinformasjon": ("Helseinformasjon", None),
    }
    assert Category.objects.get(is_press_release=True).slug == "pressemeldinger"


def test_a_parent_category_includes_its_children():
    blog = category("helseblogg")

    assert set(blog.with_descendants()) == {blog.pk, category("kosthold").pk, category("trening").pk}
    assert category("trening").with_descendants() == [category("trening").pk]
