"""The full-page cache (helseinfo/pagecache.py): a reader's second view of a page costs no query, and
no change anyone makes is hidden by it, not for a moment; the newsroom never meets it."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import path
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from clusters.views import public_page
from helseinfo.cache import ResilientRedisCache
from helseinfo.pagecache import page_key
from helseinfo.settings import redis_cache
from news.models import Article
from tests.admin_forms import form_data
from tests.builders import (
    count_queries,
    logged_in,
    make_announcement,
    make_article,
    make_decision,
    make_journalist,
    make_photo,
    make_user,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/nyheter/",
    "/nyheter/?q=vaksine&program=nce",
    "/nyheter/{article}/",
    "/nyheter/rss/",
    "/nyheter/feed.json",
    "/klynger/",
    "/klynger/{cluster}/",
    "/klynger/{cluster}/rss/",
    "/program/",
    "/program/{tier}/",
    "/kunngjoringer/",
    "/kunngjoringer/{announcement}/",
    "/sitemap.xml",
    "/sitemap-news.xml",
]


@pytest.fixture
def site(register):
    photo = make_photo(caption="Fra åpningen.")
    article = make_article(
        headline="Ny vaksine mot influensa",
        clusters=[register["health"]],
        announcement=register["announcement"],
        lead_photo=photo,
    )
    return register | {"article": article, "photo": photo}


def addresses(site):
    return {
        "article": site["article"].slug,
        "cluster": site["health"].slug,
        "tier": "nce",
        "announcement": site["announcement"].slug,
    }


def queries_for(url):
    """How many queries a reader's view of `url` takes, from a browser of their own."""
    return count_queries(Client(), url)


def rendered_for(url):
    """The templates a reader's view of `url` renders, from a browser of their own: none when the page
    comes from the cache (a page made of kept values may take no query either)."""
    return [template.name for template in Client().get(url).templates]


@pytest.mark.parametrize("url", PAGES)
def test_a_readers_second_view_of_any_public_page_takes_no_query(site, url):
    url = url.format(**addresses(site))
    first = Client().get(url)
    assert queries_for(url) == 0
    assert rendered_for(url) == []
    again = Client().get(url)
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Cache-Control"] == first["Cache-Control"]
    assert again["ETag"] == first["ETag"]


def test_a_head_request_is_answered_from_the_same_entry(site):
    Client().get("/nyheter/")
    client = Client()
    response = client.head("/nyheter/")
    assert response.status_code == 200
    assert response["ETag"] == Client().get("/nyheter/")["ETag"]


def test_if_none_match_is_answered_304_without_rendering_or_a_query(site, django_assert_num_queries):
    etag = Client().get("/nyheter/")["ETag"]
    with django_assert_num_queries(0):
        response = Client().get("/nyheter/", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_a_stale_etag_gets_the_new_page_after_a_change(site):
    etag = Client().get("/nyheter/")["ETag"]
    make_article(headline="Enda en sak")
    response = Client().get("/nyheter/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assertContains(response, "Enda en sak")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("/nyheter/?program=nce&kategori=helsenyheter", "/nyheter/?kategori=helsenyheter&program=nce"),
        (
            "/nyheter/?klynge=gce-subsea&klynge=health-technology",
            "/nyheter/?klynge=health-technology&klynge=gce-subsea",
        ),
        ("/nyheter/?q=vaksine", "/nyheter/?q=vak%01sine"),  # a control character the query string loses
    ],
)
def test_query_strings_with_the_same_normal_form_share_one_entry(site, first, second):
    Client().get(first)
    assert rendered_for(second) == []
    assert queries_for(second) == 0


def test_different_query_strings_are_different_pages(site):
    Client().get("/nyheter/?program=nce")
    assert "news/article_filter.html" in rendered_for("/nyheter/?program=gce")


@pytest.mark.parametrize(
    ("url", "status"),
    [("/nyheter/?program=finnes-ikke", 400), ("/nyheter/finnes-ikke/", 404), ("/nyheter/?side=99", 404)],
)
def test_bad_requests_and_missing_pages_are_not_kept(site, url, status):
    """A 400 or 404 costs less to make than to keep, and there is no end to bad addresses."""
    assert Client().get(url).status_code == status
    assert cache.get(kept_as(url)) is None
    assert Client().get("/nyheter/").status_code == 200
    assert cache.get(kept_as("/nyheter/")) is not None


def kept_as(url):
    """The full-page cache's key of `url`."""
    request = RequestFactory().get(url)
    request.LANGUAGE_CODE = settings.LANGUAGE_CODE
    return page_key(request)


def test_a_filter_form_with_empty_fields_is_still_redirected_to_the_short_address(site):
    Client().get("/nyheter/")
    response = Client().get("/nyheter/?q=&program=")
    assert response.status_code == 302
    assert response["Location"] == "/nyheter/"


def test_staff_are_never_served_a_kept_page_and_their_pages_are_never_kept(site):
    url = site["article"].get_absolute_url()
    editor = logged_in(make_user(is_superuser=True))
    Client().get(url)  # kept for readers

    assert count_queries(editor, url) > 0
    assert count_queries(editor, url) > 0

    cache.clear()
    editor.get(url)
    assert queries_for(url) > 0, "the editor's view was not kept for readers"


def test_a_staff_preview_is_not_kept(site):
    draft = make_article(headline="Hemmelig utkast", status=Article.Status.DRAFT)
    editor = logged_in(make_user(is_superuser=True))
    assertContains(editor.get(draft.get_absolute_url()), "Hemmelig utkast")
    assert Client().get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_reader_with_a_session_or_messages_cookie_passes_the_cache_by(site, cookie):
    Client().get("/nyheter/")
    client = Client()
    client.cookies[cookie] = "noe"
    assert count_queries(client, "/nyheter/") > 0


def test_an_article_published_edited_and_unpublished_shows_at_once(site):
    draft = make_article(headline="Sak under arbeid", status=Article.Status.DRAFT)
    assertNotContains(Client().get("/nyheter/"), "Sak under arbeid")
    Client().get(draft.get_absolute_url())

    draft.publish(by=make_user(is_superuser=True))
    draft.save()
    assertContains(Client().get("/nyheter/"), "Sak under arbeid")
    assertContains(Client().get(draft.get_absolute_url()), "Sak under arbeid")

    draft.headline = "Sak med ny tittel"
    draft.save()
    assertContains(Client().get("/nyheter/"), "Sak med ny tittel")
    assertContains(Client().get(draft.get_absolute_url()), "Sak med ny tittel")

    draft.unpublish()
    draft.save()
    assertNotContains(Client().get("/nyheter/"), "Sak med ny tittel")
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_an_edit_saved_in_the_admin_shows_at_once(site):
    url = site["article"].get_absolute_url()
    Client().get(url)
    journalist = logged_in(make_journalist())
    change = f"/admin/news/article/{site['article'].pk}/change/"

    response = journalist.post(change, form_data(journalist.get(change), headline="Vaksinen er godkjent"))

    assert response.status_code == 302
    assertContains(Client().get(url), "Vaksinen er godkjent")


def test_an_article_deleted_in_bulk_is_gone_at_once(site):
    Client().get("/nyheter/")
    Article.objects.filter(pk=site["article"].pk).delete()
    assertNotContains(Client().get("/nyheter/"), "Ny vaksine mot influensa")


def test_a_cluster_renamed_shows_at_once_on_its_articles(site):
    url = site["article"].get_absolute_url()
    assertContains(Client().get(url), "Health Technology")
    site["health"].name = "Oslo Health Technology"
    site["health"].save()
    assertContains(Client().get(url), "Oslo Health Technology")


def test_an_article_linked_to_another_cluster_shows_at_once(site):
    url = f"/klynger/{site['subsea'].slug}/"
    assertNotContains(Client().get(url), "Ny vaksine mot influensa")
    site["article"].clusters.add(site["subsea"])
    assertContains(Client().get(url), "Ny vaksine mot influensa")


def test_a_new_decision_moves_a_cluster_at_once(site):
    url = "/program/gce/"
    assertNotContains(Client().get(url), "Health Technology")
    make_decision(
        cluster=site["health"],
        tier=site["tiers"]["gce"],
        announcement=make_announcement(date=timezone.localdate() - timedelta(days=1)),
        kind="advanced",
    )
    assertContains(Client().get(url), "Health Technology")


def test_a_tier_renamed_shows_at_once(site):
    Client().get("/program/")
    tier = site["tiers"]["nce"]
    tier.name = "Nasjonale ekspertsentre"
    tier.save()
    assertContains(Client().get("/program/"), "Nasjonale ekspertsentre")


def test_a_photo_caption_changed_shows_at_once(site):
    url = site["article"].get_absolute_url()
    assertContains(Client().get(url), "Fra åpningen.")
    site["photo"].caption = "Fra den offisielle åpningen."
    site["photo"].save()
    assertContains(Client().get(url), "Fra den offisielle åpningen.")


def test_a_category_renamed_shows_at_once(site):
    assertContains(Client().get("/nyheter/"), "Helsenyheter")
    category = site["article"].category
    category.name = "Helsesaker"
    category.save()
    assertContains(Client().get("/nyheter/"), "Helsesaker")


def test_an_announcement_retitled_shows_on_its_articles_at_once(site):
    url = site["article"].get_absolute_url()
    assertContains(Client().get(url), site["announcement"].title)
    site["announcement"].title = "Nye klynger i programmet"
    site["announcement"].save()
    assertContains(Client().get(url), "Nye klynger i programmet")


def test_a_scheduled_article_shows_when_its_time_comes(site, time_machine, settings):
    settings.PUBLIC_CACHE_SECONDS = 3 * 24 * 3600  # kept pages do not expire on their own in this test
    make_article(headline="Planlagt sak", publish_at=timezone.now() + timedelta(hours=1))
    assertNotContains(Client().get("/nyheter/"), "Planlagt sak")
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    assertContains(Client().get("/nyheter/"), "Planlagt sak")


def test_kept_pages_lapse_at_midnight_when_tiers_change_by_date(site, time_machine, settings):
    settings.PUBLIC_CACHE_SECONDS = 3 * 24 * 3600
    make_decision(
        cluster=site["health"],
        tier=site["tiers"]["gce"],
        announcement=make_announcement(date=timezone.localdate() + timedelta(days=1)),
        kind="advanced",
    )
    assertNotContains(Client().get("/program/gce/"), "Health Technology")
    time_machine.move_to(timezone.now() + timedelta(days=1))
    assertContains(Client().get("/program/gce/"), "Health Technology")


def set_cookie(request):
    response = HttpResponse("med informasjonskapsel")
    response.set_cookie("valg", "1")
    return response


urlpatterns = [path("kapsel/", public_page(set_cookie))]


def test_an_answer_that_sets_a_cookie_is_not_kept(db):
    with override_settings(ROOT_URLCONF=__name__):
        Client().get("/kapsel/")
        response = Client().get("/kapsel/")
    assert response.cookies["valg"].value == "1"


def test_with_redis_down_every_view_is_rendered(site, monkeypatch):
    monkeypatch.setattr(ResilientRedisCache, "down_until", 0.0)
    monkeypatch.setattr(ResilientRedisCache, "next_log", 0.0)
    with override_settings(CACHES={"default": redis_cache("redis://127.0.0.1:1/0")}):
        for _ in range(2):
            response = Client().get("/nyheter/")
            assertContains(response, "Ny vaksine mot influensa")
        assert queries_for("/nyheter/") > 0


def test_a_readers_page_reads_the_generation_once(site, monkeypatch):
    """The page cache's lookup reads the generation; everything the page then looks up keeps to it."""
    from news import cache as news_cache

    Client().get("/nyheter/")  # the index and the register kept
    reads = []
    get = news_cache.cache.get
    monkeypatch.setattr(
        news_cache.cache,
        "get",
        lambda key, *args, **kwargs: reads.append(key) or get(key, *args, **kwargs),
        raising=False,
    )
    assert Client().get("/nyheter/?program=nce").status_code == 200
    assert reads.count(news_cache.GENERATION_KEY) == 1  # the page cache's lookup, nothing after it
    assert news_cache.generation() == news_cache.cache.get(news_cache.GENERATION_KEY)[0]  # not kept after
