"""Responsive from 320 px up: no page of the reader's makes them scroll sideways."""

import pytest

from .pages import horizontal_overflow
from .test_reader import KEY_PAGES

pytestmark = pytest.mark.django_db(transaction=True)

NARROWEST = {"width": 320, "height": 640}


def test_no_page_scrolls_sideways_on_a_320_px_screen(new_context, reader_news):
    page = new_context(viewport=NARROWEST, is_mobile=True).new_page()
    overflowing = {}
    for url in KEY_PAGES.values():
        assert page.goto(url).status == 200, url
        if overflow := horizontal_overflow(page):
            overflowing[url] = overflow
    assert not overflowing, f"pages wider than 320 px (extra px): {overflowing}"
