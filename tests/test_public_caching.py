"""One setting says how long browsers and shared caches may keep every public page, feed and sitemap:
PUBLIC_CACHE_SECONDS. A staff preview is never cached."""

import pytest
from django.contrib.auth.models import Permission

from news.models import Article
from tests.builders import logged_in, make_article, make_user

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/",
    "/nyheter/",
    "/nyheter/?program=finnes-ikke",  # a 400 with the form: as cacheable as the list
    "/nyheter/{article}/",
    "/nyheter/rss/",
    "/nyheter/atom/",
    "/klynger/",
    "/klynger/{cluster}/",
    "/klynger/{cluster}/rss/",
    "/program/{tier}/",
    "/kunngjoringer/",
    "/kunngjoringer/{announcement}/",
    "/sitemap.xml",
    "/sitemap-news.xml",
]


@pytest.fixture
def site(settings, register):
    settings.PUBLIC_CACHE_SECONDS = 60
    article = make_article(clusters=[register["health"]], announcement=register["announcement"])
    return {
        "article": article.slug,
        "cluster": register["health"].slug,
        "tier": register["tiers"]["nce"].slug,
        "announcement": register["announcement"].slug,
    }


@pytest.mark.parametrize("url", PUBLIC)
def test_every_public_page_feed_and_sitemap_may_be_kept_for_the_configured_time(client, site, url):
    response = client.get(url.format(**site))
    assert response.status_code in (200, 400)
    assert response["Cache-Control"] == "max-age=60"


def test_a_staff_preview_is_never_cached_whatever_the_setting(site):
    draft = make_article(status=Article.Status.DRAFT)
    editor = make_user()
    editor.user_permissions.add(Permission.objects.get(codename="change_article"))
    cache_control = logged_in(editor).get(draft.get_absolute_url())["Cache-Control"]
    assert "max-age=0" in cache_control
    assert "no-store" in cache_control
    assert "max-age=60" not in cache_control
