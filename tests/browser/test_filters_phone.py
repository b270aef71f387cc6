"""Filters that scale: with 64 clusters, a reader on a 320 px phone sees the news first, opens the
filters with the keyboard, finds any cluster (behind "Vis alle", or by typing where JavaScript
runs) and filters with or without JavaScript; axe finds nothing on a phone or a desktop."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.builders import make_article, make_cluster, make_photo

from .conftest import DESKTOP
from .pages import axe_violations, describe_violations, query, submit

pytestmark = pytest.mark.django_db(transaction=True)

NARROWEST = {"width": 320, "height": 640}
TIERS = ("gce", "nce", "arena")


@pytest.fixture
def sixty_four(register):
    """64 clusters: 20 in each tier and 4 in none, "Klynge 01" … "Klynge 64"; cluster n has n % 4
    articles, and the newest article, with a photo, is about Klynge 01."""
    clusters = []
    for n in range(1, 65):
        tier = register["tiers"][TIERS[(n - 1) // 20]] if n <= 60 else None
        clusters.append(make_cluster(name=f"Klynge {n:02}", slug=f"klynge-{n:02}", tier=tier))
    for cluster in clusters:
        for i in range(int(cluster.slug[-2:]) % 4):
            make_article(headline=f"{cluster.name} melder nytt, nr. {i + 1}", clusters=[cluster])
    newest = timezone.now() - timedelta(minutes=1)
    make_article(
        headline="Den nyeste saken", clusters=[clusters[0]], lead_photo=make_photo(), publish_at=newest
    )
    return clusters


def phone(new_context, **kwargs):
    return new_context(viewport=NARROWEST, is_mobile=True, **kwargs).new_page()


def cluster_box(page, slug):
    return page.locator(f'.filters input[name="klynge"][value="{slug}"]')


def filter_toggle(page):
    return page.locator(".filter-panel > summary")


def more_toggle(page, tier):
    """The "Vis alle" of the group of `tier` (its short name), e.g. "NCE"."""
    return page.locator(".more-choices > summary", has_text=re.compile(rf"\bi {tier}\b"))


def tab_to(page, locator, limit=150):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_on_a_320_px_screen_the_first_headline_comes_before_the_filters(new_context, sixty_four, javascript):
    page = phone(new_context, java_script_enabled=javascript)
    page.goto("/nyheter/")
    headline = page.locator(".article-list h3 a").first
    expect(headline).to_have_text("Den nyeste saken")
    box = headline.bounding_box()
    assert box["y"] + box["height"] <= NARROWEST["height"], f"the first headline is below the fold: {box}"
    expect(cluster_box(page, "klynge-01")).to_be_hidden()
    main = page.locator("main").aria_snapshot()
    assert "Den nyeste saken" in main
    assert "checkbox" not in main, "no filter choice is read out before the disclosure is opened"
    assert main.index("Filtrer nyhetene") < main.index("Den nyeste saken")  # one closed button first


def test_the_filters_open_with_the_keyboard_and_vis_alle_reveals_the_rest(new_context, sixty_four):
    page = phone(new_context)
    page.goto("/nyheter/")
    tab_to(page, filter_toggle(page))
    page.keyboard.press("Enter")
    expect(page.locator("details.filter-panel")).to_have_attribute("open", "")

    # In each group the five most used show (3 articles each), the others wait behind "Vis alle".
    for slug in ("klynge-03", "klynge-07", "klynge-23", "klynge-43", "klynge-61"):
        expect(cluster_box(page, slug)).to_be_visible()
    expect(cluster_box(page, "klynge-24")).to_be_hidden()  # NCE, no articles
    tab_to(page, more_toggle(page, "NCE"))
    page.keyboard.press("Space")
    expect(cluster_box(page, "klynge-24")).to_be_visible()
    tab_to(page, cluster_box(page, "klynge-24"))
    page.keyboard.press("Space")
    expect(cluster_box(page, "klynge-24")).to_be_checked()
    expect(cluster_box(page, "klynge-44")).to_be_hidden()  # Arena's rest is still closed


def test_typing_narrows_the_choices_and_says_how_many_match(new_context, sixty_four):
    page = phone(new_context)
    page.goto("/nyheter/")
    filter_toggle(page).click()
    search = page.get_by_label("Finn en klynge")
    search.fill("klynge 4")
    visible = page.locator('.filters input[name="klynge"]:visible')
    expect(visible).to_have_count(10)  # 40 … 49, whether most used or behind "Vis alle"
    assert sorted(visible.evaluate_all("boxes => boxes.map(b => b.value)")) == [
        f"klynge-4{n}" for n in range(10)
    ]
    expect(page.get_by_role("status")).to_have_text("10 klynger passer.")
    expect(page.locator(".cluster-group", has_text="Uten programnivå")).to_be_hidden()

    search.press("Enter")  # narrows, does not submit
    search.fill("zzz")
    expect(page.get_by_role("status")).to_have_text("Ingen klynger passer.")
    search.fill("")
    expect(cluster_box(page, "klynge-44")).to_be_hidden()  # behind "Vis alle" again
    expect(cluster_box(page, "klynge-43")).to_be_visible()
    assert page.url.endswith("/nyheter/")


def test_without_javascript_a_cluster_behind_vis_alle_filters_the_news(new_context, sixty_four):
    page = phone(new_context, java_script_enabled=False)
    page.goto("/nyheter/")
    expect(page.get_by_label("Finn en klynge")).to_be_hidden()
    filter_toggle(page).click()
    more_toggle(page, "Arena").click()
    cluster_box(page, "klynge-45").check()
    submit(page.locator("form.filters"))
    expect(page).to_have_url(re.compile(r"klynge=klynge-45"))
    assert query(page.url) == {"klynge": ["klynge-45"]}, "empty fields are dropped by the server's redirect"
    expect(page.locator(".article-list h3")).to_have_text(["Klynge 45 melder nytt, nr. 1"])
    expect(page.locator(".active-filters")).to_contain_text("Klynge 45")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_on_a_desktop_the_filters_are_open_beside_the_news(new_context, sixty_four, javascript):
    page = new_context(viewport=DESKTOP, java_script_enabled=javascript).new_page()
    page.goto("/nyheter/")
    expect(filter_toggle(page)).to_be_hidden()
    expect(cluster_box(page, "klynge-03")).to_be_visible()
    filters = page.locator("form.filters").bounding_box()
    headline = page.locator(".article-list h3").first.bounding_box()
    assert filters["x"] + filters["width"] < headline["x"], "the filters are a column beside the list"
    tab_to(page, cluster_box(page, "klynge-03"))
    page.keyboard.press("Space")
    expect(cluster_box(page, "klynge-03")).to_be_checked()


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_the_filters_have_no_accessibility_violations(new_context, sixty_four, axe_js, screen):
    page = phone(new_context) if screen == "phone" else new_context(viewport=DESKTOP).new_page()
    page.add_init_script(path=axe_js)
    found = {}
    page.goto("/nyheter/?klynge=klynge-03")
    if violations := axe_violations(page):
        found["closed"] = violations
    if screen == "phone":
        filter_toggle(page).click()
    more_toggle(page, "NCE").click()
    if violations := axe_violations(page):
        found["opened"] = violations
    page.get_by_label("Finn en klynge").fill("klynge 1")
    expect(page.get_by_role("status")).to_contain_text("passer")
    if violations := axe_violations(page):
        found["searching"] = violations
    assert not found, "\n".join(f"{state}:\n{describe_violations(v)}" for state, v in found.items())


def test_screenshots_of_the_filters(new_context, sixty_four, screenshot):
    """Writes test-artifacts/screenshots/filters-*.png: on a phone, closed and open; on a desktop."""
    page = phone(new_context)
    page.goto("/nyheter/?klynge=klynge-03")
    screenshot(page, "filters-phone-closed")
    filter_toggle(page).click()
    more_toggle(page, "NCE").click()
    screenshot(page, "filters-phone-open")
    page = new_context(viewport=DESKTOP).new_page()
    page.goto("/nyheter/?klynge=klynge-03")
    screenshot(page, "filters-desktop")
