"""A journalist writes a long article, closes the tab mid-sentence, comes back on another machine,
gets every word back, previews it at a phone's width and publishes it."""

import re
import time

import pytest
from playwright.sync_api import expect

from news.models import Article, UnsavedEdits
from tests.builders import category, make_article, make_cluster, make_photo

from .conftest import DESKTOP
from .pages import (
    PASSWORD,
    autocomplete,
    axe_violations,
    editor,
    log_in,
    pick_photo,
    save_and_continue,
    type_in_editor,
)
from .test_accessibility import report

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "Fastlegene i Finnmark får hjelp av sykepleiere på video"
LEAD = "Ti kommuner prøver ut videokonsultasjoner med sykepleier før legetimen."
PARAGRAPHS = [
    "Fra januar kan pasienter i ti finnmarkskommuner snakke med en sykepleier på video før de får legetime.",
    ("h2", "Kortere ventetid"),
    "Sykepleieren vurderer hvor raskt pasienten trenger lege, og kan ordne resepter på faste medisiner.",
    "Kommuneoverlegen i Vadsø sier at ordningen frigjør mange timer hver uke for fastlegene.",
]
HALF_SENTENCE = "Prosjektet evalueres av forskere ved UiT, som skal se på om pasientene"


def log_in_again(context, user):
    """`user` logs in through the admin's login form in another browser."""
    page = context.new_page()
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label(re.compile("Brukernavn", re.I)).fill(user.username)
    page.get_by_label(re.compile("Passord", re.I)).fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page


def kept_body(user, text, attempts=50):
    """Whether `user`'s kept edits of a new article come to hold `text` (a beacon arrives when it does)."""
    for _ in range(attempts):
        kept = UnsavedEdits.objects.filter(user=user, article=None).first()
        if kept and text in kept.fields["body"][0]:
            return True
        time.sleep(0.1)
    return False


def test_a_long_article_closed_mid_sentence_comes_back_is_previewed_on_a_phone_and_published(
    new_context, axe_js
):
    category("helsenyheter")
    cluster = make_cluster(name="Finnmark Helseklynge")
    photo = make_photo(caption="Sykepleier Anne Hætta på video fra Vadsø.")
    laptop, journalist = log_in(new_context(viewport=DESKTOP), groups=["Journalist"])

    laptop.goto("/admin/news/article/add/")
    laptop.locator("#id_headline").fill(HEADLINE)
    laptop.locator("#id_lead").fill(LEAD)
    pick_photo(laptop, "Vadsø", "Sykepleier Anne Hætta")
    autocomplete(laptop, "clusters", "Finnmark", cluster.name)
    type_in_editor(laptop, *PARAGRAPHS)
    expect(laptop.locator(".autosave-status")).to_contain_text("lagret automatisk", timeout=10_000)
    laptop.keyboard.press("Enter")
    laptop.keyboard.type(HALF_SENTENCE)
    laptop.close(run_before_unload=True)  # the tab is closed mid-sentence; it sends what it has

    assert not Article.objects.exists(), "nothing was published or saved as an article"
    assert kept_body(journalist, HALF_SENTENCE), "the closing tab's beacon reached the server"

    other = new_context(viewport=DESKTOP)
    other.add_init_script(path=axe_js)
    page = log_in_again(other, journalist)
    page.goto("/admin/news/article/add/")
    prompt = page.locator("#autosave-prompt")
    expect(prompt).to_be_visible()
    expect(prompt).to_contain_text("Du har ulagrede endringer fra")
    violations = axe_violations(page)
    assert not violations, report({"the article form with the restore prompt": violations})

    prompt.get_by_role("button", name="Gjenopprett").click()
    expect(prompt).to_be_hidden()
    expect(page.locator("#id_headline")).to_have_value(HEADLINE)
    expect(page.locator("#id_lead")).to_have_value(LEAD)
    expect(page.locator("#id_lead_photo_chosen")).to_contain_text("Sykepleier Anne Hætta")
    expect(page.locator("#id_clusters option:checked")).to_have_text(cluster.name)
    expect(page.locator(".field-clusters .select2-selection")).to_contain_text(cluster.name)
    for text in [PARAGRAPHS[0], PARAGRAPHS[2], PARAGRAPHS[3], HALF_SENTENCE]:
        expect(editor(page).locator("p", has_text=text)).to_be_visible()
    expect(editor(page).locator("h2")).to_have_text("Kortere ventetid")
    editor(page).press("Control+End")
    page.keyboard.type(" får kortere vei til riktig hjelp.")

    # Preview at a phone's width, by keyboard.
    page.get_by_role("button", name="Forhåndsvis").focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=re.compile("Mobil")).focus()
    page.keyboard.press("Enter")
    expect(dialog.get_by_role("button", name=re.compile("Mobil"))).to_have_attribute("aria-pressed", "true")
    frame = page.frame_locator(".preview-frame")
    expect(frame.locator("h1")).to_have_text(HEADLINE)
    expect(frame.locator(".body")).to_contain_text("får kortere vei til riktig hjelp.")
    assert page.locator(".preview-frame").evaluate("f => f.contentWindow.innerWidth") == 375
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Forhåndsvis")).to_be_focused()
    assert not Article.objects.exists(), "previewing saved nothing"

    page.locator("#id_category").select_option(label="Helsenyheter")
    page.locator("#id_status").select_option("published")
    save_and_continue(page)

    article = Article.objects.get()
    assert article.headline == HEADLINE and article.status == Article.Status.PUBLISHED
    assert article.lead_photo == photo and list(article.clusters.all()) == [cluster]
    for text in [PARAGRAPHS[0], PARAGRAPHS[3], HALF_SENTENCE + " får kortere vei til riktig hjelp."]:
        assert text in article.body
    assert not UnsavedEdits.objects.exists(), "the kept edits are gone once the article is saved"
    page.goto(article.get_absolute_url())
    expect(page.locator("h1")).to_have_text(HEADLINE)


def test_text_typed_after_the_session_expired_comes_back_after_logging_in_again(new_context):
    article = make_article(headline="Ny legevakt i Alta", body="<p>Første avsnitt.</p>", status="draft")
    context = new_context(viewport=DESKTOP)
    page, journalist = log_in(context, groups=["Journalist"])
    page.goto(f"/admin/news/article/{article.pk}/change/")
    type_in_editor(page, "Andre avsnitt, lagret på serveren.")
    expect(page.locator(".autosave-status")).to_contain_text("lagret automatisk", timeout=10_000)

    context.clear_cookies(name="sessionid")  # the session expires while the journalist writes
    type_in_editor(page, "Tredje avsnitt, skrevet etter at økten gikk ut.")
    expect(page.locator(".autosave-status")).to_contain_text("i denne nettleseren", timeout=10_000)
    save_and_continue(page)  # the save meets the login page

    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label(re.compile("Brukernavn", re.I)).fill(journalist.username)
    page.get_by_label(re.compile("Passord", re.I)).fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/admin/news/article/{article.pk}/change/$"))
    page.locator("#autosave-prompt").get_by_role("button", name="Gjenopprett").click()
    expect(editor(page)).to_contain_text("Tredje avsnitt, skrevet etter at økten gikk ut.")
    save_and_continue(page)

    article.refresh_from_db()
    assert (
        "Andre avsnitt" in article.body and "Tredje avsnitt, skrevet etter at økten gikk ut." in article.body
    )
    assert article.version == 2
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('helseinfo:unsaved'))") == []
