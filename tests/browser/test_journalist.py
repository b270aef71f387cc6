"""A journalist writes, illustrates, previews and publishes an article; readers see it only then."""

import re
from urllib.parse import urljoin

import feedparser
import pytest
from playwright.sync_api import expect

from news.models import Article
from tests.builders import category, image_bytes, make_cluster, make_tier

from .pages import (
    article_slugs,
    autocomplete,
    form_errors,
    log_in,
    save_and_continue,
    type_in_editor,
    upload_photo,
)

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "Blåbær og økt trening: Ålesund-forskere ser færre hjerteinfarkt"
LEAD = "Eldre som spiser bær og trener to ganger i uka, får sjeldnere hjerteinfarkt, viser en ny studie."
BODY = [
    "Forskere ved sykehuset i Ålesund har fulgt 2000 deltakere i ti år.",
    ("h2", "Dette fant forskerne"),
    ("ul", ["Færre hjerteinfarkt", "Bedre søvn"]),
    ("quote", "Vi ble overrasket over hvor tydelig effekten var."),
    ("link", "Folkehelseinstituttet", "https://www.fhi.no/", " har mer om studien."),
]
CAPTION = "Deltakerne i studien trener sammen på Aksla i Ålesund."
CREDIT = "Kari Fotograf / Helseinfo"
ALT = "Seks eldre personer i treningsklær går opp en trapp med utsikt over byen."


@pytest.fixture
def two_clusters(db):
    tier = make_tier(name="Norwegian Centres of Expertise", short_name="NCE", slug="nce")
    return [
        make_cluster(name="Fjordhelse Innovasjon", slug="fjordhelse", tier=tier),
        make_cluster(name="Nordlys Medtech", slug="nordlys-medtech", tier=tier),
    ]


def where_readers_see(context, article, clusters):
    """The public addresses (pages, feeds, sitemap) that show `article` to an anonymous reader."""
    places = [
        "/",
        "/nyheter/",
        f"/nyheter/?q={article.headline.split()[0]}",
        "/nyheter/rss/",
        "/nyheter/atom/",
        "/sitemap-articles.xml",
        *(cluster.get_absolute_url() for cluster in clusters),
        *(f"{cluster.get_absolute_url()}rss/" for cluster in clusters),
    ]
    seen = [url for url in places if article.slug in context.request.get(url).text()]
    if context.request.get(article.get_absolute_url()).status != 404:
        seen.append(article.get_absolute_url())
    return seen


def test_journalist_writes_previews_and_publishes_an_illustrated_article(new_context, two_clusters):
    newsroom = new_context(viewport={"width": 1280, "height": 900})
    page, journalist = log_in(newsroom, groups=["Journalist"])
    reader = new_context()
    category("helsenyheter")

    page.goto("/admin/news/article/add/")
    page.locator("#id_headline").fill(HEADLINE)
    page.locator("#id_lead").fill(LEAD)
    type_in_editor(page, *BODY)
    upload_photo(
        page,
        image={"name": "aksla.jpg", "mimeType": "image/jpeg", "buffer": image_bytes(size=(2400, 1600))},
        caption=CAPTION,
        credit=CREDIT,
        alt_text=ALT,
    )
    page.locator("#id_category").select_option(label="Helsenyheter")
    for cluster in two_clusters:
        autocomplete(page, "clusters", cluster.name.split()[0], cluster.name)
    expect(page.locator("#id_status")).to_have_value("draft")
    save_and_continue(page)

    assert not form_errors(page), form_errors(page)
    article = Article.objects.get(headline=HEADLINE)
    assert article.status == Article.Status.DRAFT
    assert article.slug == "blabaer-og-okt-trening-alesund-forskere-ser-faerre-hjerteinfarkt"
    assert set(article.clusters.all()) == set(two_clusters)
    assert (article.lead_photo.caption, article.lead_photo.credit) == (CAPTION, CREDIT)
    for html in ["<h2>Dette fant forskerne</h2>", "<li><p>Færre hjerteinfarkt</p></li>", "<blockquote>"]:
        assert html in article.body
    assert re.search(r'<a [^>]*href="https://www.fhi.no/"[^>]*>Folkehelseinstituttet</a>', article.body)
    assert where_readers_see(reader, article, two_clusters) == [], "a draft is nowhere public"

    preview_link = page.locator(f'#article_form a[href="{article.get_absolute_url()}"]')
    with newsroom.expect_page() as preview_info:
        preview_link.click()
    preview = preview_info.value
    expect(preview.locator("h1")).to_have_text(HEADLINE)
    expect(preview.locator("main")).to_contain_text("Dette fant forskerne")
    preview.close()

    page.locator("#id_status").select_option("published")
    save_and_continue(page)
    assert not form_errors(page), form_errors(page)
    article.refresh_from_db()
    assert article.is_visible

    assert sorted(where_readers_see(reader, article, two_clusters)) == sorted(
        [
            "/",
            "/nyheter/",
            f"/nyheter/?q={HEADLINE.split()[0]}",
            "/nyheter/rss/",
            "/nyheter/atom/",
            "/sitemap-articles.xml",
            *(cluster.get_absolute_url() for cluster in two_clusters),
            *(f"{cluster.get_absolute_url()}rss/" for cluster in two_clusters),
            article.get_absolute_url(),
        ]
    )
    for cluster in two_clusters:
        feed = feedparser.parse(reader.request.get(f"{cluster.get_absolute_url()}rss/").text())
        assert feed.bozo == 0
        assert any(entry.link.endswith(article.get_absolute_url()) for entry in feed.entries)

    page = reader.new_page()
    page.goto("/")
    assert article.slug in article_slugs(page)
    page.locator(f'main a[href="{article.get_absolute_url()}"]').first.click()
    expect(page.locator("h1")).to_have_text(HEADLINE)
    body = page.locator("main")
    expect(body.locator("h2", has_text="Dette fant forskerne")).to_be_visible()
    expect(body.locator("li", has_text="Bedre søvn")).to_be_visible()
    expect(body.locator("blockquote")).to_contain_text("Vi ble overrasket")
    expect(body.locator('a[href="https://www.fhi.no/"]')).to_have_text("Folkehelseinstituttet")

    figure = body.locator("figure", has=page.locator("img"))
    expect(figure.locator("figcaption")).to_contain_text(CAPTION)
    expect(figure.locator("figcaption")).to_contain_text(f"Foto: {CREDIT}")
    image = figure.locator("img")
    expect(image).to_have_attribute("alt", ALT)
    srcset = image.get_attribute("srcset") or ""
    candidates = [c.split() for c in srcset.split(",") if c.strip()]
    assert len(candidates) >= 2 and all(re.fullmatch(r"\d+w", c[1]) for c in candidates), srcset
    assert image.get_attribute("width") and image.get_attribute("height")
    image.scroll_into_view_if_needed()
    loaded = image.evaluate("img => img.complete && img.naturalWidth > 0 ? img.currentSrc : null")
    assert loaded, "the photo loads"
    original = article.lead_photo.image.url
    assert not loaded.endswith(original), "readers get a rendition, not the uploaded original"
    for url, _width in candidates:
        response = reader.request.get(urljoin(page.url, url))
        assert response.ok and response.headers["content-type"].startswith("image/"), url
