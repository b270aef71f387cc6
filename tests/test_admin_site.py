"""The newsroom's admin site (helseinfo/admin.py): the apps and models a user may see are built once
per process for each set of permissions, and are always what Django would build for that user now."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from helseinfo.admin import NewsroomAdminSite
from tests.builders import logged_in, make_editor, make_journalist, make_user


def request_of(user, path="/admin/"):
    request = RequestFactory().get(path)
    request.user = get_user_model().objects.get(pk=user.pk)  # a fresh user: no permissions read yet
    return request


def djangos_app_list(user, app_label=None):
    """What Django's AdminSite builds for the user, nothing kept."""
    return admin.AdminSite.get_app_list(admin.site, request_of(user), app_label)


def shown(app_list):
    return [(app["app_label"], [(m["object_name"], m["perms"]) for m in app["models"]]) for app in app_list]


def allow(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


@pytest.fixture
def people(db):
    clerk = make_user(is_staff=True)
    allow(clerk, "view_category")
    return {
        "journalist": make_journalist(),
        "editor": make_editor(),
        "superuser": get_user_model().objects.create_superuser("sjef", password="passord-for-test"),
        "clerk": clerk,
        "no permissions": make_user(is_staff=True),
    }


def test_the_site_is_the_newsrooms():
    assert isinstance(admin.site, NewsroomAdminSite)
    assert admin.site.site_header == "Helseinfo – nyhetsdesken"


@pytest.mark.parametrize("app_label", [None, "news", "clusters", "auth"])
def test_every_user_is_given_djangos_app_list_whoever_came_first(people, app_label):
    admin.site.kept_app_lists.clear()
    for _ in range(2):  # built, then kept
        for name, user in people.items():
            kept = admin.site.get_app_list(request_of(user), app_label)
            assert kept == djangos_app_list(user, app_label), name
    assert shown(admin.site.get_app_list(request_of(people["clerk"]))) == [
        ("news", [("Category", {"add": False, "change": False, "delete": False, "view": True})])
    ]
    assert admin.site.get_app_list(request_of(people["no permissions"])) == []


def test_a_permission_given_or_taken_shows_on_the_next_page(people):
    clerk = people["clerk"]
    client = logged_in(clerk)
    photos = reverse("admin:news_photo_changelist")
    assert photos not in client.get(reverse("admin:index")).content.decode()

    allow(clerk, "view_photo")
    assert photos in client.get(reverse("admin:index")).content.decode()

    clerk.user_permissions.remove(Permission.objects.get(codename="view_photo"))
    assert photos not in client.get(reverse("admin:index")).content.decode()


def test_a_superuser_made_an_ordinary_user_is_shown_only_what_they_may_see(people):
    user = people["superuser"]
    assert any(app["app_label"] == "auth" for app in admin.site.get_app_list(request_of(user)))

    user.is_superuser = False
    user.save()

    assert admin.site.get_app_list(request_of(user)) == []


def test_each_language_has_its_own_names(people):
    admin.site.kept_app_lists.clear()
    user = people["superuser"]
    with translation.override("nb"):
        norwegian = [str(app["name"]) for app in admin.site.get_app_list(request_of(user))]
    with translation.override("en"):
        english = [str(app["name"]) for app in admin.site.get_app_list(request_of(user))]
        assert english == [str(app["name"]) for app in djangos_app_list(user)]
    assert "Autentisering og autorisasjon" in norwegian
    assert "Authentication and Authorization" in english


def test_what_a_page_changes_of_its_app_list_stays_on_that_page(people):
    request = request_of(people["superuser"])
    first = admin.site.get_app_list(request)
    first[0]["name"] = "Endret"
    first[0]["models"][0]["name"] = "Endret"
    first[0]["models"].clear()
    first.clear()

    assert admin.site.get_app_list(request) == djangos_app_list(people["superuser"])


def test_the_index_and_an_apps_index_list_what_the_user_may_open(people):
    client = logged_in(people["journalist"])
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:news_article_changelist") in index
    assert reverse("admin:auth_user_changelist") not in index

    news = client.get(reverse("admin:app_list", args=["news"]))
    assert news.status_code == 200
    assert reverse("admin:news_article_changelist") in news.content.decode()
    assert client.get(reverse("admin:app_list", args=["auth"])).status_code == 404


def test_the_app_list_is_kept_per_permission_set_not_per_user(people):
    admin.site.kept_app_lists.clear()
    for _ in range(3):
        admin.site.get_app_list(request_of(make_journalist()))
    assert len(admin.site.kept_app_lists) == 1
