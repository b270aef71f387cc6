"""The newsroom's start page (/admin/): my drafts, what is scheduled, what was just published, what the
publish gate stops, and photos lacking credit or alternative text, above the usual app list."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from news.admin_desk import LIST_LENGTH
from news.models import Article
from tests.builders import (
    count_queries,
    logged_in,
    make_article,
    make_editor,
    make_journalist,
    make_photo,
    make_user,
)

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
DRAFT = Article.Status.DRAFT


def change_link(article):
    return reverse("admin:news_article_change", args=[article.pk])


def section(response, heading_id):
    """The HTML of one desk section, from its heading to the end of the section."""
    html = response.content.decode()
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_my_drafts_lists_the_drafts_i_sign_or_last_saved_and_not_colleagues(client):
    me, colleague = make_journalist(), make_journalist()
    signed = make_article(headline="Utkast jeg signerer", status=DRAFT, authors=[me])
    saved = make_article(headline="Utkast jeg lagret sist", status=DRAFT, last_edited_by=me)
    make_article(headline="Kollegaens utkast", status=DRAFT, authors=[colleague])
    make_article(headline="Min publiserte sak", authors=[me])

    drafts = section(logged_in(me).get(INDEX), "desk-drafts")

    assert f'href="{change_link(signed)}"' in drafts and f'href="{change_link(saved)}"' in drafts
    assert "Kollegaens utkast" not in drafts and "Min publiserte sak" not in drafts


def test_scheduled_articles_are_listed_with_their_time_first_first():
    later = make_article(headline="Går ut i morgen", publish_at=timezone.now() + timedelta(days=1))
    sooner = make_article(headline="Går ut om en time", publish_at=timezone.now() + timedelta(hours=1))
    make_article(headline="Allerede ute")

    scheduled = section(logged_in(make_journalist()).get(INDEX), "desk-scheduled")

    assert scheduled.index("Går ut om en time") < scheduled.index("Går ut i morgen")
    assert "Allerede ute" not in scheduled
    local = timezone.localtime(sooner.publish_at).replace(microsecond=0)
    assert f'<time datetime="{local.isoformat()}">{local:%d.%m.%Y} kl. {local:%H.%M}</time>' in scheduled
    assert f'href="{change_link(later)}"' in scheduled


def test_recently_published_lists_the_newest_visible_articles_and_no_draft_or_scheduled():
    old = make_article(headline="Gammel sak", publish_at=timezone.now() - timedelta(days=30))
    new = make_article(headline="Fersk sak", publish_at=timezone.now() - timedelta(minutes=5))
    make_article(headline="Planlagt sak", publish_at=timezone.now() + timedelta(hours=1))
    make_article(headline="Et utkast", status=DRAFT)

    published = section(logged_in(make_journalist()).get(INDEX), "desk-published")

    assert published.index(new.headline) < published.index(old.headline)
    assert "Planlagt sak" not in published and "Et utkast" not in published


def test_articles_the_publish_gate_would_stop_are_listed_with_the_reasons():
    no_lead = make_article(headline="Uten ingress", status=DRAFT, lead="   ")
    no_category = make_article(
        headline="Planlagt uten kategori", category=None, publish_at=timezone.now() + timedelta(hours=2)
    )
    uncredited = make_article(
        headline="Bilde uten kreditering", status=DRAFT, lead_photo=make_photo(credit="")
    )
    make_article(headline="Klar til publisering", status=DRAFT)
    make_article(headline="Publisert uten ingress", lead="")  # readers see it already: not stopped

    stopped = section(logged_in(make_journalist()).get(INDEX), "desk-stopped")

    for article in (no_lead, no_category, uncredited):
        assert f'href="{change_link(article)}"' in stopped
    assert "Saken mangler ingress." in stopped and "Saken mangler kategori." in stopped
    assert "Hovedbildet mangler kreditering (fotograf / byrå)." in stopped
    assert "Klar til publisering" not in stopped and "Publisert uten ingress" not in stopped


def test_photos_lacking_credit_or_alt_text_are_listed_with_a_link_to_all_of_them():
    no_credit = make_photo(caption="Uten kreditering", credit=" ")
    no_alt = make_photo(caption="Uten alternativ tekst", alt_text="")
    make_photo(caption="Fullstendig bilde")

    photos = section(logged_in(make_journalist()).get(INDEX), "desk-photos")

    for photo, lacking in ((no_credit, "Mangler kreditering."), (no_alt, "Mangler alternativ tekst.")):
        assert f'href="{reverse("admin:news_photo_change", args=[photo.pk])}"' in photos
        assert lacking in photos
    assert "Fullstendig bilde" not in photos
    assert f'href="{reverse("admin:news_photo_changelist")}?mangler=tekst">Se alle 2 i bildearkivet' in photos


def test_each_list_is_bounded():
    me = make_journalist()
    for n in range(LIST_LENGTH + 3):
        make_article(headline=f"Utkast {n}", status=DRAFT, authors=[me])

    drafts = section(logged_in(me).get(INDEX), "desk-drafts")

    assert drafts.count("<li>") == LIST_LENGTH


def test_empty_lists_say_so_in_norwegian():
    response = logged_in(make_journalist()).get(INDEX)

    assertContains(response, "<p>Du har ingen utkast.</p>", html=True)
    assertContains(response, "<p>Ingen saker er planlagt.</p>", html=True)
    assertContains(response, "<p>Alle bilder har kreditering og alternativ tekst.</p>", html=True)


def test_the_usual_app_list_is_still_below_the_desk():
    response = logged_in(make_editor()).get(INDEX)

    html = response.content.decode()
    assert html.index('id="desk"') < html.index('id="content-main"')
    assertContains(response, f'href="{reverse("admin:news_article_changelist")}"')
    assertContains(response, f'href="{reverse("admin:clusters_cluster_changelist")}"')


def test_a_staff_user_in_no_group_sees_no_desk_and_nothing_of_the_articles():
    make_article(headline="Hemmelig utkast", status=DRAFT)
    make_photo(credit="")

    response = logged_in(make_user()).get(INDEX)

    assertNotContains(response, 'id="desk"')
    assertNotContains(response, "Hemmelig utkast")


def test_anonymous_visitors_are_sent_to_the_login(client):
    assert client.get(INDEX)["Location"].startswith(reverse("admin:login"))


def test_the_start_page_takes_the_same_number_of_queries_whatever_the_amount_of_news():
    me = make_journalist()
    client = logged_in(me)

    def add_news():
        photo = make_photo(credit="")
        make_article(status=DRAFT, authors=[me], lead="", lead_photo=photo)
        make_article(publish_at=timezone.now() + timedelta(hours=1), category=None)
        make_article(lead_photo=photo)

    add_news()
    few = count_queries(client, INDEX)
    for _ in range(4):
        add_news()
    assert count_queries(client, INDEX) == few
