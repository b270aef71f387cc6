"""axe-core on the newsroom's article form, with its rich-text editor and autocompletes."""

import pytest

from tests.builders import category

from .conftest import DESKTOP
from .pages import axe_violations, editor, log_in
from .test_accessibility import report

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_newsrooms_article_form_has_no_accessibility_violations(new_context, axe_js):
    category("kosthold")  # a category beneath another, as the choices show it
    page, _ = log_in(new_context(viewport=DESKTOP))
    page.add_init_script(path=axe_js)
    assert page.goto("/admin/news/article/add/").status == 200
    editor(page).wait_for()  # the rich-text editor is part of the form
    violations = axe_violations(page)
    assert not violations, report({"the admin's article form": violations})
