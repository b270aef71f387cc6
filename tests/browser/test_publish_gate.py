"""The publish gate: a photo without credit stops publishing, says exactly that, and loses nothing."""

import pytest
from playwright.sync_api import expect

from news.models import Article
from tests.builders import category, make_cluster, make_photo

from .pages import autocomplete, editor, form_errors, log_in, pick_photo, save_and_continue, type_in_editor

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "Søvnforskere på Hamar: kveldslys gir dårligere hvile"
LEAD = "Skjermlys etter klokka ti gir kortere dyp søvn, viser en ny studie fra Innlandet."


def test_publishing_with_an_uncredited_photo_is_refused_with_what_is_missing_and_nothing_lost(new_context):
    photo = make_photo(caption="Forsøkspersoner i søvnlaboratoriet på Hamar.", credit="")
    cluster = make_cluster(name="Innlandet Helse")
    category("helsenyheter")
    page, _ = log_in(new_context(viewport={"width": 1280, "height": 900}), groups=["Journalist"])

    page.goto("/admin/news/article/add/")
    page.locator("#id_headline").fill(HEADLINE)
    page.locator("#id_lead").fill(LEAD)
    type_in_editor(page, "Deltakerne sov i laboratoriet i fire uker.", ("h2", "Blått lys om kvelden"))
    pick_photo(page, "søvnlaboratoriet", "Forsøkspersoner i søvnlaboratoriet")
    page.locator("#id_category").select_option(label="Helsenyheter")
    autocomplete(page, "clusters", "Innlandet", cluster.name)
    page.locator("#id_status").select_option("published")
    save_and_continue(page)

    errors = form_errors(page)
    assert "kreditering" in errors.lower(), f"the journalist is told the credit is missing: {errors!r}"
    for not_missing in ["ingress", "kategori", "alternativ tekst"]:
        assert not_missing not in errors.lower(), f"only what is missing is listed: {errors!r}"
    assert not Article.objects.filter(headline=HEADLINE).exists()

    expect(page.locator("#id_headline")).to_have_value(HEADLINE)
    expect(page.locator("#id_lead")).to_have_value(LEAD)
    expect(editor(page).locator("p", has_text="Deltakerne sov i laboratoriet")).to_be_visible()
    expect(editor(page).locator("h2")).to_have_text("Blått lys om kvelden")
    expect(page.locator("#id_lead_photo")).to_have_value(str(photo.pk))
    expect(page.locator("#id_clusters option:checked")).to_have_text(cluster.name)
    expect(page.locator("#id_status")).to_have_value("published")
