"""Slugs: Norwegian letters spelt out, collisions numbered, a published address never changes."""

import pytest

from helseinfo.text import norwegian_slugify
from tests.builders import make_article

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
