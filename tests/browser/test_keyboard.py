"""The reader's flow with the keyboard alone: the skip link first, focus always visible."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_ARTICLE, DESKTOP
from .pages import path, query

pytestmark = pytest.mark.django_db(transaction=True)

FOCUSED = """() => {
    const DATE_TYPES = ["date", "time", "datetime-local", "month", "week"];
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
        || (style.boxShadow && style.boxShadow !== "none");
    const box = el.getBoundingClientRect();
    const onScreen = box.width > 1 && box.height > 1 && box.bottom > 0 && box.right > 0
        && box.top < innerHeight && box.left < innerWidth;
    return {
        tag: el.tagName.toLowerCase(), type: el.type || null, name: el.getAttribute("name"),
        value: el.value ?? null, checked: el.checked ?? null, href: el.getAttribute("href"),
        text: (el.innerText || "").trim().slice(0, 80),
        inFilters: !!(el.form && el.form.elements.namedItem("program")),
        inSearch: !!el.closest("[role=search]"),
        // In a date field Chromium focuses (and rings) one part inside the field, not the field.
        visible: onScreen && (el.matches(":focus-visible") && ring || DATE_TYPES.includes(el.type)),
        html: el.outerHTML.slice(0, 160),
    };
}"""


def focused(page):
    return page.evaluate(FOCUSED)


def tab_to(page, wanted, limit=200):
    """Press Tab until `wanted(focused)`; every element on the way must show visible focus."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if element is None:
            continue
        assert element["visible"], f"focus is not visible on {element}"
        seen.append(element["html"][:60])
        if wanted(element):
            return element
    raise AssertionError(f"Tab never reached the element; went through: {seen[-20:]}")


def link(url_path, **query_values):
    def wanted(element):
        href = element["href"]
        return bool(href) and (path(href) == url_path or href.startswith("?")) and query(href) == query_values

    return wanted


def press_until(page, key, wanted, limit=30):
    for _ in range(limit):
        page.keyboard.press(key)
        if wanted(focused(page)):
            return
    raise AssertionError(f"{key} never reached the wanted value; focused: {focused(page)}")


def choose(page, name, value):
    """Pick `value` in field `name` with the keyboard: Space on a checkbox, arrows in a select or radios."""
    element = tab_to(page, lambda e: e["name"] == name and e["inFilters"])
    if element["type"] == "checkbox":
        tab_to(page, lambda e: e["name"] == name and e["value"] == value)
        page.keyboard.press("Space")
        assert focused(page)["checked"]
    elif element["value"] != value:
        press_until(page, "ArrowDown", lambda e: e["value"] == value and e["checked"] is not False)


def test_reader_flow_with_the_keyboard_alone(new_context, reader_news):
    page = new_context(viewport=DESKTOP).new_page()
    page.goto("/nyheter/")

    page.keyboard.press("Tab")
    first = focused(page)
    assert first and first["href"] == "#main", f"the skip link comes first, not {first}"
    assert first["visible"], "the skip link shows when it has focus"
    page.keyboard.press("Enter")
    assert page.evaluate("() => !!document.activeElement.closest('main')"), "the skip link lands in <main>"

    choose(page, "klynge", "nce-eyde")
    choose(page, "program", "nce")
    tab_to(page, lambda e: e["type"] == "submit" and e["inFilters"])
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"program=nce"))
    assert query(page.url) == {"program": ["nce"], "klynge": ["nce-eyde"]}

    tab_to(page, link("/nyheter/", program=["nce"]))  # the active cluster filter's remove link
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"klynge="))
    assert query(page.url) == {"program": ["nce"]}

    tab_to(page, link("/nyheter/", program=["nce"], side=["2"]))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"side=2"))
    assert query(page.url) == {"program": ["nce"], "side": ["2"]}

    tab_to(page, lambda e: e["inSearch"] and e["name"] == "q")
    page.keyboard.type("Oslo Medtech")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=Oslo"))

    tab_to(page, link(f"/nyheter/{DEMO_ARTICLE}/"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Klynger seg for helseteknologi")
    tab_to(page, link("/klynger/health-technology/"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Health Technology")
    tab_to(page, link("/program/nce/"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Norwegian Centres of Expertise")
