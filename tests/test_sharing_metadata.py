"""What a shared link shows: Open Graph and Twitter metadata on every public page, the publisher's
logo and the photo's creator, a person or an organisation, in an article's JSON-LD."""

import extruct
import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from news.models import Photo
from tests.builders import make_announcement, make_article, make_cluster, make_photo, make_tier

pytestmark = pytest.mark.django_db


def metadata(response):
    return extruct.extract(
        response.content.decode(), base_url="http://testserver/", syntaxes=["json-ld", "opengraph"]
    )


@pytest.fixture
def pages():
    tier = make_tier(slug="nce")
    cluster = make_cluster(slug="bio", tier=tier)
    article = make_article(clusters=[cluster], lead_photo=make_photo(credit="NTB"))
    announcement = make_announcement(slug="nye")
    return ["/", "/nyheter/", article.get_absolute_url(), "/klynger/", "/klynger/bio/", "/program/",
            "/program/nce/", "/kunngjoringer/", announcement.get_absolute_url()]  # fmt: skip


def test_every_public_page_has_a_title_and_description_for_sharing(client, pages):
    for url in pages:
        page = client.get(url).content.decode()
        og = dict(metadata(client.get(url))["opengraph"][0]["properties"])
        assert og["og:title"] and og["og:description"], url
        assert f'<meta name="twitter:title" content="{og["og:title"]}">' in page, url
        assert f'<meta name="twitter:description" content="{og["og:description"]}">' in page, url


def test_an_article_with_a_photo_shares_it_with_its_alt_text(client):
    article = make_article(lead="Kort ingress.", lead_photo=make_photo(alt_text="To personer ved et bord."))
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<meta property="og:description" content="Kort ingress.">' in page
    assert '<meta name="twitter:image" content="http://127.0.0.1:8000/media/' in page
    assert '<meta name="twitter:image:alt" content="To personer ved et bord.">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page


def test_the_publisher_has_a_logo_search_engines_accept(client):
    article = make_article()
    (data,) = metadata(client.get(article.get_absolute_url()))["json-ld"]
    logo = data["publisher"]["logo"]
    assert logo["@type"] == "ImageObject"
    assert logo["url"] == "http://127.0.0.1:8000/static/img/logo.png"
    with Image.open(finders.find("img/logo.png")) as image:
        assert image.format == "PNG" and min(image.size) >= 112
        assert image.size == (logo["width"], logo["height"])


@pytest.mark.parametrize(
    ("credit", "kind", "creators"),
    [
        ("Kari Nordmann", "auto", [("Person", "Kari Nordmann")]),
        ("NTB", "auto", [("Organization", "NTB")]),
        ("Innovasjon Norge", "auto", [("Organization", "Innovasjon Norge")]),
        ("Terje Borud / Innovasjon Norge", "auto",
         [("Person", "Terje Borud"), ("Organization", "Innovasjon Norge")]),
        ("Ola Nordmann/NTB Scanpix", "auto", [("Person", "Ola Nordmann"), ("Organization", "NTB Scanpix")]),
        ("Fotograf Mo", "organisation", [("Organization", "Fotograf Mo")]),
        ("NTB / Kari Nordmann", "person", [("Person", "NTB / Kari Nordmann")]),
    ],
)  # fmt: skip
def test_the_photo_creator_is_a_person_or_an_organisation(client, credit, kind, creators):
    article = make_article(lead_photo=make_photo(credit=credit, credit_kind=kind))
    (data,) = metadata(client.get(article.get_absolute_url()))["json-ld"]
    assert data["image"]["creditText"] == credit
    assert [(creator["@type"], creator["name"]) for creator in data["image"]["creator"]] == creators


def test_a_photo_without_credit_names_no_creator(client):
    article = make_article(lead_photo=make_photo(credit="", credit_kind=Photo.CreditKind.PERSON))
    (data,) = metadata(client.get(article.get_absolute_url()))["json-ld"]
    assert "creator" not in data["image"]
