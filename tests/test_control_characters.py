"""Control characters, noncharacters and lone surrogates: cleaned on save, in every model of both apps."""

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

import textrules
from clusters.models import Cluster
from news.models import Article, Category, Correction
from tests.admin_forms import form_data
from tests.builders import (
    category,
    logged_in,
    make_announcement,
    make_article,
    make_cluster,
    make_editor,
    make_photo,
    make_region,
    make_tier,
)
from textrules import clean
from textrules.models import CleanTextModel

# Word's Shift+Enter, a NUL, a C0 control, a noncharacter and a lone surrogate.
DIRTY = "Første\x0blinje\x00\x01\ufffe\ud800"


@pytest.mark.parametrize(
    ("raw", "multiline", "single_line"),
    [
        ("Klynger\x0bseg", "Klynger\nseg", "Klynger seg"),  # Word's manual line break
        ("Side\x0cto", "Side\nto", "Side to"),  # a page break
        ("a\tb\r\nc\nd", "a\tb\r\nc\nd", "a\tb c d"),
        ("a\x00b\x01c\x08d\x0ee\x1ff\x7fg", "abcdefg", "abcdefg"),
        ("Oslo \x96 Bergen\x85", "Oslo – Bergen…", "Oslo – Bergen…"),  # Windows-1252 read as Latin-1
        ("x\x81\x8d\x8f\x90\x9dy", "xy", "xy"),  # not characters in Windows-1252 either
        ("x\ufffe\uffff\ufdd0\ufdef\U0001fffe\U0010ffffy", "xy", "xy"),
        ("\ud83d\ude00 \ud800 \udc00!", "😀  !", "😀  !"),  # a pair is joined, lone halves dropped
        ("Mæland «sitat» – 😀 \u200b", "Mæland «sitat» – 😀 \u200b", "Mæland «sitat» – 😀 \u200b"),
    ],
)
def test_clean_keeps_words_apart_and_drops_what_xml_and_databases_refuse(raw, multiline, single_line):
    assert clean(raw) == multiline
    assert clean(raw, multiline=False) == single_line


def test_clean_returns_at_once_only_text_that_no_rule_would_change():
    rules = [textrules.SURROGATE_PAIR, textrules.C1_CONTROL, textrules.ANY_LINE_BREAK, textrules.FORBIDDEN]
    for code in [*range(0x10000), *(plane << 16 | last for plane in range(17) for last in (0xFFFE, 0xFFFF))]:
        character = chr(code)
        if any(rule.search(character) for rule in rules):
            assert textrules.CHANGED.search(character), hex(code)


@pytest.mark.parametrize("value", [None, 3, b"\x0b"])
def test_clean_leaves_anything_but_text_alone(value):
    assert clean(value) == value


@pytest.mark.parametrize("app", ["news", "clusters"])
def test_every_model_of_both_apps_cleans_its_text(app):
    for model in apps.get_app_config(app).get_models():
        assert issubclass(model, CleanTextModel), model


def make_category(**fields):
    return Category.objects.create(**({"slug": "ny-kategori"} | fields))


def make_correction(**fields):
    return Correction.objects.create(article=make_article(), **fields)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("build", "fields"),
    [
        (make_category, ["name", "description"]),
        (make_photo, ["caption", "credit", "alt_text"]),
        (make_article, ["headline", "lead", "byline", "source_name", "photo_caption"]),
        (make_correction, ["text"]),
        (make_tier, ["name", "short_name", "description"]),
        (make_region, ["name"]),
        (make_cluster, ["name", "former_names", "description", "leader"]),
        (make_announcement, ["title", "date_note", "announced_by", "summary"]),
    ],
)
def test_saving_cleans_every_text_field(build, fields):
    row = build(**dict.fromkeys(fields, DIRTY))
    row.refresh_from_db()
    for name in fields:
        multiline = isinstance(row._meta.get_field(name), models.TextField)
        assert getattr(row, name) == ("Første\nlinje" if multiline else "Første linje"), name


@pytest.mark.django_db
def test_the_rich_text_body_is_cleaned_before_it_is_sanitised():
    article = make_article(
        body='<p>Brød\x0btekst\x01\ufffe</p><p><a href="java\x01script:alert(1)">lenke</a></p>'
    )
    article.refresh_from_db()
    assert article.body == '<p>Brød\ntekst</p><p><a rel="noopener noreferrer">lenke</a></p>'


@pytest.mark.django_db
def test_validation_sees_the_cleaned_value():
    tier = make_tier()
    tier.short_name = "\x01" * 30 + "NCE"  # 33 characters typed, 3 kept: within max_length (20)
    tier.full_clean()
    assert tier.short_name == "NCE"


@pytest.mark.django_db
def test_an_article_pasted_from_word_into_the_admin_saves_cleanly():
    client = logged_in(make_editor())
    add = reverse("admin:news_article_add")
    data = {
        "headline": "Klynger\x0bseg for\x0chelse",
        "slug": "klynger-seg-for-helse",
        "lead": "Første linje\x0bandre linje\x7f",
        "body": "<p>Brød\x0btekst\x01</p>",
        "category": category().pk,
    }
    response = client.post(add, form_data(client.get(add), **data))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.headline == "Klynger seg for helse"
    assert article.lead == "Første linje\nandre linje"
    assert article.body == "<p>Brød\ntekst</p>"


@pytest.mark.django_db
def test_a_cluster_pasted_into_the_admin_saves_cleanly():
    client = logged_in(make_editor())
    add = reverse("admin:clusters_cluster_add")
    data = {
        "name": "Health\x0bTechnology\x01",
        "slug": "health-technology",
        "former_names": "Oslo Medtech\x0bOslo Cancer\ufffe",
        "region": make_region().pk,
    }
    response = client.post(add, form_data(client.get(add), **data))
    assert response.status_code == 302, response.context["adminform"].form.errors
    cluster = Cluster.objects.get()
    assert cluster.name == "Health Technology"
    assert cluster.former_names_list == ["Oslo Medtech", "Oslo Cancer"]


@pytest.mark.django_db
def test_an_authors_name_is_cleaned_where_readers_see_it(client):
    author = make_editor(first_name="Kari\x1b", last_name="Nordmann\x01")  # Django's User keeps them
    response = client.get(make_article(authors=[author]).get_absolute_url())
    assertContains(response, "Kari Nordmann")
    assertNotContains(response, "\x1b")
    assertNotContains(response, "\x01")
