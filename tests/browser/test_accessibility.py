"""axe-core on the reader's pages and the newsroom's article form: WCAG 2.0/2.1 A and AA, best practices."""

import pytest

from .conftest import DEMO_ARTICLE, DESKTOP, PHONE
from .pages import axe_violations, describe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = {
    "front page": ("/", 200),
    "news list": ("/nyheter/", 200),
    "filtered news list": ("/nyheter/?program=nce&klynge=health-technology&klynge=nce-eyde", 200),
    "article": (f"/nyheter/{DEMO_ARTICLE}/", 200),
    "cluster": ("/klynger/health-technology/", 200),
    "tier": ("/program/nce/", 200),
    "announcement": ("/kunngjoringer/nye-klynger-2014/", 200),
    "open data (API)": ("/api/v1/", 200),
    "404 page": ("/nyheter/finnes-ikke/", 404),
}


def report(found):
    return "axe found violations:\n" + "\n".join(
        f"{where}:\n{describe_violations(violations)}" for where, violations in found.items()
    )


@pytest.mark.parametrize(("screen", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_public_pages_have_no_accessibility_violations(new_context, reader_news, axe_js, screen, viewport):
    page = new_context(viewport=viewport, is_mobile=viewport is PHONE).new_page()
    page.add_init_script(path=axe_js)
    found = {}
    for name, (url, status) in PUBLIC_PAGES.items():
        assert page.goto(url).status == status, url
        if violations := axe_violations(page):
            found[f"{name} ({url}, {screen})"] = violations
    assert not found, report(found)
