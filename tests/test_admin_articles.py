"""The newsroom's article admin, as a journalist uses it on deadline."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import Article, Category, Correction
from tests.admin_forms import form_data
from tests.builders import (
    category,
    make_announcement,
    make_article,
    make_cluster,
    make_decision,
    make_editor,
    make_journalist,
    make_photo,
    make_tier,
    make_user,
)

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
ADD_URL = reverse("admin:news_article_add")
LIST_URL = reverse("admin:news_article_changelist")


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def journalist(client):
    user = make_journalist(first_name="Kari", last_name="Nordmann")
    client.force_login(user)
    return user


def new_article_data(client, **changes):
    typed = {
        "headline": "Klynger seg for helseteknologi",
        "slug": "klynger-seg-for-helseteknologi",
        "lead": "Næringsminister Monica Mæland presenterte sju nye klynger.",
        "body": "<h2>Viktig satsing</h2><p>Klyngene får <strong>støtte</strong>.</p>",
        "category": category().pk,
    }
    return form_data(client.get(ADD_URL), **(typed | changes))


def test_a_journalist_writes_a_draft_previews_it_and_publishes_it(client, journalist):
    cluster = make_cluster(name="Health Technology")
    response = client.post(ADD_URL, new_article_data(client, clusters=[cluster.pk]))
    article = Article.objects.get()
    assert response.status_code == 302
    assert article.status == Article.Status.DRAFT
    assert list(article.authors.all()) == [journalist], "authors default to the person writing"
    assert article.last_edited_by == journalist

    form = client.get(change_url(article))
    assert f'href="{article.get_absolute_url()}"' in form.content.decode(), "a preview link for the draft"
    preview = client.get(article.get_absolute_url())
    assert preview.status_code == 200 and "no-cache" in preview["Cache-Control"]
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404, "readers do not see a draft"

    client.force_login(journalist)
    client.post(change_url(article), form_data(form, status="published"))
    article.refresh_from_db()
    assert article.is_visible
    assert 'class="viewsitelink"' in client.get(change_url(article)).content.decode()


def test_the_add_form_offers_the_writer_as_author_and_groups_fields_as_a_journalist_works(client, journalist):
    response = client.get(ADD_URL)

    assert response.context["adminform"].form.initial["authors"] == [journalist.pk]
    titles = [fieldset.name for fieldset in response.context["adminform"]]
    assert titles == ["Tekst", "Bilde", "Klassifisering", "Publisering"]
    assert "django-admin-prepopulated-fields-constants" in response.content.decode(), "slug from headline"


def test_publishing_is_refused_with_a_list_of_what_is_missing_and_nothing_typed_is_lost(client, journalist):
    photo = make_photo(alt_text="", credit="")
    data = new_article_data(client, lead="", category="", lead_photo=photo.pk, status="published")
    data["body"] = "<p>Et avsnitt journalisten ikke vil miste.</p>"

    response = client.post(ADD_URL, data)

    assert response.status_code == 200
    assert not Article.objects.exists()
    errors = list(response.context["adminform"].form.non_field_errors())
    assert errors[1:-1] == [
        "Saken mangler ingress.",
        "Saken mangler kategori.",
        "Hovedbildet mangler alternativ tekst.",
        "Hovedbildet mangler kreditering (fotograf / byrå).",
    ]
    assert "Et avsnitt journalisten ikke vil miste." in response.content.decode()


def test_staff_without_the_right_to_publish_save_drafts_but_cannot_publish(client):
    writer = make_user()
    writer.user_permissions.add(*Permission.objects.filter(codename__in=["add_article", "change_article"]))
    client.force_login(writer)

    refused = client.post(ADD_URL, new_article_data(client, status="published"))
    saved = client.post(ADD_URL, new_article_data(client, status="draft"))

    assert "Du har ikke tilgang til å publisere." in refused.context["adminform"].form.non_field_errors()
    assert saved.status_code == 302 and Article.objects.get().status == Article.Status.DRAFT


def test_a_web_address_typed_without_a_scheme_is_https(client, journalist):
    client.post(ADD_URL, new_article_data(client, source_url="www.innovasjonnorge.no"))

    assert Article.objects.get().source_url == "https://www.innovasjonnorge.no"


def test_the_same_article_saves_as_a_draft(client, journalist):
    data = new_article_data(client, lead="", category="", status="draft")

    response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Article.objects.get().status == Article.Status.DRAFT


def test_publishing_without_a_cluster_is_allowed_with_a_warning(client, journalist):
    response = client.post(ADD_URL, new_article_data(client, status="published"))

    assert Article.objects.get().status == Article.Status.PUBLISHED
    assert any("ikke knyttet til noen klynge" in m for m in messages_of(response))


@time_machine.travel(datetime(2026, 11, 26, 12, 0, tzinfo=OSLO), tick=False)
def test_the_list_says_scheduled_when_the_publish_time_is_ahead(client, journalist):
    make_article(headline="Ute nå", publish_at=timezone.now() - timedelta(hours=1))
    make_article(headline="Ute i morgen", publish_at=timezone.now() + timedelta(days=1))
    make_article(headline="Kladd", status=Article.Status.DRAFT)

    response = client.get(LIST_URL)

    rows = {a.headline: a.status_label for a in response.context["cl"].result_list}
    assert rows == {"Ute nå": "publisert", "Ute i morgen": "planlagt", "Kladd": "utkast"}
    scheduled = client.get(LIST_URL, {"status": "scheduled"}).context["cl"].result_list
    assert [a.headline for a in scheduled] == ["Ute i morgen"]


def test_the_list_filters_by_current_tier_and_parent_category(client, journalist):
    arena, nce = make_tier(short_name="Arena"), make_tier(short_name="NCE")
    advanced = make_cluster(tier=arena)
    make_decision(
        cluster=advanced, tier=nce, announcement=make_announcement(date=datetime(2016, 6, 1).date())
    )
    make_article(headline="Om klyngen", clusters=[advanced])
    make_article(headline="Om trening", category=category("trening"))
    barn = Category.objects.create(name="Barn", slug="barn", parent=category("kosthold"))
    make_article(headline="Matpakka", category=barn)

    def headlines(**params):
        return {a.headline for a in client.get(LIST_URL, params).context["cl"].result_list}

    assert headlines(programniva=nce.slug) == {"Om klyngen"}
    assert headlines(programniva=arena.slug) == set()
    assert headlines(kategori="helseblogg") == {"Om trening", "Matpakka"}
    assert headlines(kategori="kosthold") == {"Matpakka"}
    assert headlines(q="klyngen") == {"Om klyngen"}


def test_bulk_publish_passes_the_same_gate_and_bulk_unpublish_makes_drafts(client, journalist):
    ready = make_article(headline="Klar", status=Article.Status.DRAFT)
    unready = make_article(headline="Uten ingress", lead="", status=Article.Status.DRAFT)

    response = client.post(
        LIST_URL, {"action": "publish", "_selected_action": [ready.pk, unready.pk]}, follow=True
    )

    ready.refresh_from_db(), unready.refresh_from_db()
    assert ready.is_visible and ready.version == 2 and ready.last_edited_by == journalist
    assert unready.status == Article.Status.DRAFT
    assert any("«Uten ingress»: Saken mangler ingress." in m for m in messages_of(response))

    client.post(LIST_URL, {"action": "unpublish", "_selected_action": [ready.pk]})
    ready.refresh_from_db()
    assert ready.status == Article.Status.DRAFT


def test_an_editor_appends_a_dated_correction_and_the_article_is_modified_later(client):
    editor = make_editor()
    client.force_login(editor)
    with time_machine.travel(datetime(2026, 11, 1, 9, 0, tzinfo=OSLO), tick=False):
        article = make_article()
    form = client.get(change_url(article))

    with time_machine.travel(datetime(2026, 11, 26, 14, 30, tzinfo=OSLO), tick=False):
        data = form_data(
            form, **{"corrections-TOTAL_FORMS": "1", "corrections-0-text": "Rettelse: 175 medlemmer."}
        )
        client.post(change_url(article), data)

    correction = Correction.objects.get()
    assert correction.author == editor
    assert correction.created == datetime(2026, 11, 26, 14, 30, tzinfo=OSLO)
    assert Article.objects.get().modified == correction.created


def test_a_published_article_keeps_its_slug(client, journalist):
    article = make_article(slug="delt-lenke")

    response = client.get(change_url(article))
    client.post(change_url(article), form_data(response, headline="Ny tittel", slug="ny-adresse"))

    article.refresh_from_db()
    assert (article.headline, article.slug) == ("Ny tittel", "delt-lenke")


def test_the_change_form_runs_the_editor_under_the_csp_with_a_nonce(client, journalist):
    response = client.get(change_url(make_article()))

    nonce = response.context["request"].csp_nonce
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert f'<script type="importmap" nonce="{nonce}">' in response.content.decode()
    assert "django_prose_editor/editor.js" in response.content.decode()


def test_the_changelist_needs_the_same_number_of_queries_for_5_and_50_articles(client, journalist):
    clusters = [make_cluster(), make_cluster()]

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST_URL)
        assert response.status_code == 200
        return len(queries), len(response.context["cl"].result_list)

    for _ in range(5):
        make_article(clusters=clusters, authors=[journalist], lead_photo=make_photo())
    five = count_queries()
    for _ in range(45):
        make_article(clusters=clusters, authors=[journalist])
    fifty = count_queries()

    assert (five[1], fifty[1]) == (5, 50)
    assert five[0] == fifty[0]
