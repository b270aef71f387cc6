"""The builders make the data migrations' rows exactly as a migrated database holds them.

Tests build the categories and newsroom groups they need (tests/builders.py), because a
transactional test's flush removes what the data migrations made. These tests compare the two, so
that a later migration changing those rows cannot leave the builders behind unnoticed.
"""

import pytest
from django.contrib.auth.models import Group

from news.models import Category
from tests.builders import category, newsroom_group

pytestmark = pytest.mark.django_db


def categories():
    return {
        c.slug: (c.name, c.parent and c.parent.slug, c.order, c.is_press_release)
        for c in Category.objects.select_related("parent")
    }


def permissions(group):
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_category_makes_each_category_as_the_data_migration_made_it():
    migrated = categories()
    assert "pressemeldinger" in migrated, "the data migration's categories are there to compare with"
    Category.objects.filter(parent__isnull=False).delete()
    Category.objects.all().delete()

    for slug in migrated:
        category(slug)

    assert categories() == migrated


def test_newsroom_group_makes_each_group_with_the_permissions_the_migrations_gave_it():
    migrated = {group.name: permissions(group) for group in Group.objects.all()}
    assert set(migrated) == {"Journalist", "Redaktør"}, "the migrations' groups are there to compare with"
    Group.objects.all().delete()

    assert {name: permissions(newsroom_group(name)) for name in migrated} == migrated
