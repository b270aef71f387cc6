"""The newsroom's editor runs under the site's Content-Security-Policy without a violation."""

import pytest
from playwright.sync_api import expect

from tests.builders import make_article

from .pages import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_article_form_and_its_editor_break_no_csp_rule(new_context):
    page, _ = log_in(new_context(viewport={"width": 1280, "height": 900}), groups=["Journalist"])
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    article = make_article()

    for url in [
        "/admin/news/article/add/",
        f"/admin/news/article/{article.pk}/change/",
        "/admin/news/photo/add/",
    ]:
        page.goto(url)
        if "article" in url:
            expect(page.locator(".ProseMirror[contenteditable=true]")).to_be_visible()

    assert violations == [], "\n".join(violations)
