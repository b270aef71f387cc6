"""Preview in the article form: the page as readers will see it, made from the unsaved form, with
nothing kept, never cached and only for those who may edit the article."""

import pytest
from django.test import Client
from django.urls import reverse

from news.models import Article
from tests.admin_forms import form_data
from tests.builders import category, logged_in, make_article, make_cluster, make_journalist, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article(headline="Legevakta flytter", body="<p>Første utkast.</p>")


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def preview_url(article=None):
    return reverse("admin:news_article_preview", args=[article.pk] if article else [])


def test_the_preview_shows_the_unsaved_form_on_the_article_page_and_keeps_nothing(article):
    cluster = make_cluster(name="Norwegian Smart Care Cluster")
    client = logged_in(make_journalist())
    opened = client.get(change_url(article))
    typed = form_data(opened, headline="Legevakta flytter til sentrum", body="<p>Nytt avsnitt.</p>")

    response = client.post(preview_url(article), typed | {"clusters": [str(cluster.pk)]})

    assert response.status_code == 200
    assert response.templates[0].name == "news/article_detail.html"
    page = response.content.decode()
    assert "<h1>Legevakta flytter til sentrum</h1>" in page and "<p>Nytt avsnitt.</p>" in page
    assert "Norwegian Smart Care Cluster" in page
    article.refresh_from_db()
    assert article.headline == "Legevakta flytter" and article.body == "<p>Første utkast.</p>"
    assert article.version == 1 and not article.clusters.exists()
    assert client.get(article.get_absolute_url()).content.decode().count("Nytt avsnitt") == 0


def test_the_preview_is_never_cached_nor_indexed(article):
    client = logged_in(make_journalist())

    response = client.post(preview_url(article), form_data(client.get(change_url(article))))

    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_a_new_article_is_previewed_without_being_saved():
    category()
    client = logged_in(make_journalist())
    added = client.get(reverse("admin:news_article_add"))

    response = client.post(preview_url(), form_data(added, headline="Ny sak om søvn", body="<p>Om søvn.</p>"))

    assert response.status_code == 200
    assert "<h1>Ny sak om søvn</h1>" in response.content.decode()
    assert "Forhåndsvisning: saken er et utkast" in response.content.decode()
    assert not Article.objects.exists()


def test_the_preview_neither_asks_the_publish_gate_nor_claims_the_edit_lock(article):
    client = logged_in(make_journalist())
    opened = client.get(change_url(article))
    Article.objects.filter(pk=article.pk).update(version=5)  # someone saved since

    response = client.post(preview_url(article), form_data(opened, lead="", headline="Uten ingress"))

    assert response.status_code == 200
    assert "<h1>Uten ingress</h1>" in response.content.decode()
    assert Article.objects.get().version == 5


def test_a_form_with_field_errors_answers_400_with_what_to_fix(article):
    client = logged_in(make_journalist())

    response = client.post(preview_url(article), form_data(client.get(change_url(article)), headline=""))

    assert response.status_code == 400
    assert "tittel" in response.content.decode().lower()
    assert Article.objects.get().headline == "Legevakta flytter"


def test_only_post_is_answered(article):
    assert logged_in(make_journalist()).get(preview_url(article)).status_code == 405


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("staff in no group", 403)])
def test_no_preview_for_those_who_may_not_edit(article, who, status):
    client = Client()
    if who != "anonymous":
        client.force_login(make_user())
    data = form_data(logged_in(make_journalist()).get(change_url(article)), headline="Hemmelig tittel")

    response = client.post(preview_url(article), data)

    assert response.status_code == status
    assert "Hemmelig tittel" not in response.content.decode()
