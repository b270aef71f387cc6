"""The embed as a cluster's web editor uses it: copy the snippet from the cluster's page, paste it
into a page on the cluster's own site (another origin), and the latest news shows there."""

import pytest
from playwright.sync_api import expect

from tests.builders import make_article, make_cluster

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bio(settings, live_server):
    settings.SITE_URL = live_server.url  # the snippet's addresses point at this server
    cluster = make_cluster(name="Bio & Helse", slug="bio")
    for n in range(1, 4):
        make_article(headline=f"Bio melder nytt, nr. {n}", clusters=[cluster])
    return cluster


def test_the_copied_snippet_shows_the_news_on_another_site(new_context, bio):
    context = new_context()
    # A public site reading a public one; here both are on this machine, which Chromium's Local
    # Network Access guards unless granted.
    context.grant_permissions(["clipboard-read", "clipboard-write", "local-network-access"])
    page = context.new_page()
    page.goto("/klynger/bio/")
    copy = page.get_by_role("button", name="Kopier koden")
    copy.click()
    expect(page.get_by_text("Koden er kopiert.")).to_be_visible()
    snippet = page.evaluate("() => navigator.clipboard.readText()")
    assert snippet == page.locator("#embed-snippet").inner_text()

    # The cluster's site: another origin (127.0.0.1, not localhost), a page that is only the snippet.
    host = page.url.replace("localhost", "127.0.0.1").replace("/klynger/bio/", "/klyngens-egen-side/")
    host_page = f"<!doctype html><html lang='nb'><title>Klyngen</title><main>{snippet}</main></html>"
    site = context.new_page()
    site.route(host, lambda route: route.fulfill(content_type="text/html", body=host_page))
    site.goto(host)
    links = site.locator(".helseinfo-embed-list a")
    expect(links).to_have_text([f"Bio melder nytt, nr. {n}" for n in range(1, 4)])
    expect(site.locator(".helseinfo-embed-title")).to_have_text("Nyheter om Bio & Helse")
    links.first.click()
    expect(site.locator("h1")).to_have_text("Bio melder nytt, nr. 1")


def test_without_javascript_the_snippet_is_there_to_select_and_no_copy_button(new_context, bio):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/klynger/bio/")
    expect(page.get_by_role("button", name="Kopier koden")).to_be_hidden()
    expect(page.locator("#embed-snippet")).to_contain_text(
        f'fetch("{bio_url(page)}/klynger/bio/innbygging/")'
    )


def bio_url(page):
    return page.evaluate("() => location.origin")
