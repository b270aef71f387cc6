"""Two people editing one article: the second save of a form opened before the first is refused,
with who and when, and neither text is lost."""

import threading
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.urls import reverse

from news.models import Article
from tests.admin_forms import form_data
from tests.builders import logged_in, make_article, make_journalist

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def article():
    return make_article(headline="Klynger seg for helseteknologi", body="<p>Første utkast.</p>")


def test_the_later_of_two_concurrent_saves_is_refused_and_both_texts_survive(article):
    kari = make_journalist(first_name="Kari", last_name="Nordmann")
    ola = make_journalist(first_name="Ola", last_name="Hansen")
    url = reverse("admin:news_article_change", args=[article.pk])
    karis_form, olas_form = logged_in(kari).get(url), logged_in(ola).get(url)

    with time_machine.travel(datetime(2026, 11, 26, 14, 3, tzinfo=OSLO), tick=False):
        first = logged_in(kari).post(url, form_data(karis_form, body="<p>Karis tekst.</p>"))
    second = logged_in(ola).post(url, form_data(olas_form, body="<p>Olas tekst.</p>"))

    assert first.status_code == 302
    assert second.status_code == 200
    message = " ".join(second.context["adminform"].form.non_field_errors())
    assert "Kari Nordmann 26. november 2026 kl. 14.03" in message
    assert "Olas tekst." in second.content.decode(), "the refused text is still on screen"
    article.refresh_from_db()
    assert article.body == "<p>Karis tekst.</p>" and article.last_edited_by == kari
    assert article.version == 2


def test_a_refused_form_stays_refused_until_it_is_opened_again(article):
    kari, ola = make_journalist(), make_journalist()
    url = reverse("admin:news_article_change", args=[article.pk])
    olas_form = logged_in(ola).get(url)
    logged_in(kari).post(url, form_data(logged_in(kari).get(url), body="<p>Karis tekst.</p>"))

    refused = logged_in(ola).post(url, form_data(olas_form, body="<p>Olas tekst.</p>"))
    again = logged_in(ola).post(url, form_data(refused, body="<p>Olas tekst.</p>"))
    fresh = logged_in(ola).post(url, form_data(logged_in(ola).get(url), body="<p>Olas tekst.</p>"))

    assert again.status_code == 200
    assert fresh.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>Olas tekst.</p>" and article.version == 3


def test_publishing_from_the_list_also_refuses_a_form_opened_before(article):
    kari = make_journalist()
    url = reverse("admin:news_article_change", args=[article.pk])
    form = logged_in(kari).get(url)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    logged_in(make_journalist()).post(
        reverse("admin:news_article_changelist"), {"action": "publish", "_selected_action": [article.pk]}
    )

    response = logged_in(kari).post(url, form_data(form, status="draft"))

    assert response.status_code == 200
    assert Article.objects.get().status == Article.Status.PUBLISHED


def test_a_form_shown_again_for_another_error_keeps_the_version_it_opened(article):
    client = logged_in(make_journalist())
    url = reverse("admin:news_article_change", args=[article.pk])
    opened = client.get(url)
    blank_correction = {"corrections-TOTAL_FORMS": "1", "corrections-0-text": "\x01"}  # empty once cleaned

    shown_again = client.post(url, form_data(opened, body="<p>Ny.</p>", **blank_correction))
    saved = client.post(url, form_data(shown_again, body="<p>Ny.</p>", **{"corrections-TOTAL_FORMS": "0"}))

    assert shown_again.status_code == 200
    assert saved.status_code == 302
    assert Article.objects.get().body == "<p>Ny.</p>" and Article.objects.get().version == 2


def test_a_save_without_the_version_is_refused(article):
    client = logged_in(make_journalist())
    url = reverse("admin:news_article_change", args=[article.pk])

    response = client.post(url, form_data(client.get(url), lock_version=None, body="<p>Ny.</p>"))

    assert response.status_code == 200
    assert Article.objects.get().body == "<p>Første utkast.</p>"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_end_in_one_refusal():
    """Both saves wait for the row while the test holds it; released, they must take turns."""
    article = make_article(body="<p>Første utkast.</p>")
    url = reverse("admin:news_article_change", args=[article.pk])
    clients = [logged_in(make_journalist()), logged_in(make_journalist())]
    posts = [form_data(c.get(url), body=f"<p>Tekst {n}.</p>") for n, c in enumerate(clients)]
    results = {}

    def save(n):
        try:
            response = clients[n].post(url, posts[n])
            results[n] = (response.status_code, response.content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(2)]
    with transaction.atomic():
        Article.objects.select_for_update().get(pk=article.pk)
        for thread in threads:
            thread.start()
        time.sleep(1)
    for thread in threads:
        thread.join()

    assert sorted(status for status, _ in results.values()) == [200, 302]
    saved, refused = sorted(results, key=lambda n: results[n][0] == 200)
    assert Article.objects.get().body == f"<p>Tekst {saved}.</p>"
    assert f"Tekst {refused}." in results[refused][1]
    assert Article.objects.get().version == 2
