"""Who may do what in the admin: the newsroom groups' permissions, and every model and action by role."""

import importlib
import itertools

import pytest
import reversion
from django.apps import apps
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains
from reversion.models import Version

from news.models import Article, Category, Correction
from tests.builders import (
    logged_in,
    make_announcement,
    make_article,
    make_cluster,
    make_decision,
    make_editor,
    make_journalist,
    make_photo,
    make_region,
    make_tier,
    make_user,
)

pytestmark = pytest.mark.django_db

REGISTER = [
    f"clusters.{action}_{model}"
    for model in ["cluster", "tier", "region", "announcement", "decision", "label"]
    for action in ["add", "change", "delete"]
]
JOURNALIST = {
    "news.add_article",
    "news.change_article",
    "news.view_article",
    "news.publish_article",
    "news.add_photo",
    "news.change_photo",
    "news.view_photo",
    "news.add_correction",
    "news.view_correction",
    "news.view_category",
    "clusters.view_cluster",
    "clusters.view_tier",
    "clusters.view_region",
    "clusters.view_announcement",
    "clusters.view_decision",
    "clusters.view_label",
}
EDITOR = JOURNALIST | {
    "news.delete_article",
    "news.delete_photo",
    "news.add_category",
    "news.change_category",
    "news.delete_category",
    *REGISTER,
    "auth.add_user",
    "auth.change_user",
    "auth.view_user",
}


def permissions_of(group):
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=group).permissions.all()
    }


def test_the_groups_have_exactly_the_newsroom_permissions():
    assert permissions_of("Journalist") == JOURNALIST
    assert permissions_of("Redaktør") == EDITOR


def test_the_migration_that_narrowed_the_groups_can_be_reversed():
    migration = importlib.import_module("news.migrations.0006_newsroom_groups")

    migration.give_back(apps, None)
    widened = permissions_of("Journalist"), permissions_of("Redaktør")
    migration.take(apps, None)

    assert widened == (
        JOURNALIST | {"auth.view_user", "news.change_correction"},
        EDITOR | {"auth.view_user", "news.change_correction", "news.delete_correction"},
    )
    # 0006 takes auth.view_user from editors; accounts' first migration, which runs after it, gives it back.
    narrowed = (JOURNALIST, EDITOR - {"auth.view_user"})
    assert (permissions_of("Journalist"), permissions_of("Redaktør")) == narrowed


# What each role gets, for each admin model and action:
#   200, 403, 404  the status code
#   login          redirected to the login page
#   done           the row was deleted, published or unpublished
#   refused        the action is not offered: the list again, nothing changed
# revert is the page of an old version, recover that of a deleted row; delete posts the confirmation.
TABLE = """
model         action            anonymous  staff  journalist  editor
article       changelist        login      403    200         200
article       add               login      403    200         200
article       change            login      403    200         200
article       delete            login      403    403         done
article       history           login      403    200         200
article       revert            login      403    200         200
article       recoverlist       login      403    403         200
article       recover           login      403    403         200
article       publish           login      403    done        done
article       unpublish         login      403    done        done
article       delete_selected   login      403    refused     done
photo         changelist        login      403    200         200
photo         add               login      403    200         200
photo         change            login      403    200         200
photo         delete            login      403    403         done
photo         history           login      403    200         200
photo         revert            login      403    200         200
photo         recoverlist       login      403    403         200
photo         recover           login      403    403         200
photo         delete_selected   login      403    refused     done
category      changelist        login      403    200         200
category      add               login      403    403         200
category      change            login      403    200         200
category      delete            login      403    403         done
category      history           login      403    200         200
category      delete_selected   login      403    refused     done
correction    changelist        login      404    404         404
correction    add               login      404    404         404
correction    change            login      404    404         404
correction    delete            login      404    404         404
correction    history           login      404    404         404
cluster       changelist        login      403    200         200
cluster       add               login      403    403         200
cluster       change            login      403    200         200
cluster       delete            login      403    403         done
cluster       history           login      403    200         200
cluster       delete_selected   login      403    refused     done
tier          changelist        login      403    200         200
tier          add               login      403    403         200
tier          change            login      403    200         200
tier          delete            login      403    403         done
tier          history           login      403    200         200
tier          delete_selected   login      403    refused     done
region        changelist        login      403    200         200
region        add               login      403    403         200
region        change            login      403    200         200
region        delete            login      403    403         done
region        history           login      403    200         200
region        delete_selected   login      403    refused     done
announcement  changelist        login      403    200         200
announcement  add               login      403    403         200
announcement  change            login      403    200         200
announcement  delete            login      403    403         done
announcement  history           login      403    200         200
announcement  delete_selected   login      403    refused     done
decision      changelist        login      404    404         404
decision      add               login      404    404         404
decision      change            login      404    404         404
decision      delete            login      404    404         404
decision      history           login      404    404         404
user          changelist        login      403    403         200
user          add               login      403    403         200
user          change            login      403    403         200
user          delete            login      403    403         403
user          history           login      403    403         200
user          delete_selected   login      403    403         refused
group         changelist        login      403    403         403
group         add               login      403    403         403
group         change            login      403    403         403
group         delete            login      403    403         403
group         history           login      403    403         403
group         delete_selected   login      403    403         403
"""
HEADER, *ROWS = [line.split() for line in TABLE.strip().splitlines()]
ROLES = HEADER[2:]

_numbers = itertools.count(1)
MAKE = {
    "article": lambda action: make_article(
        status=Article.Status.DRAFT if action == "publish" else Article.Status.PUBLISHED
    ),
    "photo": lambda action: make_photo(),
    "category": lambda action: Category.objects.create(name="Ny kategori", slug=f"ny-{next(_numbers)}"),
    "correction": lambda action: Correction.objects.create(article=make_article(), text="Rettet."),
    "cluster": lambda action: make_cluster(),
    "tier": lambda action: make_tier(),
    "region": lambda action: make_region(),
    "announcement": lambda action: make_announcement(),
    "decision": lambda action: make_decision(cluster=make_cluster(), tier=make_tier()),
    "user": lambda action: make_user(is_staff=False),
    "group": lambda action: Group.objects.create(name=f"Gruppe {next(_numbers)}"),
}
LOG_IN = {"anonymous": None, "staff": make_user, "journalist": make_journalist, "editor": make_editor}


def subject(model, action):
    """A fresh row for one request, saved with a version; deleted again to be recovered."""
    with reversion.create_revision():
        row = MAKE[model](action)
    version = Version.objects.get_for_object(row).get().pk if reversion.is_registered(type(row)) else None
    pk = row.pk
    if action == "recover":
        row.delete()
    return row, pk, version


def request(client, model, action):
    row, pk, version = subject(model, action)
    base = f"/admin/{row._meta.app_label}/{row._meta.model_name}/"
    pages = {
        "changelist": base,
        "add": f"{base}add/",
        "change": f"{base}{pk}/change/",
        "history": f"{base}{pk}/history/",
        "revert": f"{base}{pk}/history/{version}/",
        "recoverlist": f"{base}recover/",
        "recover": f"{base}recover/{version}/",
    }
    if action in pages:
        return client.get(pages[action]), None
    if action == "delete":
        response = client.post(f"{base}{pk}/delete/", {"post": "yes"})
    else:
        response = client.post(
            base, {"action": action, "_selected_action": [pk], "index": "0", "post": "yes"}
        )
    after = type(row).objects.filter(pk=pk).first()
    if action == "publish":
        return response, after.status == Article.Status.PUBLISHED
    if action == "unpublish":
        return response, after.status == Article.Status.DRAFT
    return response, after is None


def answer(response, done):
    if response.status_code == 302 and response["Location"].startswith("/admin/login/"):
        return "login"
    if done is not None and response.status_code in (200, 302):  # the list again, or back to it
        return "done" if done else "refused"
    return str(response.status_code)


@pytest.mark.parametrize("row", ROWS, ids=[f"{model}-{action}" for model, action, *_ in ROWS])
def test_each_role_gets_the_answer_the_table_gives(row):
    model, action, *expected = row
    answers = {}
    for role in ROLES:
        client = logged_in(LOG_IN[role]()) if LOG_IN[role] else Client()
        answers[role] = answer(*request(client, model, action))

    assert answers == dict(zip(ROLES, expected, strict=True))


def test_a_staff_user_in_no_group_sees_nothing_in_the_admin():
    client = logged_in(make_user())

    assert client.get(reverse("admin:index")).context["app_list"] == []


@pytest.mark.parametrize(("model", "link"), [("article", "artikler"), ("photo", "bilder")])
def test_the_recover_link_shows_only_to_those_who_may_recover(model, link):
    for make, shown in [(make_journalist, False), (make_editor, True)]:
        page = logged_in(make()).get(reverse(f"admin:news_{model}_changelist")).content.decode()
        assert (f'class="recoverlink">Gjenopprett slettede {link}</a>' in page) is shown, make.__name__
        assert ("recoverlink" in page) is shown, make.__name__


def test_a_journalist_can_look_up_clusters_but_not_change_them():
    client = logged_in(make_journalist())
    cluster = make_cluster(name="Health Technology")
    change = reverse("admin:clusters_cluster_change", args=[cluster.pk])

    lookup = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "news", "model_name": "article", "field_name": "clusters", "term": "Health"},
    )
    region = cluster.regions.get().pk
    edit = client.post(change, {"name": "Noe annet", "slug": cluster.slug, "regions": [region]})

    assert [r["text"] for r in lookup.json()["results"]] == ["Health Technology"]
    assert edit.status_code == 403
    cluster.refresh_from_db()
    assert cluster.name == "Health Technology"


def test_the_admin_is_branded_as_helseinfos_newsroom(client, db):
    response = client.get("/admin/login/")
    assertContains(response, "<title>Logg inn | Helseinfo nyhetsdesk</title>", html=True)
    assertContains(response, "Helseinfo – nyhetsdesken")
