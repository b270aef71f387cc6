"""/nyheter/: the filtered news list as a reader meets it, with JavaScript off."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from clusters.models import Tier
from tests.builders import (
    category,
    make_announcement,
    make_article,
    make_cluster,
    make_decision,
    make_photo,
    make_tier,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def nce_cluster():
    return make_cluster(slug="nce-eyde", name="Eyde", tier=make_tier(slug="nce", short_name="NCE"))


def test_newest_first_twenty_a_page_and_side_for_the_next(client):
    articles = [make_article(publish_at=timezone.now() - timedelta(days=n)) for n in range(25)]
    first = client.get("/nyheter/")
    assert [a.pk for a in first.context["article_list"]] == [a.pk for a in articles[:20]]
    assert first.context["paginator"].count == 25
    second = client.get("/nyheter/?side=2")
    assert [a.pk for a in second.context["article_list"]] == [a.pk for a in articles[20:]]


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "99999999999999999999"])
def test_a_page_past_the_end_or_not_a_page_is_not_found(client, page):
    make_article()
    assert client.get(f"/nyheter/?side={page}").status_code == 404


def test_pagination_keeps_the_filters(client, nce_cluster):
    for _ in range(21):
        make_article(clusters=[nce_cluster])
    response = client.get("/nyheter/?program=nce&klynge=nce-eyde")
    assert response.status_code == 200
    assert '<a rel="next" href="?program=nce&amp;klynge=nce-eyde&amp;side=2">Neste side</a>' in (
        response.content.decode()
    )
    second = client.get("/nyheter/?program=nce&klynge=nce-eyde&side=2")
    assert '<a rel="prev" href="?program=nce&amp;klynge=nce-eyde&amp;side=1">' in second.content.decode()


def test_each_active_filter_is_listed_and_removed_with_one_click(client, nce_cluster):
    other = make_cluster(slug="gce-subsea", name="GCE Subsea")
    make_article(clusters=[nce_cluster, other])
    response = client.get("/nyheter/?klynge=nce-eyde&klynge=gce-subsea&program=nce&side=1")
    html = response.content.decode()
    assert response.status_code == 200
    # Removing one cluster keeps the other and the tier; the page number is dropped.
    assert 'href="/nyheter/?klynge=gce-subsea&amp;program=nce"' in html
    assert 'href="/nyheter/?klynge=nce-eyde&amp;program=nce"' in html
    assert 'href="/nyheter/?klynge=nce-eyde&amp;klynge=gce-subsea"' in html
    assert "Programnivå: NCE" in html
    assert '<a href="/nyheter/">Fjern alle filtre</a>' in html


def test_removing_the_last_filter_links_to_the_plain_list(client, nce_cluster):
    make_article(clusters=[nce_cluster])
    html = client.get("/nyheter/?program=nce").content.decode()
    assert 'href="/nyheter/"><span class="visually-hidden">Fjern </span>Programnivå: NCE' in html


def test_the_form_shows_the_chosen_filters_and_a_count_next_to_each_choice(client, nce_cluster):
    make_article(clusters=[nce_cluster])
    make_article(clusters=[nce_cluster], category=category("kosthold"))
    make_article(category=category("trening"))
    response = client.get("/nyheter/?program=nce")
    assert response.status_code == 200
    assert_contains_html(response, '<option value="nce" selected>NCE (2)</option>')
    assert_contains_html(response, '<option value="helseblogg">Helseblogg (1)</option>')
    assert_contains_html(response, '<option value="trening">Helseblogg › Trening (0)</option>')
    assert "Eyde (2)" in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/nyheter/"])
def test_the_first_cards_photo_loads_at_once_and_the_others_lazily(client, url):
    photo = make_photo()
    for _ in range(3):
        make_article(lead_photo=photo)
    images = re.findall(r'<img [^>]*class="card-photo"[^>]*>', client.get(url).content.decode())
    assert ['loading="lazy"' in image for image in images] == [False, True, True]


def test_a_press_release_is_labelled_in_the_list(client):
    make_article(headline="Ny avtale", category=category("pressemeldinger"))
    assert_contains_html(client.get("/nyheter/"), '<p class="label">Pressemelding</p>')


def test_an_unknown_slug_shows_the_form_with_an_error_no_articles_and_answers_400(client):
    make_article(headline="Synlig sak")
    response = client.get("/nyheter/?klynge=finnes-ikke&fra=2024-02-30")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Noen av filtrene kunne ikke brukes" in html
    assert 'aria-invalid="true"' in html
    assert "Synlig sak" not in html
    assert response.context["filter"].errors.keys() == {"klynge", "fra"}


def test_no_match_says_so(client, nce_cluster):
    make_article()
    response = client.get("/nyheter/?program=nce")
    assert "Ingen saker passer med filtrene" in response.content.decode()
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
    assert response.status_code == 200
    assert gone.headline not in response.content.decode()


def test_a_cluster_advancing_to_a_tier_changes_that_tiers_list(client, nce_cluster):
    arena = make_tier(slug="arena", short_name="Arena")
    climber = make_cluster(tier=arena, decided_on=date(2014, 6, 1))
    make_article(headline="Klatreren i Arena", clusters=[climber])
    etag = client.get("/nyheter/?program=nce")["ETag"]
    nce = Tier.objects.get(slug="nce")
    make_decision(
        cluster=climber, tier=nce, announcement=make_announcement(date=date(2018, 6, 1)), kind="advanced"
    )
    response = client.get("/nyheter/?program=nce", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Klatreren i Arena" in response.content.decode()


def test_the_list_offers_its_feeds_with_the_same_filters(client, nce_cluster):
    html = client.get("/nyheter/?program=nce").content.decode()
    assert 'type="application/rss+xml"' in html
    assert 'href="/nyheter/rss/?program=nce"' in html


def assert_contains_html(response, needle):
    from django.test import SimpleTestCase

    SimpleTestCase().assertContains(response, needle, html=True)
