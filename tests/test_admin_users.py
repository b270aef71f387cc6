"""Editors run their own desk: they make, deactivate and reset the accounts of journalists and editors,
and never make a superuser, grant a single permission or touch a superuser's account."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.admin_forms import form_data
from tests.builders import logged_in, make_editor, make_journalist, make_user, newsroom_group
from tests.test_admin_language import english_on

pytestmark = pytest.mark.django_db

ADD = reverse("admin:auth_user_add")
CHANGELIST = reverse("admin:auth_user_changelist")
NEW_PASSWORD = "Fjordlys-og-blåbær-42"


def change_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def add_user(client, **changes):
    """The editor fills in the add form as shown, with `changes`."""
    fields = {
        "username": "ola",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "first_name": "Ola",
        "last_name": "Nordmann",
        "email": "ola@example.org",
        "groups": [str(newsroom_group("Journalist").pk)],
    }
    return client.post(ADD, form_data(client.get(ADD), **(fields | changes)))


def can_log_in(username, password):
    """Through the admin's login form, as a person does."""
    response = Client().post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})
    return response.status_code == 302 and response["Location"] == "/admin/"


@pytest.fixture
def editor_client():
    return logged_in(make_editor())


def test_an_editor_makes_a_journalist_who_can_log_in(editor_client):
    response = add_user(editor_client)

    ola = User.objects.get(username="ola")
    assert response.status_code == 302
    assert (ola.get_full_name(), ola.email, ola.is_staff, ola.is_superuser) == (
        "Ola Nordmann",
        "ola@example.org",
        True,
        False,
    )
    assert [group.name for group in ola.groups.all()] == ["Journalist"]
    assert can_log_in("ola", NEW_PASSWORD)
    assert logged_in(ola).get(reverse("admin:news_article_add")).status_code == 200


def test_an_editor_makes_another_editor(editor_client):
    add_user(editor_client, username="randi", groups=[str(newsroom_group("Redaktør").pk)])

    randi = User.objects.get(username="randi")
    assert logged_in(randi).get(ADD).status_code == 200


def test_an_editor_cannot_make_a_superuser_or_grant_permissions(editor_client):
    every_permission = [str(pk) for pk in Permission.objects.values_list("pk", flat=True)]

    add_user(editor_client, is_superuser="on", user_permissions=every_permission)
    ola = User.objects.get(username="ola")
    editor_client.post(
        change_url(ola),
        form_data(editor_client.get(change_url(ola)), is_superuser="on", user_permissions=every_permission),
    )

    ola.refresh_from_db()
    assert (ola.is_superuser, ola.user_permissions.count()) == (False, 0)
    assert ola.get_all_permissions() == newsroom_permissions("Journalist")


def newsroom_permissions(group):
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name=group).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_an_editor_chooses_among_the_newsroom_groups_only(editor_client):
    admins = Group.objects.create(name="Driftsansvarlige")

    page = editor_client.get(ADD)
    response = add_user(editor_client, groups=[str(admins.pk)])

    assert [choice[1] for choice in page.context["adminform"].form.fields["groups"].choices] == [
        "Journalist",
        "Redaktør",
    ]
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["groups"]
    assert not User.objects.filter(username="ola").exists()


def test_an_editor_cannot_take_over_an_account_with_more_rights_than_the_newsroom_has(editor_client):
    operations = make_journalist(username="drift")
    operations.groups.add(Group.objects.create(name="Driftsansvarlige"))
    granted = make_journalist(username="utvidet")
    granted.user_permissions.add(Permission.objects.get(codename="change_group"))
    password = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}

    listed = editor_client.get(CHANGELIST)
    answers = [
        editor_client.post(reverse("admin:auth_user_password_change", args=[user.pk]), password).status_code
        for user in [operations, granted]
    ]

    assertNotContains(listed, "drift")
    assertNotContains(listed, "utvidet")
    assert answers == [404, 404]
    assert not can_log_in("drift", NEW_PASSWORD) and not can_log_in("utvidet", NEW_PASSWORD)


def test_an_editor_never_sees_or_changes_a_superuser(editor_client):
    boss = make_user(username="sjefen", is_superuser=True, email="sjefen@example.org")

    listed = editor_client.get(CHANGELIST)
    change = editor_client.get(change_url(boss))
    posted = editor_client.post(change_url(boss), {"username": "sjefen", "is_active": ""})
    password = editor_client.post(
        reverse("admin:auth_user_password_change", args=[boss.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    boss.refresh_from_db()
    assertNotContains(listed, "sjefen")
    assert (change.status_code, posted.status_code, password.status_code) == (302, 302, 404)
    assert change["Location"] == reverse("admin:index")
    assert (boss.is_active, boss.is_superuser, can_log_in("sjefen", NEW_PASSWORD)) == (True, True, False)


def test_an_editor_deactivates_a_journalist_who_then_cannot_log_in(editor_client):
    journalist = make_journalist(username="kari")

    editor_client.post(
        change_url(journalist), form_data(editor_client.get(change_url(journalist)), is_active=None)
    )

    journalist.refresh_from_db()
    assert (journalist.is_active, journalist.is_staff) == (False, True)
    assert [group.name for group in journalist.groups.all()] == ["Journalist"]
    assert not can_log_in("kari", "passord-for-test")


def test_an_editor_gives_a_journalist_a_new_password(editor_client):
    journalist = make_journalist(username="kari")
    url = reverse("admin:auth_user_password_change", args=[journalist.pk])

    page = editor_client.get(url)
    editor_client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})

    assert page.status_code == 200
    assert english_on(page) == []
    assert can_log_in("kari", NEW_PASSWORD)


def test_a_journalist_cannot_see_users():
    client = logged_in(make_journalist())
    other = make_journalist()

    answers = [client.get(url).status_code for url in [CHANGELIST, ADD, change_url(other)]]
    posted = client.post(ADD, {"username": "snik", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert answers == [403, 403, 403]
    assert posted.status_code == 403
    assert not User.objects.filter(username="snik").exists()


def test_the_user_pages_an_editor_opens_are_in_bokmal(editor_client):
    journalist = make_journalist()
    pages = [CHANGELIST, ADD, change_url(journalist)]
    refused = add_user(editor_client, password2="noe annet")

    english = {url: english_on(editor_client.get(url)) for url in pages}
    english["form error"] = english_on(refused)

    assert {url: words for url, words in english.items() if words} == {}
    assertContains(editor_client.get(CHANGELIST), journalist.get_full_name())
