"""An editor runs the desk: makes a journalist's account in the admin, and the journalist logs in."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.builders import newsroom_group

from .conftest import DESKTOP
from .pages import axe_violations, log_in
from .test_accessibility import report

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Nordlys-over-Tromsø-7"


def test_an_editor_makes_a_journalist_account_and_the_journalist_logs_in(new_context, axe_js):
    newsroom_group("Journalist")  # the group the migrations made (an earlier browser test flushed it)
    editor_page, _ = log_in(new_context(viewport=DESKTOP), groups=["Redaktør"])
    editor_page.add_init_script(path=axe_js)

    editor_page.goto("/admin/auth/user/")
    editor_page.get_by_role("link", name=re.compile("Legg til bruker", re.I)).click()
    expect(editor_page).to_have_url(re.compile(r"/admin/auth/user/add/$"))
    expect(editor_page.locator("#id_username")).to_be_visible()  # loaded, not just navigated to
    violations = axe_violations(editor_page)
    assert not violations, report({"the user form": violations})
    editor_page.locator("#id_username").fill("ingrid")
    editor_page.locator("#id_password1").fill(PASSWORD)
    editor_page.locator("#id_password2").fill(PASSWORD)
    editor_page.locator("#id_first_name").fill("Ingrid")
    editor_page.locator("#id_last_name").fill("Bjørnstad")
    editor_page.locator("#id_email").fill("ingrid@example.org")
    editor_page.get_by_label("Journalist", exact=True).check()
    expect(editor_page.get_by_label("Superbrukerstatus")).to_have_count(0)
    editor_page.locator("input[name=_save]").click()

    expect(editor_page.locator(".messagelist .success")).to_contain_text("ingrid")
    ingrid = User.objects.get(username="ingrid")
    assert (ingrid.is_staff, ingrid.is_superuser, list(ingrid.groups.values_list("name", flat=True))) == (
        True,
        False,
        ["Journalist"],
    )

    journalist = new_context(viewport=DESKTOP).new_page()
    journalist.goto("/admin/login/?next=/admin/")
    journalist.get_by_label(re.compile("Brukernavn", re.I)).fill("ingrid")
    journalist.get_by_label(re.compile("Passord", re.I)).fill(PASSWORD)
    journalist.locator("#login-form [type=submit]").click()

    expect(journalist).to_have_url(re.compile(r"/admin/$"))
    journalist.goto("/admin/news/article/add/")
    expect(journalist.locator("#id_headline")).to_be_visible()
    assert journalist.goto("/admin/auth/user/").status == 403


def test_an_editor_deactivates_an_account_and_it_can_no_longer_log_in(new_context):
    editor_page, _ = log_in(new_context(viewport=DESKTOP), groups=["Redaktør"])
    _, journalist = log_in(
        new_context(viewport=DESKTOP), groups=["Journalist"], first_name="Per", last_name="Hansen"
    )

    editor_page.goto("/admin/auth/user/")
    editor_page.get_by_role("link", name=journalist.username, exact=True).click()
    editor_page.get_by_label(re.compile("^Aktiv", re.I)).uncheck()
    editor_page.locator("input[name=_save]").click()
    expect(editor_page.locator(".messagelist .success")).to_be_visible()

    again = new_context(viewport=DESKTOP).new_page()
    again.goto("/admin/login/?next=/admin/")
    again.get_by_label(re.compile("Brukernavn", re.I)).fill(journalist.username)
    again.get_by_label(re.compile("Passord", re.I)).fill("passord-for-test")
    again.locator("#login-form [type=submit]").click()
    expect(again.locator(".errornote")).to_be_visible()
    expect(again).to_have_url(re.compile(r"/admin/login/"))
