"""The groups from the data migration: what a journalist, an editor and a staff user in no group may do."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from news.models import Article
from tests.builders import make_article, make_cluster, make_editor, make_journalist, make_user

pytestmark = pytest.mark.django_db


def test_the_migration_creates_the_two_newsroom_groups():
    journalist = set(Group.objects.get(name="Journalist").permissions.values_list("codename", flat=True))
    editor = set(Group.objects.get(name="Redaktør").permissions.values_list("codename", flat=True))

    assert {"add_article", "change_article", "publish_article", "add_photo", "view_cluster"} <= journalist
    assert not {c for c in journalist if c.startswith("delete_")}
    assert not {"change_cluster", "add_tier", "change_category"} & journalist
    assert journalist < editor
    assert {"delete_article", "change_cluster", "add_tier", "add_announcement", "change_category"} <= editor


def test_a_staff_user_in_no_group_sees_nothing_in_the_admin(client):
    client.force_login(make_user())
    article = make_article()

    index = client.get(reverse("admin:index"))

    assert index.context["app_list"] == []
    assert client.get(reverse("admin:news_article_changelist")).status_code == 403
    assert client.get(reverse("admin:news_article_change", args=[article.pk])).status_code == 403
    assert client.get(reverse("admin:news_photo_add")).status_code == 403


def test_a_journalist_sees_the_newsroom_but_cannot_delete_an_article(client):
    client.force_login(make_journalist())
    article = make_article()

    models = {
        m["object_name"]
        for app in client.get(reverse("admin:index")).context["app_list"]
        for m in app["models"]
    }
    delete = client.post(reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"})

    assert {"Article", "Photo", "Cluster"} <= models
    assert delete.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_a_journalist_can_look_up_clusters_but_not_change_them(client):
    client.force_login(make_journalist())
    cluster = make_cluster(name="Health Technology")
    change = reverse("admin:clusters_cluster_change", args=[cluster.pk])

    lookup = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "news", "model_name": "article", "field_name": "clusters", "term": "Health"},
    )
    edit = client.post(change, {"name": "Noe annet", "slug": cluster.slug, "region": cluster.region_id})

    assert [r["text"] for r in lookup.json()["results"]] == ["Health Technology"]
    assert client.get(change).status_code == 200, "read-only view"
    assert edit.status_code == 403
    assert client.get(reverse("admin:clusters_tier_add")).status_code == 403


def test_authors_are_looked_up_among_staff_only(client):
    client.force_login(make_journalist())
    make_user(first_name="Ola", last_name="Redaksjon", username="ola")
    make_user(first_name="Ola", last_name="Leser", username="ola-leser", is_staff=False)

    lookup = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "news", "model_name": "article", "field_name": "authors", "term": "ola"},
    )

    assert [r["text"] for r in lookup.json()["results"]] == ["ola"]


def test_an_editor_may_delete_an_article_and_change_the_register(client):
    client.force_login(make_editor())
    article = make_article()

    delete = client.post(reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"})

    assert delete.status_code == 302
    assert not Article.objects.exists()
    assert client.get(reverse("admin:clusters_tier_add")).status_code == 200
    assert client.get(reverse("admin:news_category_add")).status_code == 200


def test_the_admin_is_branded_as_helseinfos_newsroom(client, db):
    response = client.get("/admin/login/")
    assert "<title>Logg inn | Helseinfo nyhetsdesk</title>" in response.content.decode()
    assert "Helseinfo – nyhetsdesken" in response.content.decode()
