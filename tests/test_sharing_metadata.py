"""What a shared link shows: Open Graph and Twitter metadata on every public page, the publisher's
logo, the photo's creator and the article's authors, each a person or an organisation, in an
article's JSON-LD; the feeds and the page name the same authors."""

import re

import extruct
import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from PIL import Image

from news.models import Photo
from tests.builders import make_announcement, make_article, make_cluster, make_photo, make_tier, make_user

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


@pytest.mark.parametrize(
    ("authors", "byline", "signers"),
    [
        (["Kari Nordmann"], "", [("Person", "Kari Nordmann")]),
        ([], "NTB", [("Organization", "NTB")]),
        (["Kari Nordmann"], "Innovasjon Norge",
         [("Person", "Kari Nordmann"), ("Organization", "Innovasjon Norge")]),
        ([], "Ola Hansen / NTB", [("Person", "Ola Hansen"), ("Organization", "NTB")]),
        ([], "Gjesteskribent Ola Hansen", [("Person", "Gjesteskribent Ola Hansen")]),
        ([], "", [("Organization", "Helseinfo")]),
    ],
)  # fmt: skip
def test_the_author_is_a_person_or_an_organisation_and_page_feeds_and_json_ld_agree(
    client, authors, byline, signers
):
    users = [make_user(first_name=name.split()[0], last_name=name.split()[1]) for name in authors]
    article = make_article(headline="Signert sak", byline=byline, authors=users)
    response = client.get(article.get_absolute_url())
    (data,) = metadata(response)["json-ld"]
    assert [(author["@type"], author["name"]) for author in data["author"]] == signers
    names = [name for kind, name in signers]

    (item,) = client.get("/nyheter/feed.json").json()["items"]
    assert item["authors"] == [{"name": name} for name in names]
    rss = client.get("/nyheter/rss/").content.decode()
    assert re.findall(r"<dc:creator[^>]*>([^<]*)</dc:creator>", rss) == [", ".join(names)]
    atom = client.get("/nyheter/atom/").content.decode()
    assert f"<author><name>{', '.join(names)}</name></author>" in atom
    byline_shown = (
        BeautifulSoup(response.content, "html.parser").select_one("article header .meta").get_text()
    )
    assert all(name in byline_shown for name in names if name != "Helseinfo")
