"""Two editors at once: the second save, from a form opened before the first save, is refused."""

import pytest
from playwright.sync_api import expect

from tests.builders import make_article

from .pages import editor, form_errors, log_in, save_and_continue

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_second_save_is_refused_with_who_saved_and_its_text_stays_on_screen(new_context):
    article = make_article(headline="Legevakta i Bodø får nye lokaler", lead="Første versjon av ingressen.")
    first, kari = log_in(new_context(), groups=["Journalist"], first_name="Kari", last_name="Nordmann")
    second, _ = log_in(new_context(), groups=["Journalist"], first_name="Ola", last_name="Hansen")
    change = f"/admin/news/article/{article.pk}/change/"
    first.goto(change)
    second.goto(change)

    first.locator("#id_lead").fill("Karis ingress: lokalene åpner i mars.")
    save_and_continue(first)
    assert not form_errors(first), form_errors(first)

    second.locator("#id_lead").fill("Olas ingress: lokalene åpner i april.")
    editor(second).click()
    second.keyboard.press("Control+End")
    second.keyboard.press("Enter")
    second.keyboard.type("Olas nye avsnitt om parkering.")
    save_and_continue(second)

    errors = form_errors(second)
    assert "Kari Nordmann" in errors, f"the refusal says who saved in between: {errors!r}"
    expect(second.locator("#id_lead")).to_have_value("Olas ingress: lokalene åpner i april.")
    expect(editor(second)).to_contain_text("Olas nye avsnitt om parkering.")
    article.refresh_from_db()
    assert article.lead == "Karis ingress: lokalene åpner i mars."
    assert "parkering" not in article.body
    assert article.last_edited_by == kari
