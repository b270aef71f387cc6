"""Corrections: journalists and editors append them, dated and signed; nobody changes or deletes one."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from news.models import Correction
from tests.admin_forms import form_data
from tests.builders import logged_in, make_article, make_editor, make_journalist, make_user

pytestmark = pytest.mark.django_db


def correction_permissions(group):
    perms = Group.objects.get(name=group).permissions.filter(content_type__model="correction")
    return set(perms.values_list("codename", flat=True))


@pytest.mark.parametrize("group", ["Journalist", "Redaktør"])
def test_both_newsroom_groups_may_add_and_view_corrections_and_no_more(group):
    assert correction_permissions(group) == {"add_correction", "view_correction"}


@pytest.mark.parametrize(
    "make",
    [make_journalist, make_editor, lambda: make_user(is_superuser=True)],
    ids=["journalist", "editor", "superuser"],
)
def test_a_correction_is_appended_signed_and_then_stays_as_it_was(make):
    user = make()
    client = logged_in(user)
    article = make_article()
    first = Correction.objects.create(article=article, text="Navnet var feilstavet.")
    url = reverse("admin:news_article_change", args=[article.pk])
    data = form_data(client.get(url)) | {
        "corrections-TOTAL_FORMS": "2",
        "corrections-0-id": str(first.pk),
        "corrections-0-text": "Skrevet om i ettertid.",
        "corrections-0-DELETE": "on",
        "corrections-1-text": "Klyngen har 175 medlemmer, ikke 157.",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    assert list(article.corrections.values_list("text", "author")) == [
        ("Navnet var feilstavet.", None),
        ("Klyngen har 175 medlemmer, ikke 157.", user.pk),
    ]
