"""Slugs: Norwegian letters spelt out, collisions numbered, never a word of the site's own addresses,
and a published address never changes."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import path, reverse

from news import slugs
from news.models import Article
from news.slugs import norwegian_slugify
from tests.admin_forms import form_data
from tests.builders import (
    category,
    logged_in,
    make_announcement,
    make_article,
    make_cluster,
    make_editor,
    make_tier,
)
from textrules.slugs import is_reserved

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "headline, slug",
    [
        ("Klynger seg for helseteknologi", "klynger-seg-for-helseteknologi"),
        ("Åsgård", "asgard"),
        ("Mæland", "maeland"),
        ("Søkelys", "sokelys"),
        ("ÆØÅ i store bokstaver", "aeoa-i-store-bokstaver"),
        ("  «Sitat» – med tegn!  ", "sitat-med-tegn"),
    ],
)
def test_norwegian_letters_are_spelt_the_way_norwegians_write_them_in_urls(headline, slug):
    assert norwegian_slugify(headline) == slug


def test_an_article_gets_its_slug_from_the_headline():
    assert make_article(headline="Mæland på besøk i Åsgård").slug == "maeland-pa-besok-i-asgard"


def test_colliding_headlines_get_numbered_slugs():
    slugs = [make_article(headline="Nye klynger").slug for _ in range(3)]

    assert slugs == ["nye-klynger", "nye-klynger-2", "nye-klynger-3"]


def test_a_headline_without_letters_still_gets_a_slug():
    assert make_article(headline="!!!").slug == "sak"


def test_a_long_headline_is_cut_to_the_field_length_with_room_for_a_number():
    first, second = make_article(headline="å" * 200), make_article(headline="å" * 200)

    assert len(first.slug) == 200 and len(second.slug) == 200
    assert second.slug.endswith("-2")


def test_editing_the_headline_keeps_the_slug():
    article = make_article(headline="Første tittel")
    article.headline = "Andre tittel"
    article.save()

    assert article.slug == "forste-tittel"


# Words the site's own addresses use


@pytest.mark.parametrize(
    "word", ["rss", "atom", "nyheter", "klynger", "program", "kunngjoringer", "admin", "healthz", "RSS"]
)
def test_the_words_of_the_sites_own_addresses_are_reserved(word):
    assert is_reserved(word)


@pytest.mark.parametrize("word", ["nye-klynger", "nce", "rss-2", "sak"])
def test_other_words_are_free(word):
    assert not is_reserved(word)


def test_a_route_added_later_is_reserved_at_once(settings):
    settings.ROOT_URLCONF = "tests.test_slugs"
    assert is_reserved("api") and is_reserved("feed.json")
    assert not is_reserved("rss")


urlpatterns = [path("api/v1/<slug:slug>/feed.json", lambda request, slug: None)]


@pytest.mark.parametrize(
    ("headline", "slug"), [("RSS", "rss-2"), ("Atom", "atom-2"), ("Nyheter", "nyheter-2")]
)
def test_an_article_headlined_like_a_feed_gets_a_slug_of_its_own_and_stays_reachable(client, headline, slug):
    article = make_article(headline=headline)
    assert article.slug == slug
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and response.context["article"] == article


RESERVED = "«rss» brukes i nettstedets egne adresser, som /nyheter/rss/. Velg en annen adresse."


@pytest.mark.parametrize("build", [make_article, make_cluster, make_tier, make_announcement])
def test_a_reserved_slug_typed_by_an_editor_is_refused_in_norwegian(build):
    row = build()
    row.slug = "rss"
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert refused.value.message_dict["slug"] == [RESERVED]


def test_the_admin_shows_a_reserved_slug_as_an_error_on_the_field():
    client = logged_in(make_editor())
    add = reverse("admin:news_article_add")
    data = {"headline": "Siste nytt", "slug": "atom", "lead": "Ingress.", "category": category().pk}
    response = client.post(add, form_data(client.get(add), **data))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [RESERVED.replace("rss»", "atom»")]


# Two journalists saving the same headline at the same moment


def test_a_slug_taken_between_the_check_and_the_insert_is_numbered_on_a_second_try(monkeypatch):
    make_article(headline="Nye klynger")
    stale = iter(["nye-klynger"])  # what the check saw before the other article was saved
    real = slugs.unique_slug
    monkeypatch.setattr(
        slugs, "unique_slug", lambda *args, **kwargs: next(stale, None) or real(*args, **kwargs)
    )

    assert make_article(headline="Nye klynger").slug == "nye-klynger-2"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_journalists_saving_the_same_headline_at_once_both_keep_their_article(monkeypatch):
    both_checked = threading.Barrier(2, timeout=10)
    waited = threading.local()
    real = slugs.unique_slug

    def unique_slug_then_wait(*args, **kwargs):
        slug = real(*args, **kwargs)
        if not getattr(waited, "once", False):  # both find the same slug free before either saves
            waited.once = True
            both_checked.wait()
        return slug

    monkeypatch.setattr(slugs, "unique_slug", unique_slug_then_wait)
    saved, failed = [], []

    def journalist():
        try:
            saved.append(Article.objects.create(headline="Nye klynger").slug)
        except Exception as error:
            failed.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=journalist) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failed == []
    assert sorted(saved) == ["nye-klynger", "nye-klynger-2"]
