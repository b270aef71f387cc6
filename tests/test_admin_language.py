"""Every admin page a journalist or an editor opens reads in correct Norwegian bokmål.

The pages are read as a person sees or hears them: the text, plus the attributes a browser shows
or a screen reader speaks (title, aria-label, placeholder, alt, a button's value). Scripts, styles
and other attributes (URLs, class names) are not read.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse
from reversion.models import Version

from news.models import Article
from tests.admin_forms import form_data
from tests.builders import (
    logged_in,
    make_announcement,
    make_article,
    make_cluster,
    make_decision,
    make_editor,
    make_journalist,
    make_photo,
    make_tier,
)

pytestmark = pytest.mark.django_db

ENGLISH = [
    r"Please correct",
    r"\bAdd\b",
    r"\bChange\b",
    r"\bDelete\b",
    r"\bHistory\b",
    r"\bSave\b",
    r"\bShow counts\b",
    r"\bHide counts\b",
    r"\bFilter by\b",
    r"\bSearch\b",
    r"\bCompare\b",
    r"\bRevert\b",
    r"\bAuthor\b",
    r"\bUploaded\b",
    r"Start typing",
    r"\bHeading\b",
    r"\bParagraph\b",
    r"\bBold\b",
    r"\bItalic\b",
    r"\bLink\b",
    r"\bUpdate\b",
    r"\bNews\b",
    r"\bHome\b",
    r"\bTrue\b",
    r"\bFalse\b",
    r"\bobject \(",
    r"\bselected\b",
    r"\bversion\b",
    r"\bAccount locked\b",
    r"\bLog (in|out)\b",
    r"\bpassword\b",
    r"\bEnabled\b",
    r"\bDisabled\b",
    r"\bPersonal info\b",
    r"\bPermissions\b",
    r"\bImportant dates\b",
    r"\bUsername\b",
    r"\bEmail\b",
    r"\bGroups\b",
    r"\bActive\b",
    r"\bStaff\b",
    r"\bSuperuser\b",
    r"\bForgotten\b",
    r"\bserver time\b",
    r"\bSkip to\b",
    r"\bToggle theme\b",
    r"\bModel name\b",
    r"\bBreadcrumbs\b",
    r"\bSidebar\b",
    r"\bFilter navigation\b",
]
GRAMMAR = [
    r"\bny programnivå\b",
    r"\bny bilde\b",
    r"Legg til ny [A-ZÆØÅ]",
    r"sikker på vil",
    r"\bArticle[-_]",
]
WRONG = re.compile("|".join(f"(?:{pattern})" for pattern in ENGLISH), re.IGNORECASE)
UNGRAMMATICAL = re.compile("|".join(f"(?:{pattern})" for pattern in GRAMMAR))
SPOKEN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden += 1
        attrs = dict(attrs)
        self.parts += [value for name, value in attrs.items() if name in SPOKEN_ATTRIBUTES and value]
        if tag == "input" and attrs.get("type") in {"submit", "button", "reset"} and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def english_on(response):
    parser = VisibleText()
    parser.feed(response.content.decode())
    return sorted(
        {
            match.group()
            for text in parser.parts
            for wrong in (WRONG, UNGRAMMATICAL)
            for match in wrong.finditer(text)
        }
    )


def admin_pages(newsroom):
    """The address of every page of the admin, with one real row of each model to change or delete."""
    yield reverse("admin:index")
    yield reverse("admin:password_change")
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield reverse(f"{info}_changelist")
        yield reverse(f"{info}_add")
        row = newsroom.get(model)
        if row is not None:
            for view in ["change", "delete", "history"]:
                yield reverse(f"{info}_{view}", args=[row.pk])
        try:
            yield reverse(f"{info}_recoverlist")
        except NoReverseMatch:
            pass


@pytest.fixture
def newsroom():
    """One row of every model in the admin; an article saved twice in the admin, with a correction."""
    tier = make_tier(name="Nasjonalt nivå")
    cluster = make_cluster(tier=tier)
    announcement = make_announcement()
    make_decision(cluster=cluster, tier=tier, announcement=announcement)
    journalist = make_journalist()
    article = make_article(
        clusters=[cluster], authors=[journalist], lead_photo=make_photo(uploaded_by=journalist)
    )
    article.corrections.create(text="Tallet var feil.", author=journalist)
    client = logged_in(journalist)
    url = reverse("admin:news_article_change", args=[article.pk])
    client.post(url, form_data(client.get(url), lead="Første versjon."))
    client.post(url, form_data(client.get(url), lead="Andre versjon."))
    return {
        type(row): row
        for row in [
            tier,
            cluster,
            cluster.regions.get(),
            announcement,
            article,
            article.lead_photo,
            article.category,
            journalist,
        ]
    }


def compare_page(client, article):
    old, new = Version.objects.get_for_object(article).order_by("pk")[:2]
    url = reverse("admin:news_article_compare", args=[article.pk])
    return client.get(url, {"version_id1": old.pk, "version_id2": new.pk})


@pytest.mark.parametrize("make_person", [make_journalist, make_editor], ids=["journalist", "redaktør"])
def test_every_admin_page_a_newsroom_member_opens_is_in_bokmal(make_person, newsroom):
    client = logged_in(make_person())
    english = {}
    for url in admin_pages(newsroom):
        response = client.get(url)
        assert response.status_code in {200, 403}, f"{url} answered {response.status_code}"
        if response.status_code == 200:
            english[url] = english_on(response)
    article = newsroom[Article]
    english["compare"] = english_on(compare_page(client, article))
    changelist = reverse("admin:news_article_changelist")
    bulk_delete = client.post(changelist, {"action": "delete_selected", "_selected_action": [article.pk]})
    if bulk_delete.status_code == 200:
        english["bulk delete"] = english_on(bulk_delete)
    change = reverse("admin:news_article_change", args=[article.pk])
    english["form error"] = english_on(client.post(change, form_data(client.get(change), headline="")))

    assert {page: words for page, words in english.items() if words} == {}


def test_the_editor_sees_a_deleted_article_to_recover_in_bokmal(newsroom):
    client = logged_in(make_editor())
    article = newsroom[Article]
    client.post(reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"})
    version = Version.objects.get_deleted(Article).first()

    recover_list = client.get(reverse("admin:news_article_recoverlist"))
    recover = client.get(reverse("admin:news_article_recover", args=[version.pk]))

    assert not Article.objects.filter(pk=article.pk).exists()
    assert (english_on(recover_list), english_on(recover)) == ([], [])


def test_the_login_page_with_a_mistake_and_the_lockout_page_are_in_bokmal(settings):
    make_journalist(username="kari")
    client = Client()
    attempts = [
        client.post("/admin/login/", {"username": "kari", "password": "feil", "next": "/admin/"})
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]

    assert [r.status_code for r in attempts[-2:]] == [200, 429]
    assert (english_on(attempts[0]), english_on(attempts[-1])) == ([], [])
