"""The photo library: the photo list as a grid with search and filters, the photo page with the
picture and its focal point, and the article form's picker that chooses (or uploads) from it."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from news.models import Article, Photo
from tests.admin_forms import form_data
from tests.builders import (
    category,
    count_queries,
    image_bytes,
    image_upload,
    logged_in,
    make_article,
    make_editor,
    make_journalist,
    make_photo,
    make_user,
    post_photo,
)
from tests.test_photos import with_iptc

pytestmark = pytest.mark.django_db

LIBRARY = reverse("admin:news_photo_changelist")
PICKER = f"{LIBRARY}?_to_field=id&_popup=1"


@pytest.fixture
def journalist():
    return make_journalist(first_name="Kari", last_name="Nordmann")


@pytest.fixture
def client(journalist):
    return logged_in(journalist)


def shown(response):
    """The primary keys of the photos in the grid, in order."""
    return [
        int(pk)
        for pk in re.findall(r'<li class="photo-tile">.*?/admin/news/photo/(\d+)/', _html(response), re.S)
    ]


def _html(response):
    assert response.status_code == 200
    return response.content.decode()


def change_url(photo):
    return reverse("admin:news_photo_change", args=[photo.pk])


# The grid


def test_the_library_is_a_grid_of_thumbnails_linking_to_each_photo(client):
    photo = make_photo(caption="Forskere i laboratoriet", credit="NTB")

    response = client.get(LIBRARY)

    tile = re.search(r'<li class="photo-tile">.*?</li>', _html(response), re.S).group()
    assert f'href="{change_url(photo)}"' in tile
    assert f'src="{photo.thumbnail_url}"' in tile and 'alt=""' in tile
    assert "Forskere i laboratoriet" in tile and "Foto: NTB" in tile
    assertNotContains(response, 'id="result_list"')


def test_a_tile_says_what_the_photo_lacks_for_publishing(client):
    make_photo(credit="", alt_text="")

    tile = re.search(r'<li class="photo-tile">.*?</li>', _html(client.get(LIBRARY)), re.S).group()

    assert "Mangler kreditering" in tile and "Mangler alternativ tekst" in tile


def test_an_editor_selects_photos_in_the_grid_for_the_bulk_actions():
    photo = make_photo()
    response = logged_in(make_editor()).get(LIBRARY)

    assertContains(response, f'name="_selected_action" value="{photo.pk}"')


@pytest.mark.parametrize(
    "term",
    ["laboratoriet", "NTB Scanpix", "mikroskop", "labfoto"],
    ids=["caption", "credit", "alt text", "file name"],
)
def test_search_finds_a_photo_by_caption_credit_alt_text_or_file_name(client, term):
    wanted = make_photo(
        image=image_upload("labfoto.jpg", size=(480, 270)),
        caption="Forskere i laboratoriet",
        credit="NTB Scanpix",
        alt_text="To forskere ved et mikroskop.",
    )
    make_photo(caption="Styret samlet", credit="Helseinfo", alt_text="Seks personer rundt et bord.")

    assert shown(client.get(LIBRARY, {"q": term})) == [wanted.pk]


def test_filter_by_who_uploaded_lists_colleagues_by_name(client, journalist):
    mine = make_photo(uploaded_by=journalist)
    make_photo(uploaded_by=make_journalist(first_name="Ola", last_name="Hansen"))

    response = client.get(LIBRARY)
    assertContains(response, "Kari Nordmann")
    assertContains(response, "Ola Hansen")

    assert shown(client.get(LIBRARY, {"lastet_opp_av": journalist.pk})) == [mine.pk]


def test_filter_by_upload_date(client):
    old = make_photo()
    Photo.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=60))
    new = make_photo()

    since = (timezone.now() - timedelta(days=7)).isoformat()
    assert shown(client.get(LIBRARY, {"created__gte": since})) == [new.pk]


def test_filter_unused_photos_is_those_no_article_has_as_lead_photo(client):
    used, unused = make_photo(), make_photo()
    make_article(lead_photo=used, status=Article.Status.DRAFT)

    assert shown(client.get(LIBRARY, {"bruk": "ubrukt"})) == [unused.pk]
    assert shown(client.get(LIBRARY, {"bruk": "brukt"})) == [used.pk]


def test_filter_photos_lacking_credit_or_alt_text(client):
    lacking = make_photo(credit="  ")
    make_photo()

    assert shown(client.get(LIBRARY, {"mangler": "tekst"})) == [lacking.pk]


def test_an_unknown_filter_value_answers_with_the_whole_library_not_an_error(client):
    photo = make_photo()

    assert shown(client.get(LIBRARY, {"lastet_opp_av": "abc", "bruk": "x"})) == [photo.pk]


def test_the_library_takes_the_same_number_of_queries_for_one_photo_or_many(client, journalist):
    make_article(lead_photo=make_photo(uploaded_by=journalist))
    few = count_queries(client, LIBRARY)
    for _ in range(5):
        make_article(lead_photo=make_photo(uploaded_by=make_journalist()))

    assert count_queries(client, LIBRARY) == few
    assert count_queries(client, PICKER) == count_queries(client, PICKER)


def test_a_staff_user_in_no_group_cannot_open_the_library():
    assert logged_in(make_user()).get(LIBRARY).status_code == 403


# The photo page


def test_the_photo_page_shows_the_picture_with_its_focal_point_fields(client):
    photo = make_photo(alt_text="To forskere ved et mikroskop.")

    response = client.get(change_url(photo))

    assertContains(response, f'src="{photo.rendition_url("jpeg", 800)}" alt="To forskere ved et mikroskop."')
    assertContains(response, 'name="focal_x"')
    assertContains(response, 'name="focal_y"')


def test_the_focal_point_is_saved_from_the_photo_page(client):
    photo = make_photo()
    data = form_data(client.get(change_url(photo)), focal_x="0.25", focal_y="0.8")
    data.pop("image", None)

    client.post(change_url(photo), data)

    photo.refresh_from_db()
    assert (photo.focal_x, photo.focal_y) == (0.25, 0.8)
    assert photo.focal_classes == "focal-x-25 focal-y-80"


@pytest.mark.parametrize("value", ["1.5", "-0.1", "midt"])
def test_a_focal_point_outside_the_picture_is_a_form_error(client, value):
    photo = make_photo()
    data = form_data(client.get(change_url(photo)), focal_x=value)
    data.pop("image", None)

    response = client.post(change_url(photo), data)

    assert response.status_code == 200 and response.context["adminform"].form.errors["focal_x"]
    photo.refresh_from_db()
    assert photo.focal_x == 0.5


def test_an_empty_focal_field_keeps_the_focal_point(client):
    photo = make_photo(focal_x=0.1, focal_y=0.9)
    data = form_data(client.get(change_url(photo)), focal_x="", caption="Ny bildetekst")
    data.pop("image", None)

    client.post(change_url(photo), data)

    photo.refresh_from_db()
    assert (photo.caption, photo.focal_x, photo.focal_y) == ("Ny bildetekst", 0.1, 0.9)


def test_the_database_refuses_a_focal_point_outside_the_picture():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_photo(focal_x=2)


def test_a_cropped_card_keeps_the_focal_point_in_frame(client):
    make_article(lead_photo=make_photo(focal_x=0.2, focal_y=0.35))

    assertContains(client.get("/nyheter/"), '<picture class="focal-x-20 focal-y-35">')


# Caption and credit read from the file: the notice where the upload happened


def test_after_an_upload_on_the_photo_page_the_prefilled_text_is_shown_to_check(client):
    jpeg = with_iptc(image_bytes("JPEG"), caption="Olav Åsgård fra klyngen.", byline="Terje Borud")

    response = post_photo(client, "byraa.jpg", jpeg)

    photo = Photo.objects.get()
    assert response["Location"] == change_url(photo)
    page = client.get(response["Location"])
    assertContains(page, "Bildetekst og Kreditering er hentet fra bildefilen. Kontroller teksten.")
    assertContains(page, "Olav Åsgård fra klyngen.")


def test_an_upload_without_text_in_the_file_goes_back_to_the_library(client):
    response = post_photo(client, "vanlig.jpg", image_bytes("JPEG"), caption="Skrevet selv", credit="NTB")

    assert response["Location"] == LIBRARY


def test_after_an_upload_in_the_picker_the_notice_goes_to_the_article_form_not_a_later_page(client):
    jpeg = with_iptc(image_bytes("JPEG"), caption="Olav Åsgård fra klyngen.", byline="Terje Borud")

    response = post_photo(
        client, "byraa.jpg", jpeg, url=f"{reverse('admin:news_photo_add')}?_popup=1", _popup="1"
    )

    photo = Photo.objects.get()
    data = json.loads(
        re.search(r'id="photo-popup-response"[^>]*data-popup-response="([^"]*)"', _html(response))
        .group(1)
        .replace("&quot;", '"')
    )
    assert data["value"] == str(photo.pk)
    assert data["notice"] == "Bildetekst og Kreditering er hentet fra bildefilen. Kontroller teksten."
    assert list(get_messages(response.wsgi_request)) == []


# The picker in the article form


def test_the_article_form_picks_the_lead_photo_from_the_library_not_a_dropdown(client):
    response = client.get(reverse("admin:news_article_add"))

    assertContains(response, '<input type="hidden" name="lead_photo" id="id_lead_photo" value=""', count=1)
    assertContains(response, f'href="{LIBRARY}?_to_field=id" id="lookup_id_lead_photo"')
    assertContains(response, 'id="add_id_lead_photo"')  # upload a new one there
    assertContains(response, '<label for="id_lead_photo_chosen">')
    assertNotContains(
        response, 'data-autocomplete-light-url="/admin/autocomplete/" data-field-name="lead_photo"'
    )
    assertNotContains(response, '<select name="lead_photo"')


def test_the_article_form_shows_the_chosen_photo(client):
    photo = make_photo(caption="Forskere i laboratoriet", focal_x=0.0)
    article = make_article(lead_photo=photo, status=Article.Status.DRAFT)

    response = client.get(reverse("admin:news_article_change", args=[article.pk]))

    assertContains(response, f'value="{photo.pk}" data-photo-picker-input')
    assertContains(response, f'src="{photo.thumbnail_url}"')
    assertContains(response, "Forskere i laboratoriet")


def test_the_library_in_the_picker_chooses_a_photo_by_its_link(client):
    photo = make_photo()

    response = client.get(PICKER)

    assertContains(response, f'data-popup-opener="{photo.pk}"')
    assertContains(response, 'name="_popup"')


def test_the_picker_searches_the_library(client):
    wanted = make_photo(caption="Forskere i laboratoriet")
    make_photo(caption="Styret samlet")

    assert shown(client.get(PICKER, {"q": "laboratoriet"})) == [wanted.pk]


def test_a_photo_chosen_in_the_picker_is_saved_with_the_article(client):
    photo = make_photo()
    data = form_data(
        client.get(reverse("admin:news_article_add")),
        headline="Sak med bilde",
        slug="sak-med-bilde",
        lead="Ingress.",
        category=category().pk,
        lead_photo=str(photo.pk),
    )

    client.post(reverse("admin:news_article_add"), data)

    assert Article.objects.get(slug="sak-med-bilde").lead_photo == photo


def test_an_unknown_photo_is_a_form_error(client):
    data = form_data(
        client.get(reverse("admin:news_article_add")),
        headline="Sak med feil bilde",
        slug="sak-med-feil-bilde",
        lead_photo="999999",
    )

    response = client.post(reverse("admin:news_article_add"), data)

    assert response.status_code == 200 and response.context["adminform"].form.errors["lead_photo"]
    assert not Article.objects.filter(slug="sak-med-feil-bilde").exists()


def test_the_picker_reads_a_chosen_photos_card(client):
    photo = make_photo(caption="Forskere i laboratoriet", credit="NTB", focal_y=1.0)

    card = client.get(reverse("admin:news_photo_card", args=[photo.pk])).json()

    assert card == {
        "id": photo.pk,
        "label": "Forskere i laboratoriet",
        "thumbnail": photo.thumbnail_url,
        "credit": "NTB",
        "alt_text": photo.alt_text,
        "focal_classes": "focal-x-50 focal-y-100",
        "change_url": change_url(photo),
    }


@pytest.mark.parametrize("object_id", ["999999", "abc"])
def test_an_unknown_photos_card_is_404(client, object_id):
    assert client.get(reverse("admin:news_photo_card", args=[object_id])).status_code == 404


def test_a_staff_user_in_no_group_reads_no_card():
    photo = make_photo()

    assert logged_in(make_user()).get(reverse("admin:news_photo_card", args=[photo.pk])).status_code == 403
