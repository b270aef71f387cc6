"""The admin's navigation sidebar, rendered once per process for what it shows (helseinfo/templatetags.py
`nav_sidebar`): on every page it is Django's own sidebar for that user, language and page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse

from tests.builders import logged_in, make_article, make_editor, make_journalist

SIDEBAR = re.compile(r'<button class="sticky toggle-nav-sidebar".*?</nav>', re.S)
PAGES = [
    "admin:news_article_changelist",
    "admin:news_photo_changelist",
    "admin:auth_user_changelist",
    "admin:password_change",
]


def sidebar(response):
    found = SIDEBAR.findall(response.content.decode())
    assert len(found) == 1
    return found[0]


def djangos_sidebar(response):
    """What Django's own template writes for the page's apps, user and path."""
    context = {"available_apps": response.context["available_apps"]}
    return SIDEBAR.findall(
        render_to_string("admin/nav_sidebar.html", context, request=response.wsgi_request)
    )[0]


@pytest.fixture
def people():
    superuser = get_user_model().objects.create_superuser("sjef", password="passord-for-test")
    return {"journalist": make_journalist(), "editor": make_editor(), "superuser": superuser}


@pytest.mark.parametrize("first", ["journalist", "editor", "superuser"])
def test_every_page_has_djangos_sidebar_for_its_user_whoever_was_shown_one_first(db, people, first):
    article = make_article()
    order = [first, *(name for name in people if name != first)]
    for name in order:
        client = logged_in(people[name])
        urls = [reverse(page) for page in PAGES] + [reverse("admin:news_article_change", args=[article.pk])]
        for url in urls * 2:  # rendered, then kept
            response = client.get(url)
            if response.status_code == 403:  # a journalist may not list users
                continue
            assert sidebar(response) == djangos_sidebar(response), (name, url)


def test_the_sidebar_marks_the_page_it_is_on(db, people):
    client = logged_in(people["journalist"])
    client.get(reverse("admin:news_article_changelist"))

    photos = sidebar(client.get(reverse("admin:news_photo_changelist")))

    assert re.search(r'<tr class="model-photo current-model">', photos)
    assert 'class="model-article current-model"' not in photos
    assert "current-model" not in sidebar(client.get(reverse("admin:password_change")))


def test_a_journalist_is_not_shown_what_only_an_editor_may_open(db, people):
    users, articles = reverse("admin:auth_user_changelist"), reverse("admin:news_article_changelist")
    assert users in sidebar(logged_in(people["superuser"]).get(articles))
    assert users not in sidebar(logged_in(people["journalist"]).get(articles))
