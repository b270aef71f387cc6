"""The reader, on a phone and on a desktop, with and without JavaScript: filter, page, search, follow."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_ARTICLE, DESKTOP, PHONE
from .pages import article_slugs, choose, filter_form, link_to, query, submit

pytestmark = pytest.mark.django_db(transaction=True)


def read_the_news(page, news):
    """Filter by tier and cluster, drop the cluster, page on, search a former name, follow the links."""
    nce_eyde, seafood = news["nce-eyde"], news["seafood-innovation-cluster"]
    page.goto("/nyheter/")
    form = filter_form(page)
    choose(form, "program", "nce")
    choose(form, "klynge", "nce-eyde")
    submit(form)

    expect(page).to_have_url(re.compile(r"program=nce"))
    assert query(page.url) == {"program": ["nce"], "klynge": ["nce-eyde"]}
    shown = article_slugs(page)
    assert len(shown) == 20, shown
    assert set(shown) <= {*nce_eyde, DEMO_ARTICLE}
    expect(filter_form(page).locator('[name="program"]')).to_have_value("nce")

    link_to(page, "/nyheter/", program="nce").click()  # removes the cluster filter, keeps the tier
    expect(page).not_to_have_url(re.compile(r"klynge="))
    assert query(page.url) == {"program": ["nce"]}
    shown = article_slugs(page)
    assert len(shown) == 20, shown

    link_to(page, "/nyheter/", program="nce", side="2").click()
    expect(page).to_have_url(re.compile(r"side=2"))
    assert query(page.url) == {"program": ["nce"], "side": ["2"]}
    shown_next = article_slugs(page)
    assert not set(shown) & set(shown_next)
    assert {*shown, *shown_next} == {*nce_eyde, *seafood, DEMO_ARTICLE}, "every NCE article, GCE Subsea's not"
    assert shown_next[-1] == DEMO_ARTICLE, "newest first: the 2014 article is last"

    search = page.get_by_role("search").get_by_role("searchbox")
    search.fill("Oslo Medtech")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"q=Oslo"))
    assert DEMO_ARTICLE in article_slugs(page), "Health Technology was called Oslo Medtech"
    page.locator(f'main a[href="/nyheter/{DEMO_ARTICLE}/"]').first.click()
    expect(page.locator("h1")).to_have_text("Klynger seg for helseteknologi")

    link_to(page, "/klynger/health-technology/").click()
    expect(page.locator("h1")).to_have_text("Health Technology")
    expect(page.locator("main")).to_contain_text("Oslo Medtech")
    page.go_back()
    link_to(page, "/program/nce/").click()
    expect(page.locator("h1")).to_contain_text("Norwegian Centres of Expertise")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_reader_filters_by_tier_and_cluster_pages_on_and_finds_oslo_medtech(
    new_context, reader_news, viewport, javascript
):
    context = new_context(viewport=viewport, is_mobile=viewport is PHONE, java_script_enabled=javascript)
    read_the_news(context.new_page(), reader_news)


KEY_PAGES = {
    "forside": "/",
    "nyheter": "/nyheter/",
    "nyheter-filtrert": "/nyheter/?program=nce&klynge=health-technology",
    "sak": f"/nyheter/{DEMO_ARTICLE}/",
    "klynger": "/klynger/",
    "klynge": "/klynger/health-technology/",
    "programniva": "/program/nce/",
    "kunngjoring": "/kunngjoringer/nye-klynger-2014/",
}


@pytest.mark.parametrize(("screen", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_screenshots_of_the_key_pages(new_context, reader_news, screenshot, screen, viewport):
    """Writes test-artifacts/screenshots/<page>-<phone|desktop>.png: what the test saw."""
    page = new_context(viewport=viewport, is_mobile=viewport is PHONE).new_page()
    for name, url in KEY_PAGES.items():
        assert page.goto(url).status == 200, url
        screenshot(page, f"{name}-{screen}")
