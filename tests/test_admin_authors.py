"""The authors of an article: chosen among active colleagues by name, without the right to list users."""

import pytest
from django.urls import reverse

from news.models import Article
from tests.admin_forms import form_data
from tests.builders import category, logged_in, make_article, make_editor, make_journalist, make_user

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:news_article_add")


@pytest.fixture
def journalist():
    return make_journalist(first_name="Kari", last_name="Nordmann")


@pytest.fixture
def journalist_client(journalist):
    return logged_in(journalist)


def author_choices(response):
    return [str(label) for _, label in response.context["adminform"].form.fields["authors"].choices]


def test_the_choices_are_active_staff_by_full_name_or_user_name(journalist_client, journalist):
    make_user(first_name="Ola", last_name="Redaksjon")
    make_user(first_name="", last_name="", username="fotograf")
    make_user(first_name="Lise", last_name="Leser", is_staff=False)
    make_user(first_name="Per", last_name="Sluttet", is_active=False)

    assert author_choices(journalist_client.get(ADD_URL)) == ["fotograf", "Kari Nordmann", "Ola Redaksjon"]


def test_a_journalist_saves_an_article_with_a_colleague_as_second_author(journalist_client, journalist):
    colleague = make_editor(first_name="Ola", last_name="Redaksjon")
    typed = {"headline": "To om saken", "slug": "to-om-saken", "category": category().pk}
    form = journalist_client.get(ADD_URL)

    response = journalist_client.post(
        ADD_URL, form_data(form, **typed, authors=[str(journalist.pk), str(colleague.pk)])
    )

    assert response.status_code == 302
    assert set(Article.objects.get().authors.all()) == {journalist, colleague}


def test_an_author_who_has_left_keeps_the_byline_when_the_article_is_edited(journalist_client, journalist):
    departed = make_user(first_name="Per", last_name="Sluttet", is_active=False)
    article = make_article(authors=[departed, journalist], status=Article.Status.DRAFT)
    change = reverse("admin:news_article_change", args=[article.pk])
    form = journalist_client.get(change)

    response = journalist_client.post(change, form_data(form, headline="Ny tittel"))

    assert response.status_code == 302
    assert "Per Sluttet" in author_choices(form)
    assert set(article.authors.all()) == {departed, journalist}


def test_a_journalist_may_neither_list_users_nor_look_them_up(journalist_client, journalist):
    lookup = journalist_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "news", "model_name": "article", "field_name": "authors", "term": "Kari"},
    )

    assert journalist_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert lookup.status_code == 403
