"""The body editor speaks Norwegian, fits a long article, and ends a link where the journalist ends it;
the admin's dates are day.month.year and its time-zone note is plain Norwegian."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP
from .pages import editor, log_in

pytestmark = pytest.mark.django_db(transaction=True)

ENGLISH = re.compile(
    r"\b(bold|italic|paragraph|heading|insert|remove|link|list|blockquote|undo|redo|edit|update|cancel|title)\b",
    re.IGNORECASE,
)
TOOLBAR_TEXT = """editor => [
    ...[...editor.querySelectorAll(".prose-menubar__button")]
        .flatMap(button => [button.title, button.getAttribute("aria-label")]),
    ...[...editor.querySelectorAll(".prose-menubar__option")].map(o => o.textContent),
]"""


@pytest.fixture
def article_form(new_context):
    page, _ = log_in(new_context(viewport=DESKTOP))
    page.goto("/admin/news/article/add/")
    editor(page).click()
    return page


def body_editor(page):
    return page.locator(".field-body .prose-editor")


def test_the_toolbar_is_in_norwegian_as_the_cursor_moves(article_form):
    page = article_form
    page.keyboard.type("## Dette fant forskerne")
    page.keyboard.press("Enter")
    page.keyboard.type("Vanlig tekst.")
    page.keyboard.press("ArrowUp")

    labels = body_editor(page).evaluate(TOOLBAR_TEXT)

    assert [label for label in labels if ENGLISH.search(label or "")] == []
    assert {
        "Fet",
        "Kursiv",
        "Sett inn lenke",
        "Punktliste",
        "Sitat",
        "Angre",
        "Mellomtittel",
        "Avsnitt",
    } <= set(labels)
    expect(body_editor(page).locator(".prose-menubar__selected button")).to_have_attribute(
        "aria-label", "Mellomtittel"
    )


def test_the_link_dialog_is_in_norwegian_and_typing_after_a_link_does_not_extend_it(article_form):
    page = article_form
    page.keyboard.type("Les mer")
    page.keyboard.press("Shift+Home")
    page.wait_for_function("text => getSelection().toString() === text", arg="Les mer")
    page.keyboard.press("Control+k")
    dialog = page.locator("dialog[open]")

    expect(dialog.locator("h3")).to_have_text("Rediger lenke")
    assert dialog.locator("label").all_inner_texts() == ["Adresse (URL)", "Tittel"]
    assert dialog.locator("button").all_inner_texts() == ["Lagre", "Avbryt"]
    dialog.locator("input[name=href]").fill("https://www.fhi.no/")
    dialog.get_by_role("button", name="Lagre").click()
    expect(dialog).to_have_count(0)
    editor(page).locator("a").click()  # back into the link, and on to its end
    page.keyboard.press("End")
    page.keyboard.type(", sier FHI.")

    expect(editor(page).locator("a")).to_have_text("Les mer")
    expect(editor(page).locator("p")).to_have_text("Les mer, sier FHI.")


def test_the_writing_area_starts_a_page_tall_and_grows_with_the_text(article_form):
    page = article_form
    area = editor(page)
    start = area.bounding_box()["height"]
    for n in range(40):
        page.keyboard.type(f"Avsnitt nummer {n + 1} i en lang sak om helse i Norge.")
        page.keyboard.press("Enter")

    grown = area.bounding_box()["height"]
    inner_scroll = area.evaluate("el => el.scrollHeight - el.clientHeight")
    toolbar = body_editor(page).locator(".prose-menubar").bounding_box()

    assert start >= 300
    assert grown > 2 * start
    assert inner_scroll <= 1  # the page scrolls, not a box inside it
    assert 0 <= toolbar["y"] < DESKTOP["height"]  # the toolbar stays in reach while writing at the end


def test_the_admin_writes_dates_as_day_month_year_and_explains_the_time_zone(browser, browser_context_args):
    in_tokyo = browser.new_context(
        **(browser_context_args | {"viewport": DESKTOP, "timezone_id": "Asia/Tokyo"})
    )
    page, _ = log_in(in_tokyo)
    page.goto("/admin/news/article/add/")
    now = datetime.now(ZoneInfo("UTC"))
    ahead = (
        now.astimezone(ZoneInfo("Asia/Tokyo")).utcoffset()
        - now.astimezone(ZoneInfo("Europe/Oslo")).utcoffset()
    )
    hours = int(ahead.total_seconds() // 3600)

    page.locator(".field-publish_at .datetimeshortcuts a", has_text="I dag").first.click()

    expect(page.locator("#id_publish_at_0")).to_have_value(re.compile(r"^\d\d\.\d\d\.\d{4}$"))
    expect(page.locator(".field-publish_at .timezonewarning").first).to_have_text(
        f"Merk: Klokka på maskinen din går {hours} timer foran norsk tid. Tidspunktene her er norsk tid."
    )
    in_tokyo.close()
