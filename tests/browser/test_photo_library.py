"""The photo library in Chromium: a journalist finds a photo from the article form by searching the
library, picks it with the keyboard, and the choice is saved; the start page, the article form and
the library with the picker open have no axe violations; a click in the picture sets the focal point."""

import pytest
from playwright.sync_api import expect

from news.models import Article, Photo
from tests.builders import category, image_bytes, make_article, make_photo
from tests.test_photos import with_iptc

from .conftest import DESKTOP, PHONE
from .pages import axe_violations, editor, horizontal_overflow, log_in, pick_photo, save_and_continue
from .test_accessibility import report
from .test_html_validity import nu_errors

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "Forskere i Tromsø kartlegger søvn hos skiftarbeidere"


@pytest.fixture
def library(db):
    """A few photos, one of them the one the journalist looks for."""
    category("helsenyheter")
    for caption in ("Styret samlet i Bergen", "Sykepleiere på nattevakt", "Ny skanner på Haukeland"):
        make_photo(caption=caption, credit="Helseinfo")
    return make_photo(
        caption="Forskere i søvnlaboratoriet i Tromsø",
        credit="Ola Nordmann / UiT",
        alt_text="En forsker fester elektroder på en person som ligger i en seng.",
    )


def test_a_journalist_searches_the_library_from_the_article_form_picks_a_photo_and_it_is_saved(
    new_context, library
):
    page, _ = log_in(new_context(viewport=DESKTOP))
    page.goto("/admin/news/article/add/")
    page.locator("#id_headline").fill(HEADLINE)
    page.locator("#id_lead").fill("Skiftarbeid forstyrrer søvnen mer enn antatt.")
    page.locator("#id_category").select_option(label="Helsenyheter")
    expect(page.locator("#id_lead_photo_chosen")).to_have_text("Ingen bilde valgt.")

    # The keyboard all the way: open the library, search, choose a photo.
    page.locator("#lookup_id_lead_photo").focus()
    with page.expect_popup() as popup_info:
        page.keyboard.press("Enter")
    picker = popup_info.value
    picker.wait_for_load_state()
    expect(picker.locator(".photo-tile")).to_have_count(4)
    picker.locator("#searchbar").focus()
    picker.keyboard.type("søvnlaboratoriet")
    picker.keyboard.press("Enter")
    expect(picker.locator(".photo-tile")).to_have_count(1)
    choice = picker.locator(".photo-tile-link", has_text="Forskere i søvnlaboratoriet")
    choice.focus()
    with picker.expect_event("close"):
        picker.keyboard.down("Enter")  # the window closes before the key comes up

    expect(page.locator("#id_lead_photo")).to_have_value(str(library.pk))
    expect(page.locator("#id_lead_photo_chosen")).to_contain_text("Forskere i søvnlaboratoriet i Tromsø")
    expect(page.locator("#id_lead_photo_chosen img")).to_have_attribute("src", library.thumbnail_url)
    save_and_continue(page)

    assert Article.objects.get(headline=HEADLINE).lead_photo == library
    expect(page.locator("#id_lead_photo_chosen")).to_contain_text("Forskere i søvnlaboratoriet i Tromsø")

    # Cleared, and chosen again by the mouse.
    page.get_by_role("button", name="Fjern bildet").click()
    expect(page.locator("#id_lead_photo")).to_have_value("")
    pick_photo(page, "Haukeland", "Ny skanner på Haukeland")
    save_and_continue(page)
    assert Article.objects.get(headline=HEADLINE).lead_photo.caption == "Ny skanner på Haukeland"


def test_a_photo_uploaded_in_the_picker_is_chosen_and_its_text_from_the_file_is_flagged_there(
    new_context, tmp_path
):
    category("helsenyheter")
    image = tmp_path / "byraa.jpg"
    image.write_bytes(
        with_iptc(image_bytes("JPEG"), caption="Olav Åsgård fra klyngen.", byline="Terje Borud")
    )
    page, _ = log_in(new_context(viewport=DESKTOP))
    page.goto("/admin/news/article/add/")

    with page.expect_popup() as popup_info:
        page.locator("#add_id_lead_photo").click()
    upload = popup_info.value
    upload.locator("#id_image").set_input_files(image)
    upload.locator("#id_alt_text").fill("En mann i dress foran en vegg.")
    with upload.expect_event("close"):
        upload.locator("input[name=_save]").click()

    photo = Photo.objects.get()
    expect(page.locator("#id_lead_photo")).to_have_value(str(photo.pk))
    expect(page.locator("#id_lead_photo_chosen")).to_contain_text("Olav Åsgård fra klyngen.")
    expect(page.locator(".photo-picker-notice")).to_have_text(
        "Bildetekst og Kreditering er hentet fra bildefilen. Kontroller teksten."
    )


def test_a_click_in_the_picture_sets_the_focal_point(new_context):
    photo = make_photo()
    page, _ = log_in(new_context(viewport=DESKTOP))
    page.goto(f"/admin/news/photo/{photo.pk}/change/")

    picture = page.locator("[data-focal-picker] img")
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    expect(page.locator(".focal-marker")).to_be_visible()
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()

    photo.refresh_from_db()
    assert abs(photo.focal_x - 0.25) <= 0.02 and abs(photo.focal_y - 0.75) <= 0.02


def test_the_start_page_the_article_form_and_the_library_with_the_picker_open_have_no_axe_violations(
    new_context, axe_js, library
):
    make_article(headline="Et utkast uten ingress", status=Article.Status.DRAFT, lead="", lead_photo=library)
    make_photo(caption="Bilde uten kreditering", credit="")
    page, _ = log_in(new_context(viewport=DESKTOP))
    page.context.add_init_script(path=axe_js)  # the picker's window too
    found = {}

    assert page.goto("/admin/").status == 200
    found["the start page"] = axe_violations(page)

    assert page.goto("/admin/news/photo/").status == 200
    found["the photo library"] = axe_violations(page)

    assert page.goto(f"/admin/news/photo/{library.pk}/change/").status == 200
    found["a photo's page"] = axe_violations(page)

    article = Article.objects.get()
    assert page.goto(f"/admin/news/article/{article.pk}/change/").status == 200
    editor(page).wait_for()
    found["the article form with a photo chosen"] = axe_violations(page)
    with page.expect_popup() as popup_info:
        page.locator("#lookup_id_lead_photo").click()
    picker = popup_info.value
    # A window opened by script keeps the window object of its first, blank document, and with it
    # that document's axe: loaded again, the library gets its own.
    picker.reload()
    expect(picker.locator(".photo-tile").first).to_be_visible()
    found["the photo library in the picker"] = axe_violations(picker)
    found["the article form with the picker open"] = axe_violations(page)

    assert not any(found.values()), report(found)


def test_the_start_page_the_library_the_picker_and_a_photos_page_are_valid_html(
    new_context, vnu_jar, library, tmp_path
):
    page, me = log_in(new_context(viewport=DESKTOP))
    make_article(
        headline="Mitt utkast", status=Article.Status.DRAFT, authors=[me], lead="", lead_photo=library
    )
    make_photo(caption="Bilde uten kreditering", credit="")
    pages = {
        "the start page": "/admin/",
        "the photo library": "/admin/news/photo/",
        "the library in the picker": "/admin/news/photo/?_to_field=id&_popup=1",
        "a photo's page": f"/admin/news/photo/{library.pk}/change/",
    }
    documents = {}
    for name, url in pages.items():
        response = page.request.get(url)
        assert response.ok, url
        documents[name] = tmp_path / f"page-{len(documents)}.html"
        documents[name].write_bytes(response.body())

    errors = nu_errors(vnu_jar, documents)
    assert not errors, "\n".join(f"{name}: {found}" for name, found in errors.items())


def test_on_a_phone_the_start_page_the_library_and_a_photos_page_fit_the_screen(new_context, library):
    page, me = log_in(new_context(viewport=PHONE))
    make_article(
        headline="Et utkast med en lang tittel om søvnforskning", status=Article.Status.DRAFT, authors=[me]
    )

    for url in ["/admin/", "/admin/news/photo/", f"/admin/news/photo/{library.pk}/change/"]:
        page.goto(url)
        assert horizontal_overflow(page) is None, url


def test_in_the_grid_the_photos_on_the_page_are_selected_at_once_counted_and_then_all_of_the_list(
    new_context, library, monkeypatch
):
    from news.admin import PhotoAdmin

    monkeypatch.setattr(PhotoAdmin, "list_per_page", 2)  # two pages of the four photos
    page, _ = log_in(new_context(viewport=DESKTOP), groups=(), is_superuser=True)
    page.goto("/admin/news/photo/")
    counter = page.locator("span.action-counter")
    select_all = page.get_by_label("Velg alle bildene på siden")
    expect(counter).to_have_text("0 av 2 valgt")

    page.locator(".photo-tile input.action-select").first.check()
    expect(counter).to_have_text("1 av 2 valgt")
    expect(page.locator(".photo-tile.selected")).to_have_count(1)
    expect(select_all).not_to_be_checked()

    select_all.check()
    expect(page.locator(".photo-tile input.action-select:checked")).to_have_count(2)
    expect(counter).to_have_text("2 av 2 valgt")
    question = page.locator("div.actions span.question a")
    expect(question).to_be_visible()
    question.click()
    expect(page.locator("div.actions input.select-across")).to_have_value("1")
    expect(page.locator("div.actions span.all")).to_be_visible()

    page.locator("div.actions span.clear a").click()
    expect(page.locator(".photo-tile input.action-select:checked")).to_have_count(0)
    expect(page.locator("div.actions input.select-across")).to_have_value("0")
    expect(counter).to_have_text("0 av 2 valgt")
