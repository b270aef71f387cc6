"""History (django-reversion): every saved version kept, compared, restored; deleted articles recovered."""

import pytest
from django.urls import reverse
from reversion.models import Version

from news.models import Article
from tests.admin_forms import form_data
from tests.builders import logged_in, make_article, make_cluster, make_editor, make_journalist, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited():
    """An article saved twice in the admin by a journalist: first «Gammel tittel», then «Ny tittel»."""
    client = logged_in(make_journalist(first_name="Kari", last_name="Nordmann"))
    article = make_article(headline="Gammel tittel", status=Article.Status.DRAFT, clusters=[make_cluster()])
    url = reverse("admin:news_article_change", args=[article.pk])
    client.post(url, form_data(client.get(url), body="<p>Første versjon.</p>"))
    client.post(url, form_data(client.get(url), headline="Ny tittel", body="<p>Andre versjon.</p>"))
    return Article.objects.get(pk=article.pk)


def versions(article):
    return Version.objects.get_for_object(article).order_by("pk")


def test_every_save_is_kept_with_who_made_it(edited):
    kept = versions(edited)

    assert [v.field_dict["headline"] for v in kept] == ["Gammel tittel", "Ny tittel"]
    assert {v.revision.user.get_full_name() for v in kept} == {"Kari Nordmann"}


def test_an_editor_compares_two_versions(edited):
    old, new = versions(edited)
    client = logged_in(make_editor())

    history = client.get(reverse("admin:news_article_history", args=[edited.pk]))
    compare = client.get(
        reverse("admin:news_article_compare", args=[edited.pk]),
        {"version_id1": old.pk, "version_id2": new.pk},
    )

    assert "Kari Nordmann" in history.content.decode()
    assert compare.status_code == 200
    assert "Gammel tittel" in compare.content.decode() and "Ny tittel" in compare.content.decode()


def test_a_staff_user_in_no_group_cannot_compare_versions(edited):
    old, new = versions(edited)

    response = logged_in(make_user()).get(
        reverse("admin:news_article_compare", args=[edited.pk]),
        {"version_id1": old.pk, "version_id2": new.pk},
    )

    assert response.status_code == 403


def test_a_version_is_restored_and_the_edit_lock_keeps_counting_up(edited):
    old = versions(edited).first()
    client = logged_in(make_editor())
    url = reverse("admin:news_article_revision", args=[edited.pk, old.pk])

    form = client.get(url)
    assert form.context["adminform"].form["lock_version"].value() == edited.version
    response = client.post(url, form_data(form))

    assert response.status_code == 302
    restored = Article.objects.get(pk=edited.pk)
    assert (restored.headline, restored.body) == ("Gammel tittel", "<p>Første versjon.</p>")
    assert restored.version == edited.version + 1
    assert list(restored.clusters.all()) == list(edited.clusters.all())
    assert versions(restored).count() == 3, "the restore is itself a version"


def test_a_form_opened_before_a_restore_is_refused_after_it(edited):
    old = versions(edited).first()
    journalist, editor = logged_in(make_journalist()), logged_in(make_editor())
    url = reverse("admin:news_article_change", args=[edited.pk])
    opened = journalist.get(url)
    revert = reverse("admin:news_article_revision", args=[edited.pk, old.pk])
    editor.post(revert, form_data(editor.get(revert)))

    response = journalist.post(url, form_data(opened, headline="Skrevet før gjenopprettingen"))

    assert response.status_code == 200
    assert Article.objects.get(pk=edited.pk).headline == "Gammel tittel"


def test_an_editor_recovers_a_deleted_article(edited):
    editor = logged_in(make_editor())
    clusters = list(edited.clusters.all())
    editor.post(reverse("admin:news_article_delete", args=[edited.pk]), {"post": "yes"})
    assert not Article.objects.exists()

    deleted = Version.objects.get_deleted(Article).get()
    listing = editor.get(reverse("admin:news_article_recoverlist"))
    url = reverse("admin:news_article_recover", args=[deleted.pk])
    response = editor.post(url, form_data(editor.get(url)))

    assert "Ny tittel" in listing.content.decode()
    assert response.status_code == 302
    recovered = Article.objects.get()
    assert recovered.headline == "Ny tittel" and list(recovered.clusters.all()) == clusters


def test_only_those_who_may_delete_may_recover(edited):
    journalist = logged_in(make_journalist())

    assert journalist.get(reverse("admin:news_article_recoverlist")).status_code == 403
    assert "recoverlink" not in journalist.get(reverse("admin:news_article_changelist")).content.decode()
    assert (
        "recoverlink"
        in logged_in(make_editor()).get(reverse("admin:news_article_changelist")).content.decode()
    )
