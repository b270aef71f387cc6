"""Parts of pages rendered once per process (`{% kept %}`, helseinfo/templatetags.py): the header, the
footer and the feed links are on every page what rendering them afresh would give."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.urls import clear_script_prefix, set_script_prefix
from django.utils import translation

from helseinfo import templatetags
from helseinfo.memo import Bounded
from tests.builders import make_article

pytestmark = pytest.mark.django_db

NEWS = '<a href="/nyheter/" aria-current="page">Nyheter</a>'
CLUSTERS = '<a href="/klynger/" aria-current="page">Klynger</a>'


def page(url):
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("order", [["/nyheter/", "/klynger/", "/"], ["/klynger/", "/", "/nyheter/"]])
def test_the_header_marks_the_section_of_each_page_whichever_came_first(order):
    for url in order * 2:
        html = page(url)
        assert (NEWS in html) == (url == "/nyheter/"), url
        assert (CLUSTERS in html) == (url == "/klynger/"), url


def test_the_search_field_holds_each_searchs_own_words_escaped():
    for words in ["helse", "kreft", '<script>alert("x")</script>', "helse"]:
        html = page("/nyheter/?" + f"q={words}".replace(" ", "+"))
        assert (
            'value="' + words.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") + '"' in html
        )
        assert "<script>alert" not in html
    assert 'value=""' in page("/nyheter/")


def test_the_feed_links_take_each_pages_filter():
    article = make_article()
    plain = '<link rel="alternate" type="application/rss+xml" title="Helseinfo – nyheter (RSS)" '
    plain += 'href="/nyheter/rss/">'
    assert plain in page(article.get_absolute_url())
    assert '/nyheter/rss/?q=helse"' in page("/nyheter/?q=helse&side=1")
    assert plain in page("/nyheter/")


def render(source, **context):
    return Template("{% load i18n page %}" + source).render(Context(context))


def test_a_fragment_is_kept_for_each_set_of_values_language_and_script_prefix(monkeypatch):
    monkeypatch.setattr(templatetags, "_kept", Bounded(2_000))
    source = '{% kept "test" colour %}{{ colour }} {{ size }} {% translate "Yes" %} '
    source += '{% url "news:list" %}{% endkept %}'
    assert render(source, colour="rød", size=1) == "rød 1 Ja /nyheter/"
    assert render(source, colour="rød", size=2) == "rød 1 Ja /nyheter/"  # size is not among its values
    assert render(source, colour="blå", size=2) == "blå 2 Ja /nyheter/"
    assert render(source, colour=None) == "None  Ja /nyheter/"
    assert render(source, colour="None") == "None  Ja /nyheter/"
    with translation.override("en"):
        assert render(source, colour="rød", size=3) == "rød 3 Yes /nyheter/"
    set_script_prefix("/helse/")
    try:
        assert render(source, colour="rød", size=4) == "rød 4 Ja /helse/nyheter/"
    finally:
        clear_script_prefix()
        set_script_prefix("/")


def test_the_kept_fragments_are_bounded(monkeypatch):
    monkeypatch.setattr(templatetags, "_kept", Bounded(3))
    source = '{% kept "bounded" n %}{{ n }}{% endkept %}'
    for n in range(10):
        assert render(source, n=n) == str(n)
        assert len(templatetags._kept) <= 3


def test_a_fragment_needs_a_name():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load page %}{% kept %}x{% endkept %}")
