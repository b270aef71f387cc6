"""History (django-reversion): every saved version kept, compared, restored; deleted articles recovered.

Articles, clusters and announcements keep their versions; the compare view names what changed in Norwegian."""

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains
from reversion.models import Version

from news.models import Article
from tests.admin_forms import form_data
from tests.builders import (
    category,
    logged_in,
    make_announcement,
    make_article,
    make_cluster,
    make_editor,
    make_journalist,
    make_photo,
    make_region,
    make_user,
)
from tests.test_admin_language import VisibleText, english_on

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


# The compare view: what changed, in the newsroom's words.

ENGLISH_IN_COMPARE = re.compile(
    r"\b(Home|History|Compare|Revert|version|Fields?|marked|reversion|changed|Deleted|None|True|False|"
    r"differences|comment|Note|add|remove|previous|next|Go back|time since)\b",
    re.IGNORECASE,
)


def save_in_admin(client, row, **changes):
    opts = row._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
    response = client.post(url, form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors


def compare(row, client=None):
    """The compare page of `row`'s two latest versions, as an editor sees it."""
    opts = row._meta
    old, new = Version.objects.get_for_object(row).order_by("-pk")[:2][::-1]
    return (client or logged_in(make_editor())).get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_compare", args=[row.pk]),
        {"version_id1": old.pk, "version_id2": new.pk},
    )


def changed_fields(response):
    """The labels of the fields the compare page lists as changed."""
    return re.findall(r"<h3>(.*?)</h3>", response.content.decode())


def visible_text(response):
    parser = VisibleText()
    parser.feed(response.content.decode())
    return " ".join(parser.parts)


def test_the_compare_view_names_the_clusters_taken_off_and_put_on_an_article():
    journalist = logged_in(make_journalist())
    alfa, beta, gamma = (make_cluster(name=name) for name in ["Alfa Helse", "Beta Medtech", "Gamma Bio"])
    article = make_article(status=Article.Status.DRAFT, clusters=[alfa, gamma])
    save_in_admin(journalist, article)
    save_in_admin(journalist, article, clusters=[str(beta.pk), str(gamma.pk)])

    response = compare(article)

    assert changed_fields(response) == ["Klynger"], "nothing else changed"
    assertContains(
        response,
        '<ul class="compare-rows"><li><del>Fjernet: Alfa Helse</del></li>'
        "<li><ins>Lagt til: Beta Medtech</ins></li><li>Uendret: Gamma Bio</li></ul>",
        html=True,
    )


def test_the_compare_view_shows_category_photo_announcement_and_authors_before_and_after():
    kari = make_journalist(first_name="Kari", last_name="Nordmann")
    ola = make_journalist(first_name="Ola", last_name="Hansen")
    client = logged_in(kari)
    photo = make_photo(caption="Klyngeleder på scenen.")
    announcement = make_announcement(title="Nye klynger 2024")
    article = make_article(status=Article.Status.DRAFT, category=category("helsenyheter"), authors=[kari])
    save_in_admin(client, article)
    save_in_admin(
        client,
        article,
        category=str(category("pressemeldinger").pk),
        lead_photo=str(photo.pk),
        announcement=str(announcement.pk),
        authors=[str(ola.pk)],
    )

    response = compare(article)

    assert changed_fields(response) == ["Kategori", "Hovedbilde", "Kunngjøring", "Forfattere"]
    for before, after in [
        ("Helsenyheter", "Pressemeldinger"),
        ("(tomt)", str(photo)),
        ("(tomt)", "Nye klynger 2024"),
    ]:
        assertContains(
            response,
            f'<p class="highlight"><del>Før: {before}</del><br><ins>Etter: {after}</ins></p>',
            html=True,
        )
    assertContains(response, "<del>Fjernet: Kari Nordmann</del>", html=True)
    assertContains(response, "<ins>Lagt til: Ola Hansen</ins>", html=True)


def test_bookkeeping_fields_are_not_listed_as_changes(edited):
    response = compare(edited)

    assert changed_fields(response) == ["Tittel", "Brødtekst"]
    assertContains(response, "<del>Før: Gammel tittel</del>", html=True)


def test_a_cluster_deleted_since_is_named_as_deleted():
    journalist = logged_in(make_journalist())
    gone = make_cluster(name="Nedlagt klynge")
    article = make_article(status=Article.Status.DRAFT, clusters=[gone])
    save_in_admin(journalist, article)
    save_in_admin(journalist, article, clusters=[])
    gone_pk = gone.pk
    gone.delete()

    assertContains(compare(article), f"<del>Fjernet: slettet (nr. {gone_pk})</del>", html=True)


def test_the_compare_page_reads_in_norwegian(edited):
    client = logged_in(make_editor())
    response = compare(edited, client)
    history = client.get(reverse("admin:news_article_history", args=[edited.pk]))

    text = visible_text(response)
    assert ENGLISH_IN_COMPARE.findall(text) == [] and english_on(response) == []
    assert english_on(history) == []
    for words in ["Sammenlign versjoner", "Gjenopprett denne versjonen", "Tilbake til historikken"]:
        assert words in text
    breadcrumbs = re.search(r'<div class="breadcrumbs">(.*?)</div>', response.content.decode(), re.S)
    assert re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", breadcrumbs.group(1)))).strip() == (
        "Hjem › Nyheter › Artikler › Historikk › Sammenlign versjoner"
    )


def test_a_clusters_history_compares_its_name_and_description_in_norwegian():
    editor = logged_in(make_editor())
    cluster = make_cluster(name="Oslo Medtech", description="Klyngen for medisinsk teknologi.")
    save_in_admin(editor, cluster)
    save_in_admin(editor, cluster, name="Health Technology")

    response = compare(cluster, editor)

    assert changed_fields(response) == ["Navn"]
    assertContains(response, "<del>Før: Oslo Medtech</del>", html=True)
    assert ENGLISH_IN_COMPARE.findall(visible_text(response)) == [] and english_on(response) == []


def test_an_announcements_history_compares_its_date_in_norwegian():
    editor = logged_in(make_editor())
    announcement = make_announcement(title="Nye klynger 2014", date=date(2014, 6, 20))
    save_in_admin(editor, announcement)
    save_in_admin(editor, announcement, date="2014-06-23")

    response = compare(announcement, editor)

    assert changed_fields(response) == ["Dato"]
    assertContains(response, "<del>Før: 20. juni 2014</del>", html=True)
    assertContains(response, "<ins>Etter: 23. juni 2014</ins>", html=True)
    assert ENGLISH_IN_COMPARE.findall(visible_text(response)) == [] and english_on(response) == []


def test_a_clusters_regions_changed_are_named_in_the_compare_view():
    editor = logged_in(make_editor())
    oslo, viken = make_region(name="Oslo"), make_region(name="Viken")
    cluster = make_cluster(name="Health Technology", regions=[oslo])
    save_in_admin(editor, cluster)
    save_in_admin(editor, cluster, regions=[str(viken.pk)])

    response = compare(cluster, editor)

    assert changed_fields(response) == ["Regioner"]
    assertContains(
        response, "<li><del>Fjernet: Oslo</del></li><li><ins>Lagt til: Viken</ins></li>", html=True
    )
