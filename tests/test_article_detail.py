"""/nyheter/<slug>/: one article as readers, sharers and search engines see it; staff preview."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import extruct
import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from pytest_django.asserts import assertContains

from clusters.models import Decision
from news.models import Article, Correction
from tests.builders import (
    category,
    count_queries,
    make_announcement,
    make_article,
    make_cluster,
    make_decision,
    make_label,
    make_photo,
    make_tier,
    make_user,
)

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
CAPTION = "Fra venstre: Ole Johan Borge i Innovasjon Norge, Kathrine Myhre og Olav Åsgård fra klyngen."
CREDIT = "Terje Borud / Innovasjon Norge"
GRANTED = date(2010, 1, 1)


@pytest.fixture
def article():
    nce = make_tier(slug="nce", short_name="NCE", name="Norwegian Centres of Expertise")
    health = make_cluster(
        slug="health-technology", name="Health Technology", former_names="Oslo Medtech", tier=nce
    )
    author = make_user(first_name="Kari", last_name="Nordmann")
    return make_article(
        headline="Klynger seg for helseteknologi",
        lead="Health Technology blir NCE-klynge.",
        body="<h2>Mellomtittel</h2><p>Brødtekst <strong>med</strong> innhold.</p>",
        publish_at=datetime(2026, 11, 26, 9, 30, tzinfo=OSLO),
        clusters=[health],
        authors=[author],
        byline="NTB",
        lead_photo=make_photo(caption=CAPTION, credit=CREDIT, alt_text="Tre personer foran en vegg."),
        announcement=make_announcement(title="Nye klynger 2014", slug="nye-klynger-2014"),
    )


def metadata(response):
    return extruct.extract(
        response.content.decode(),
        base_url="http://testserver" + response.request["PATH_INFO"],
        syntaxes=["json-ld", "opengraph"],
        uniform=True,
    )


def test_headline_lead_byline_norwegian_date_and_body(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assertContains(response, "<h1>Klynger seg for helseteknologi</h1>", html=True)
    assertContains(response, '<p class="lead">Health Technology blir NCE-klynge.</p>', html=True)
    assertContains(response, '<time datetime="2026-11-26T09:30:00+01:00">26. november 2026</time>', html=True)
    assert "Av Kari Nordmann, NTB" in response.content.decode()
    assertContains(response, "<h2>Mellomtittel</h2><p>Brødtekst <strong>med</strong> innhold.</p>", html=True)


def test_the_lead_photo_is_a_responsive_figure_with_caption_and_credit(client, article):
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    photo = article.lead_photo
    assertContains(
        response, f'<figcaption>{CAPTION} <span class="credit">Foto: {CREDIT}</span></figcaption>', html=True
    )
    figure = html[html.index('<figure class="lead-photo">') : html.index("</figure>")]
    assert f'srcset="{photo.jpeg_srcset}"' in figure
    assert f'<source type="image/webp" srcset="{photo.webp_srcset}"' in figure
    assert f'width="{photo.width}" height="{photo.height}"' in figure
    assert 'sizes="' in figure
    assert 'alt="Tre personer foran en vegg."' in figure


def test_clusters_link_with_their_current_tier_and_the_announcement(client, article):
    response = client.get(article.get_absolute_url())
    assertContains(
        response,
        '<li><a href="/klynger/health-technology/">Health Technology</a> – '
        '<a href="/program/nce/">Norwegian Centres of Expertise (NCE)</a></li>',
        html=True,
    )
    assert '<a href="/kunngjoringer/nye-klynger-2014/">Nye klynger 2014</a>' in response.content.decode()


def test_related_articles_and_corrections_at_the_end(client, article):
    related = make_article(headline="Mer om helseteknologi", clusters=article.clusters.all())
    Correction.objects.create(article=article, text="Navnet på lederen var feilstavet.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index("Rettelser") < html.index("Relaterte saker")
    assert "Navnet på lederen var feilstavet." in html
    assert f'<a href="{related.get_absolute_url()}">Mer om helseteknologi</a>' in html


def test_a_correction_shows_at_once_on_a_page_read_before_without_one(client, article):
    assert "Rettelser" not in client.get(article.get_absolute_url()).content.decode()
    Correction.objects.create(article=article, text="Tallet var feil.")
    assertContains(client.get(article.get_absolute_url()), "Tallet var feil.")


def test_related_articles_published_at_the_same_second_come_in_a_fixed_order(article):
    # Publish times entered in the admin have whole seconds, so ties are common. Which of them the
    # database returns first is up to its plan and the rows' physical order, so a restored copy of the
    # database could show other related articles: the order must end on the primary key.
    same_second = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    tied = [make_article(clusters=article.clusters.all(), publish_at=same_second) for _ in range(5)]
    newest_first = sorted(tied, key=lambda other: other.pk, reverse=True)[:4]
    assert article.related() == newest_first


def test_related_articles_are_the_newest_sharing_any_cluster_each_once_or_else_the_category():
    health, subsea = make_cluster(), make_cluster()
    now = timezone.now()
    article = make_article(clusters=[health, subsea], publish_at=now - timedelta(days=1))
    both = make_article(clusters=[health, subsea], publish_at=now - timedelta(hours=1))
    health_only = [make_article(clusters=[health], publish_at=now - timedelta(hours=h)) for h in (2, 5)]
    subsea_only = make_article(clusters=[subsea], publish_at=now - timedelta(hours=3))
    make_article(clusters=[health], publish_at=now + timedelta(hours=1))  # scheduled
    make_article(clusters=[health], publish_at=now - timedelta(hours=4), status=Article.Status.DRAFT)
    make_article(clusters=[make_cluster()], publish_at=now)  # another cluster
    expected = [both, health_only[0], subsea_only, health_only[1]]
    assert article.related() == expected

    uncategorised = make_article(category=None)
    assert uncategorised.related() == []
    in_a_category = make_article(category=category("helseblogg"))
    older = make_article(category=category("helseblogg"), publish_at=now - timedelta(days=3))
    assert in_a_category.related() == [older]


def test_related_articles_cost_one_query_for_their_rows(article, django_assert_num_queries):
    newer = [timezone.now() - timedelta(minutes=m) for m in (1, 2, 3)]
    others = [make_article(clusters=article.clusters.all(), publish_at=at) for at in newer]
    article.related()  # the archive index built
    reader_of_another = Article.objects.prefetch_related("clusters").get(pk=others[0].pk)
    with django_assert_num_queries(1):
        assert reader_of_another.related() == [*others[1:], article]


def test_related_rows_shown_once_are_not_read_again_in_the_generation(article, django_assert_num_queries):
    """The related articles of most articles are the same few newest of a cluster: their rows are kept
    for the generation, and a headline edited since is shown at once (a save starts a new one)."""
    newer = [timezone.now() - timedelta(minutes=m) for m in (1, 2, 3, 4)]
    others = [make_article(clusters=article.clusters.all(), publish_at=at) for at in newer]
    first, oldest = (
        Article.objects.prefetch_related("clusters").get(pk=a.pk) for a in (others[0], others[3])
    )
    assert article.related(limit=3) == others[:3]  # the index built, the three newest rows read
    with django_assert_num_queries(0):
        assert oldest.related(limit=3) == others[:3]
    with django_assert_num_queries(1):  # the one row not met yet
        assert first.related(limit=3) == others[1:4]

    others[1].headline = "Endret tittel"
    others[1].save()
    assert [row.headline for row in oldest.related(limit=3)] == [
        others[0].headline,
        "Endret tittel",
        others[2].headline,
    ]


def test_a_cluster_whose_news_is_old_has_its_related_articles_too():
    """A cluster with no news in years: its articles come from the index, not a walk of the archive."""
    old, busy = make_cluster(), make_cluster()
    now = timezone.now()
    aged = [make_article(clusters=[old], publish_at=now - timedelta(days=3000 + d)) for d in range(3)]
    for h in range(30):
        make_article(clusters=[busy], publish_at=now - timedelta(hours=h + 1))
    assert aged[0].related() == aged[1:]


def test_the_related_list_shows_a_new_article_at_once(client, article):
    client.get(article.get_absolute_url())  # the cluster's newest articles now kept
    newer = make_article(headline="Nyere om helseteknologi", clusters=article.clusters.all())
    assert f'<a href="{newer.get_absolute_url()}">' in client.get(article.get_absolute_url()).content.decode()


def test_share_links_are_plain_links(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    url = "http%3A%2F%2F127.0.0.1%3A8000%2Fnyheter%2Fklynger-seg-for-helseteknologi%2F"
    assert f'href="mailto:?subject=Klynger%20seg%20for%20helseteknologi&amp;body={url}"' in html
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={url}"' in html
    assert f'href="https://www.linkedin.com/sharing/share-offsite/?url={url}"' in html
    assert f'href="https://x.com/intent/post?url={url}' in html
    assert "<script src" not in html


def test_a_press_release_is_labelled(client):
    release = make_article(category=category("pressemeldinger"))
    assertContains(client.get(release.get_absolute_url()), '<p class="label">Pressemelding</p>', html=True)


def test_open_graph_and_twitter_card(client, article):
    response = client.get(article.get_absolute_url())
    og = metadata(response)["opengraph"][0]
    assert og["@type"] == "article"
    assert og["og:title"] == "Klynger seg for helseteknologi"
    assert og["og:description"] == "Health Technology blir NCE-klynge."
    assert og["og:url"].endswith("/nyheter/klynger-seg-for-helseteknologi/")
    assert og["og:image"].endswith(article.lead_photo.fallback_url)
    assert "/renditions/" in og["og:image"]
    assert og["article:published_time"] == "2026-11-26T09:30:00+01:00"
    assert '<meta name="twitter:card" content="summary_large_image">' in response.content.decode()
    assert (
        '<meta name="description" content="Health Technology blir NCE-klynge.">' in response.content.decode()
    )


def test_news_article_json_ld(client, article):
    Correction.objects.create(article=article, text="Rettet et navn.")
    response = client.get(article.get_absolute_url())
    (data,) = metadata(response)["json-ld"]
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Klynger seg for helseteknologi"
    assert data["datePublished"] == "2026-11-26T08:30:00+00:00"
    assert data["dateModified"] >= data["datePublished"]
    assert data["author"] == [
        {"@type": "Person", "name": "Kari Nordmann"},
        {"@type": "Organization", "name": "NTB"},
    ]
    assert data["publisher"]["name"] == "Helseinfo"
    assert data["image"]["@type"] == "ImageObject"
    assert data["image"]["creditText"] == CREDIT
    assert data["image"]["creator"] == [
        {"@type": "Person", "name": "Terje Borud"},
        {"@type": "Organization", "name": "Innovasjon Norge"},
    ]
    assert data["about"] == [
        {
            "@type": "Organization",
            "name": "Health Technology",
            "url": "http://127.0.0.1:8000/klynger/health-technology/",
            "alternateName": ["Oslo Medtech"],
        }
    ]
    assert data["correction"][0]["text"] == "Rettet et navn."


def test_json_ld_cannot_be_broken_out_of(client):
    hostile = make_article(headline="</script><script>alert(1)</script>", lead="a & b < c")
    html = client.get(hostile.get_absolute_url()).content.decode()
    json_ld = html[html.index('<script type="application/ld+json">') :]
    json_ld = json_ld[: json_ld.index("</script>")]
    assert "<script>alert" not in json_ld
    assert "\\u003C/script\\u003E" in json_ld


@pytest.mark.parametrize(
    "state",
    [{"status": Article.Status.DRAFT}, {"publish_at": timezone.now() + timedelta(days=1)}],
    ids=["draft", "scheduled"],
)
def test_readers_get_404_for_drafts_and_scheduled_articles(client, state):
    hidden = make_article(**state)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    client.force_login(make_user())  # staff, but may not change articles
    assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "state",
    [{"status": Article.Status.DRAFT}, {"publish_at": timezone.now() + timedelta(days=1)}],
    ids=["draft", "scheduled"],
)
def test_staff_who_may_change_articles_preview_them_uncached(client, state):
    hidden = make_article(headline="Ikke publisert ennå", **state)
    editor = make_user()
    editor.user_permissions.add(Permission.objects.get(codename="change_article"))
    client.force_login(editor)
    response = client.get(hidden.get_absolute_url())
    assert response.status_code == 200
    assert "Forhåndsvisning" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "Last-Modified" not in response


def test_a_published_article_is_cacheable_without_cookies_and_answers_304(client, article):
    response = client.get(article.get_absolute_url())
    assert "max-age=300" in response["Cache-Control"]
    assert response.cookies == {}
    url = article.get_absolute_url()
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_a_correction_makes_the_article_modified_again(client, article):
    etag = client.get(article.get_absolute_url())["ETag"]
    Correction.objects.create(article=article, text="Rettet.")
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_an_unknown_slug_is_404(client):
    assert client.get("/nyheter/finnes-ikke/").status_code == 404


def test_the_page_makes_as_many_queries_for_a_rich_article_as_for_a_bare_one(client, article):
    """Authors, corrections, clusters with tiers and labels, a photo, an announcement, related articles:
    each read in one query whatever their number, the register kept for the generation. Corrections
    are read only for an article that has any (the articles with corrections are kept too)."""
    bare = make_article()
    nce = article.clusters.get().decisions.get().tier
    clusters = [make_cluster(tier=nce) for _ in range(4)]
    label = make_label()
    for cluster in clusters:
        make_decision(cluster=cluster, kind=Decision.Kind.LABEL_GRANTED, label=label, effective_on=GRANTED)
    article.clusters.add(*clusters)
    article.authors.add(*(make_user() for _ in range(3)))
    for n in range(4):
        Correction.objects.create(article=article, text=f"Rettelse {n}.")
    for _ in range(6):
        make_article(clusters=clusters[:2], lead_photo=make_photo())
    client.get(make_article(category=None).get_absolute_url())  # the register kept, no related list
    corrections = 1
    assert (
        count_queries(client, article.get_absolute_url())
        == count_queries(client, bare.get_absolute_url()) + corrections
    )
