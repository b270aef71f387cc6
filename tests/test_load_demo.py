"""`load_demo` loads the source article and its register, exactly, and a second run changes nothing."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from clusters.models import Announcement, Cluster, Decision, Region, Tier
from news import demo
from news.models import Article, Photo
from tests.builders import category, media_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _local_setup(settings):
    """load_demo runs on a local setup only: debug on (the test database is local), migrated (the
    demo's category is the data migration's, which a transactional test before this one empties)."""
    settings.DEBUG = True
    category(demo.ARTICLE["category"])


MODELS = [Tier, Region, Cluster, Announcement, Decision, Article, Photo]

CAPTION = (
    "Fra venstre: Ole Johan Borge i Innovasjon Norge, Kathrine Myhre, leder NCE Health Technology "
    "og Olav Åsgård fra klyngen."
)


def load_demo(verbosity=0):
    out = io.StringIO()
    call_command("load_demo", verbosity=verbosity, stdout=out)
    return out.getvalue()


def snapshot():
    return {model.__name__: sorted(model.objects.values_list()) for model in MODELS} | {
        "article clusters": sorted(Article.clusters.through.objects.values_list("article", "cluster"))
    }


@pytest.fixture
def article():
    load_demo()
    return Article.objects.select_related("lead_photo", "category", "announcement").get(
        slug="klynger-seg-for-helseteknologi"
    )


def test_running_it_twice_gives_the_same_rows_and_writes_no_file_again(article, settings):
    rows, files = snapshot(), media_files(settings)

    load_demo()

    assert snapshot() == rows
    assert media_files(settings) == files
    assert files, "the first run stored the placeholder photo and its renditions"


def test_a_second_run_saves_nothing_and_says_so():
    load_demo()

    assert "26 uendret" in load_demo(verbosity=1)
    assert load_demo(verbosity=0) == ""


def test_the_seven_clusters_are_in_the_regions_and_tiers_the_source_gives():
    load_demo()

    clusters = Cluster.objects.with_current_tier().prefetch_related("regions")
    tier_slugs = dict(Tier.objects.values_list("pk", "slug"))
    assert {(c.slug, c.regions.get().slug, tier_slugs[c.current_tier_id]) for c in clusters} == {
        ("gce-subsea", "bergen", "gce"),
        ("health-technology", "oslo", "nce"),
        ("seafood-innovation-cluster", "vestlandet", "nce"),
        ("nce-eyde", "agder-fylkene", "nce"),
        ("arena-innovasjon-torskefisk", "lofoten-og-vesteralen", "arena"),
        ("arena-olje-og-gassklynge-helgeland", "mo-i-rana", "arena"),
        ("oslo-ed-tech-cluster", "oslo", "arena"),
    }


def test_the_tiers_carry_the_source_descriptions():
    load_demo()

    assert dict(Tier.objects.values_list("slug", "description")) == {
        "gce": "program for godt etablerte klynger som er verdensledende innen sine områder",
        "nce": "program for etablerte klynger med en nasjonalt ledende posisjon",
        "arena": "program for klynger i tidlig fase",
    }


def test_health_technology_keeps_its_former_name_members_and_leader():
    load_demo()

    cluster = Cluster.objects.get(slug="health-technology")
    assert cluster.former_names_list == ["Oslo Medtech"]
    assert (cluster.members, cluster.leader) == (175, "Kathrine Myhre")


def test_the_announcement_has_seven_admissions_and_the_programme_figures():
    load_demo()

    announcement = Announcement.objects.get(slug="nye-klynger-2014")
    assert (announcement.date.year, announcement.date.month) == (2014, 6)
    assert "ikke fra kilden" in announcement.date_note
    assert "Monica Mæland" in announcement.announced_by and "Jan Tore Sanner" in announcement.announced_by
    assert (announcement.budget_nok, announcement.budget_year, announcement.active_projects) == (
        137_000_000,
        2015,
        39,
    )
    assert "Forskningsrådet, Siva og Innovasjon Norge" in announcement.summary
    assert [d.kind for d in announcement.decisions.all()] == [Decision.Kind.ADMITTED] * 7


def test_the_article_is_published_on_the_announcement_date_and_linked_to_everything(article):
    assert article.headline == "Klynger seg for helseteknologi"
    assert article.lead.startswith("Næringsminister Monica Mæland og kommunal- og moderniseringsminister")
    assert article.category.slug == "helsenyheter"
    assert article.is_visible
    assert timezone.localdate(article.publish_at) == article.announcement.date
    assert article.announcement.slug == "nye-klynger-2014"
    assert article.clusters.count() == 7


def test_the_body_keeps_subheadings_and_dash_quotes_and_drops_the_page_chrome(article):
    body = article.body

    for heading in ["Klynger for helseteknologi", "Viktig satsing", "Her er de nye næringsklyngene:"]:
        assert f"<h2>{heading}</h2>" in body
    assert body.count("<blockquote><p>– ") == 3
    assert "helseteknologinæringen, sier Kathrine Myhre.</p></blockquote>" in body
    assert "I dag er omlag 175 aktører med i klyngen." in body
    for junk in ["BILDETEKST", "SHARE", "Klynger og samarbeid gir effekt", "informasjonskanal", "289", "•"]:
        assert junk not in body


def test_the_photo_is_a_placeholder_with_the_source_caption_and_credit_verbatim(article):
    photo = article.lead_photo

    assert photo.caption == CAPTION
    assert photo.credit == "Terje Borud / Innovasjon Norge"
    assert "Plassholderbilde" in photo.alt_text
    assert (photo.width, photo.height) == (1600, 900)
    assert photo.renditions, "saved through the Photo model, so its renditions are made"
    assert article.caption == CAPTION


def test_a_lost_photo_file_is_made_again_on_the_same_photo(article):
    photo = article.lead_photo
    photo.image.storage.delete(photo.image.name)

    load_demo()

    article.refresh_from_db()
    photo.refresh_from_db()
    assert article.lead_photo == photo
    assert photo.image.storage.exists(photo.image.name)


def test_nothing_else_is_presented_as_news():
    load_demo()

    assert list(Article.objects.values_list("slug", flat=True)) == ["klynger-seg-for-helseteknologi"]
    assert Announcement.objects.get().date == date(2014, 6, 20)
