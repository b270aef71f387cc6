"""/nyheter/: the filtered news list as a reader meets it, with JavaScript off."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from tests.builders import (
    category,
    make_announcement,
    make_article,
    make_cluster,
    make_decision,
    make_photo,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def nce_cluster(register):
    return make_cluster(slug="nce-eyde", name="Eyde", tier=register["tiers"]["nce"])


def test_newest_first_twenty_a_page_and_side_for_the_next(client):
    articles = [make_article(publish_at=timezone.now() - timedelta(days=n)) for n in range(25)]
    first = client.get("/nyheter/")
    assert [a.pk for a in first.context["article_list"]] == [a.pk for a in articles[:20]]
    assert first.context["paginator"].count == 25
    second = client.get("/nyheter/?side=2")
    assert [a.pk for a in second.context["article_list"]] == [a.pk for a in articles[20:]]


@pytest.mark.parametrize("page", ["3", "99999999999999999999"])
def test_a_page_past_the_end_is_not_found(client, page):
    make_article()
    assert client.get(f"/nyheter/?side={page}").status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "abc"])
def test_a_page_number_that_is_not_a_positive_whole_number_is_a_bad_request(client, page):
    make_article()
    assert client.get(f"/nyheter/?side={page}").status_code == 400


def test_pagination_keeps_the_filters(client, nce_cluster):
    for _ in range(21):
        make_article(clusters=[nce_cluster])
    response = client.get("/nyheter/?program=nce&klynge=nce-eyde")
    assert response.status_code == 200
    assert '<a rel="next" href="?program=nce&amp;klynge=nce-eyde&amp;side=2">Neste side</a>' in (
        response.content.decode()
    )
    second = client.get("/nyheter/?program=nce&klynge=nce-eyde&side=2")
    assert '<a rel="prev" href="/nyheter/?program=nce&amp;klynge=nce-eyde">' in second.content.decode()


def test_each_active_filter_is_listed_and_removed_with_one_click(client, register, nce_cluster):
    make_article(clusters=[nce_cluster, register["subsea"]])
    response = client.get("/nyheter/?klynge=nce-eyde&klynge=gce-subsea&program=nce&side=1")
    # Removing one cluster keeps the other and the tier; the page number is dropped.
    assertContains(response, 'href="/nyheter/?klynge=gce-subsea&amp;program=nce"')
    assertContains(response, 'href="/nyheter/?klynge=nce-eyde&amp;program=nce"')
    assertContains(response, 'href="/nyheter/?klynge=nce-eyde&amp;klynge=gce-subsea"')
    assertContains(response, "Programnivå: NCE")
    assertContains(response, '<a href="/nyheter/">Fjern alle filtre</a>', html=True)


def test_removing_the_last_filter_links_to_the_plain_list(client, nce_cluster):
    make_article(clusters=[nce_cluster])
    response = client.get("/nyheter/?program=nce")
    assertContains(response, 'href="/nyheter/"><span class="visually-hidden">Fjern </span>Programnivå: NCE')


def test_the_form_shows_the_chosen_filters_and_a_count_next_to_each_choice(client, nce_cluster):
    make_article(clusters=[nce_cluster])
    make_article(clusters=[nce_cluster], category=category("kosthold"))
    make_article(category=category("trening"))
    response = client.get("/nyheter/?program=nce")
    assertContains(response, '<option value="nce" selected>NCE (2)</option>', html=True)
    assertContains(response, '<option value="helseblogg">Helseblogg (1)</option>', html=True)
    assertContains(response, '<option value="trening">Helseblogg › Trening (0)</option>', html=True)
    assertContains(response, "Eyde (2)")


@pytest.mark.parametrize("url", ["/", "/nyheter/"])
def test_the_first_cards_photo_loads_at_once_and_the_others_lazily(client, url):
    photo = make_photo()
    for _ in range(3):
        make_article(lead_photo=photo)
    images = re.findall(r'<img [^>]*class="card-photo"[^>]*>', client.get(url).content.decode())
    assert ['loading="lazy"' in image for image in images] == [False, True, True]


def test_a_press_release_is_labelled_in_the_list(client):
    make_article(headline="Ny avtale", category=category("pressemeldinger"))
    assertContains(client.get("/nyheter/"), '<p class="label">Pressemelding</p>', html=True)


def test_an_unknown_slug_shows_the_form_with_an_error_no_articles_and_answers_400(client):
    make_article(headline="Synlig sak")
    response = client.get("/nyheter/?klynge=finnes-ikke&fra=2024-02-30")
    assertContains(response, "Noen av filtrene kunne ikke brukes", status_code=400)
    assertContains(response, 'aria-invalid="true"', status_code=400)
    assertNotContains(response, "Synlig sak", status_code=400)
    assert response.context["filter"].errors.keys() == {"klynge", "fra"}


def test_no_match_says_so(client, nce_cluster):
    make_article()
    response = client.get("/nyheter/?program=nce")
    assertContains(response, "Ingen saker passer med filtrene")
    assert response.context["paginator"].count == 0


def test_the_list_is_cacheable_sets_no_cookie_and_answers_a_conditional_get_with_304(client):
    make_article()
    response = client.get("/nyheter/")
    assert "max-age=300" in response["Cache-Control"]
    assert response.cookies == {}
    assert client.get("/nyheter/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_a_new_article_makes_the_list_modified_again(client):
    make_article()
    etag = client.get("/nyheter/")["ETag"]
    make_article()
    assert client.get("/nyheter/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_deleted_article_makes_the_list_modified_again(client):
    make_article()
    gone = make_article()
    etag = client.get("/nyheter/")["ETag"]
    gone.delete()
    response = client.get("/nyheter/", HTTP_IF_NONE_MATCH=etag)
    assertNotContains(response, gone.headline)


def test_a_cluster_advancing_to_a_tier_changes_that_tiers_list(client, register):
    nce, arena = register["tiers"]["nce"], register["tiers"]["arena"]
    climber = make_cluster(tier=arena, decided_on=date(2014, 6, 1))
    make_article(headline="Klatreren i Arena", clusters=[climber])
    etag = client.get("/nyheter/?program=nce")["ETag"]
    make_decision(
        cluster=climber, tier=nce, announcement=make_announcement(date=date(2018, 6, 1)), kind="advanced"
    )
    response = client.get("/nyheter/?program=nce", HTTP_IF_NONE_MATCH=etag)
    assertContains(response, "Klatreren i Arena")


def test_the_list_offers_its_feeds_with_the_same_filters(client, nce_cluster):
    response = client.get("/nyheter/?program=nce")
    assertContains(response, 'type="application/rss+xml"')
    assertContains(response, 'href="/nyheter/rss/?program=nce"')


def test_a_card_shows_the_article_with_every_text_escaped(client):
    cluster = make_cluster(name='Klynge <b>"fet"</b>')
    photo = make_photo(alt_text='Tre "personer" <og> en vegg')
    article = make_article(
        headline="Sak om <script>alert(1)</script> & mer",
        lead="Ingress med <em>markup</em>.",
        category=category("kosthold"),
        clusters=[cluster],
        lead_photo=photo,
        publish_at=timezone.make_aware(timezone.datetime(2026, 3, 5, 10, 0)),
    )
    page = client.get("/nyheter/").content.decode()
    card = re.search(r'<article class="card">.*?</article>', page, re.S).group()
    headline = "Sak om &lt;script&gt;alert(1)&lt;/script&gt; &amp; mer"
    assert f'<h3><a href="{article.get_absolute_url()}">{headline}</a></h3>' in card
    assert "<script>" not in card and "<em>" not in card and "<b>" not in card
    assert "<p>Ingress med &lt;em&gt;markup&lt;/em&gt;.</p>" in card
    assert '<time datetime="2026-03-05T10:00:00+01:00">5. mars 2026</time> · Kosthold' in card
    assert (
        f'<li><a href="{cluster.get_absolute_url()}">Klynge &lt;b&gt;&quot;fet&quot;&lt;/b&gt;</a></li>'
        in card
    )
    assert 'alt="Tre &quot;personer&quot; &lt;og&gt; en vegg"' in card
    assert f'<img src="{photo.fallback_url}" srcset="{photo.jpeg_srcset}"' in card


def test_a_card_leaves_out_what_the_article_lacks(client):
    make_article(lead="", category=None, lead_photo=None)
    page = client.get("/nyheter/").content.decode()
    card = re.search(r'<article class="card">.*?</article>', page, re.S).group()
    assert "<picture" not in card and '<ul class="tags"' not in card and "<p>" not in card
    assert re.search(r'<p class="meta"><time datetime="[^"]+">[^<]+</time></p>', card)
