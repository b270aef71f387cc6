"""Autosave in the article form: unsaved edits are kept per person and article, never published,
never moving the edit lock, offered back when the form is opened again, gone once the article is saved."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from news.autosave import MAX_BYTES
from news.models import Article, UnsavedEdits
from tests.admin_forms import form_data
from tests.builders import category, logged_in, make_article, make_journalist, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article(headline="Legevakta flytter", body="<p>Første utkast.</p>", status="draft")


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def autosave_url(article=None):
    return reverse("admin:news_article_autosave", args=[article.pk] if article else [])


def edits(version=1, **fields):
    kept = {"lock_version": [str(version)] if version else []}
    kept |= {name: value if isinstance(value, list) else [value] for name, value in fields.items()}
    return {"edits": json.dumps({"fields": kept, "labels": {"clusters": {"7": "NCE Eyde"}}})}


def kept_config(response):
    return response.context["autosave"]["config"].get("kept")


def test_edits_are_kept_without_touching_the_article_or_its_lock(article):
    client = logged_in(make_journalist())

    response = client.post(autosave_url(article), edits(body="<p>Andre utkast, halvveis i en setn</p>"))

    assert response.status_code == 200
    kept = UnsavedEdits.objects.get()
    assert kept.fields["body"] == ["<p>Andre utkast, halvveis i en setn</p>"]
    assert kept.opened_version == 1 and kept.article == article
    article.refresh_from_db()
    assert article.body == "<p>Første utkast.</p>" and article.version == 1
    assert article.status == Article.Status.DRAFT


def test_the_writers_own_save_after_autosaves_is_not_blocked(article):
    client = logged_in(make_journalist())
    opened = client.get(change_url(article))
    for n in range(3):
        client.post(autosave_url(article), edits(body=f"<p>Utkast {n}.</p>"))

    saved = client.post(change_url(article), form_data(opened, body="<p>Ferdig tekst.</p>"))

    assert saved.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>Ferdig tekst.</p>" and article.version == 2


def test_opening_the_form_again_offers_the_kept_edits_with_the_version_they_were_opened_at(article):
    kari = make_journalist()
    logged_in(kari).post(
        autosave_url(article), edits(headline="Legevakta flytter til sentrum", clusters=["7"])
    )

    kept = kept_config(logged_in(kari).get(change_url(article)))

    assert kept["fields"]["headline"] == ["Legevakta flytter til sentrum"]
    assert kept["fields"]["lock_version"] == ["1"]
    assert kept["labels"] == {"clusters": {"7": "NCE Eyde"}}
    assert kept["updated"]


def test_the_form_page_carries_the_prompt_and_the_kept_edits_for_the_script(article):
    kari = make_journalist()
    logged_in(kari).post(autosave_url(article), edits(lead="Ny <ingress> & mer"))

    response = logged_in(kari).get(change_url(article))

    page = response.content.decode()
    assert 'id="autosave-prompt"' in page and "Du har ulagrede endringer fra" in page
    assert "Gjenopprett" in page and "Forkast" in page
    config = json.loads(page.split('id="autosave-config" type="application/json">')[1].split("</script>")[0])
    assert config["kept"]["fields"]["lead"] == ["Ny <ingress> & mer"]
    assert config["url"] == autosave_url(article)


def test_one_persons_unsaved_edits_are_never_shown_to_another(article):
    kari, ola = make_journalist(), make_journalist()
    logged_in(kari).post(autosave_url(article), edits(body="<p>Karis hemmelige utkast.</p>"))
    logged_in(kari).post(autosave_url(), edits(version=None, headline="Karis nye sak"))

    olas_change = logged_in(ola).get(change_url(article))
    olas_add = logged_in(ola).get(reverse("admin:news_article_add"))

    assert kept_config(olas_change) is None and kept_config(olas_add) is None
    assert "Karis" not in olas_change.content.decode() + olas_add.content.decode()
    logged_in(ola).post(autosave_url(article), edits(body="<p>Olas utkast.</p>"))
    assert UnsavedEdits.objects.count() == 3
    assert kept_config(logged_in(kari).get(change_url(article)))["fields"]["body"] == [
        "<p>Karis hemmelige utkast.</p>"
    ]


def test_saving_the_article_removes_the_writers_kept_edits_only(article):
    kari, ola = make_journalist(), make_journalist()
    opened = logged_in(kari).get(change_url(article))
    logged_in(kari).post(autosave_url(article), edits(body="<p>Kari.</p>"))
    logged_in(ola).post(autosave_url(article), edits(body="<p>Ola.</p>"))

    logged_in(kari).post(change_url(article), form_data(opened, body="<p>Kari.</p>"))

    assert list(UnsavedEdits.objects.values_list("user", flat=True)) == [ola.pk]


def test_saving_a_new_article_removes_the_kept_new_article_edits():
    category()
    kari = make_journalist()
    client = logged_in(kari)
    client.post(autosave_url(), edits(version=None, headline="Ny sak om søvn"))
    added = client.get(reverse("admin:news_article_add"))
    assert kept_config(added)["fields"]["headline"] == ["Ny sak om søvn"]

    saved = client.post(reverse("admin:news_article_add"), form_data(added, headline="Ny sak om søvn"))

    assert saved.status_code == 302
    assert not UnsavedEdits.objects.exists()


def test_a_restored_form_is_refused_if_someone_else_saved_in_between(article):
    kari, ola = make_journalist(first_name="Kari", last_name="Nordmann"), make_journalist()
    karis_form = logged_in(kari).get(change_url(article))
    logged_in(kari).post(autosave_url(article), edits(body="<p>Karis tekst.</p>"))
    olas_form = logged_in(ola).get(change_url(article))
    logged_in(ola).post(change_url(article), form_data(olas_form, body="<p>Olas tekst.</p>"))

    # Kari comes back, restores: the form carries the version she opened at.
    kept = kept_config(logged_in(kari).get(change_url(article)))
    restored = form_data(
        karis_form, body=kept["fields"]["body"][0], lock_version=kept["fields"]["lock_version"][0]
    )
    refused = logged_in(kari).post(change_url(article), restored)

    assert refused.status_code == 200
    assert "etter at du åpnet den" in " ".join(refused.context["adminform"].form.non_field_errors())
    article.refresh_from_db()
    assert article.body == "<p>Olas tekst.</p>" and article.version == 2
    assert UnsavedEdits.objects.filter(user=kari).exists(), "Kari's text is still kept"


def test_a_late_autosave_after_the_writers_own_save_is_not_kept(article):
    kari = make_journalist()
    client = logged_in(kari)
    client.post(change_url(article), form_data(client.get(change_url(article)), body="<p>Lagret.</p>"))

    late = client.post(autosave_url(article), edits(version=1, body="<p>Lagret.</p>"))

    assert late.status_code == 409
    assert not UnsavedEdits.objects.exists()


def test_discarding_forgets_the_kept_edits(article):
    client = logged_in(make_journalist())
    client.post(autosave_url(article), edits(body="<p>Vekk.</p>"))

    response = client.post(autosave_url(article), {"discard": "1"})

    assert response.status_code == 204
    assert not UnsavedEdits.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"edits": ""},
        {"edits": "{not json"},
        {"edits": json.dumps(["a list"])},
        {"edits": json.dumps({"fields": "body"})},
        {"edits": json.dumps({"fields": {"body": "not a list"}})},
        {"edits": json.dumps({"fields": {"body": [1, 2]}})},
        {"edits": json.dumps({"fields": {"body": ["x"] * 501, "lock_version": ["1"]}})},
        {"edits": json.dumps({"fields": {"no_such_field": ["x"]}})},
        {"edits": json.dumps({"fields": {"body": ["<p>x</p>"]}})},  # no lock version
        {"edits": json.dumps({"fields": {"body": ["<p>x</p>"], "lock_version": ["abc"]}})},
        {"edits": json.dumps({"fields": {"body": ["<p>x</p>"], "lock_version": ["1"]}, "labels": []})},
    ],
)
def test_a_payload_that_is_not_the_forms_answers_400_and_keeps_nothing(article, payload):
    response = logged_in(make_journalist()).post(autosave_url(article), payload)

    assert response.status_code == 400
    assert not UnsavedEdits.objects.exists()


def test_control_characters_are_cleaned_before_keeping(article):
    client = logged_in(make_journalist())

    client.post(
        autosave_url(article), edits(body="<p>Null\x00tegn og\x01 kontroll</p>", lead="Linje\x0bskift")
    )

    kept = UnsavedEdits.objects.get()
    assert kept.fields["body"] == ["<p>Nulltegn og kontroll</p>"]
    assert kept.fields["lead"] == ["Linje\nskift"]


def test_edits_beyond_the_size_limit_answer_413_and_keep_nothing(article):
    huge = "<p>" + "å" * (MAX_BYTES // 2 + 10) + "</p>"  # two bytes each in UTF-8, more once escaped

    response = logged_in(make_journalist()).post(autosave_url(article), edits(body=huge))

    assert response.status_code == 413
    assert not UnsavedEdits.objects.exists()


def test_only_post_is_answered(article):
    assert logged_in(make_journalist()).get(autosave_url(article)).status_code == 405


def test_the_endpoint_checks_the_csrf_token(article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_journalist())

    refused = client.post(autosave_url(article), edits(body="<p>Uten token.</p>"))
    token = client.get(change_url(article)).context["csrf_token"]
    accepted = client.post(
        autosave_url(article), edits(body="<p>Med token.</p>") | {"csrfmiddlewaretoken": token}
    )

    assert refused.status_code == 403
    assert accepted.status_code == 200
    assert UnsavedEdits.objects.get().fields["body"] == ["<p>Med token.</p>"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("not staff", 302),
        ("staff in no group", 403),
        ("journalist", 200),
        ("editor", 200),
    ],
)
def test_who_may_keep_edits(article, who, status):
    client = Client()
    users = {
        "not staff": lambda: make_user(is_staff=False, groups=["Journalist"]),
        "staff in no group": make_user,
        "journalist": make_journalist,
        "editor": lambda: make_user(groups=["Redaktør"]),
    }
    if who in users:
        client.force_login(users[who]())

    response = client.post(autosave_url(article), edits(body="<p>Forsøk.</p>"))

    assert response.status_code == status
    assert UnsavedEdits.objects.exists() == (status == 200)


def test_an_unknown_article_answers_404():
    response = logged_in(make_journalist()).post(reverse("admin:news_article_autosave", args=[999]), edits())

    assert response.status_code == 404


def test_a_request_beyond_djangos_own_limit_answers_400(article, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_BYTES
    huge = "<p>" + "a" * (MAX_BYTES + 10) + "</p>"

    response = logged_in(make_journalist()).post(autosave_url(article), edits(body=huge))

    assert response.status_code == 400
    assert not UnsavedEdits.objects.exists()
