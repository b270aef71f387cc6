"""A newsroom member who forgot the password sets a new one through a link sent by e-mail."""

import re
import subprocess
import sys

import pytest
from django.core import mail
from django.test import Client
from pytest_django.asserts import assertContains

from tests.builders import make_journalist
from tests.test_admin_language import english_on
from tests.test_settings import ROOT, without_our_variables

pytestmark = pytest.mark.django_db

RESET = "/admin/password_reset/"
NEW_PASSWORD = "Fjordlys-og-blåbær-42"
LINK = re.compile(r"http://testserver(/admin/reset/[^/\s]+/[^/\s]+/)")


def log_in(username, password):
    response = Client().post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_the_login_page_links_to_the_password_reset(client):
    assertContains(client.get("/admin/login/"), f'<a href="{RESET}">Glemt passordet?</a>', html=True)


def test_a_journalist_sets_a_new_password_from_the_link_in_the_email(client):
    make_journalist(username="kari", first_name="Kari", email="kari@example.org")

    asked = client.post(RESET, {"email": "kari@example.org"})
    [message] = mail.outbox
    link = LINK.search(message.body)[1]
    form = client.get(link, follow=True)
    saved = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    again = client.get(link, follow=True)

    assert asked["Location"] == "/admin/password_reset/done/"
    assert message.to == ["kari@example.org"]
    assert message.subject == "Nytt passord til Helseinfo"
    assert "Hei Kari!" in message.body and "Brukernavnet ditt er: kari" in message.body
    assertContains(form, "Velg et nytt passord")
    assert saved["Location"] == "/admin/reset/done/"
    assert log_in("kari", NEW_PASSWORD)
    assert not log_in("kari", "passord-for-test")
    assertContains(again, "Lenken virker ikke lenger")


def test_an_unknown_or_inactive_address_gets_no_email_and_the_same_answer(client):
    make_journalist(email="borte@example.org", is_active=False)

    answers = [client.post(RESET, {"email": email}) for email in ["ingen@example.org", "borte@example.org"]]

    assert [answer["Location"] for answer in answers] == ["/admin/password_reset/done/"] * 2
    assert mail.outbox == []


def test_the_two_passwords_must_match_and_nothing_changes_until_they_do(client):
    make_journalist(username="kari", email="kari@example.org")
    client.post(RESET, {"email": "kari@example.org"})
    form_url = client.get(LINK.search(mail.outbox[0].body)[1], follow=True).redirect_chain[-1][0]

    refused = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "noe annet"})

    assert refused.status_code == 200
    assert refused.context["form"].errors["new_password2"]
    assert log_in("kari", "passord-for-test")


def test_every_page_of_the_reset_is_in_bokmal(client):
    make_journalist(email="kari@example.org")
    pages = {"form": client.get(RESET), "bad address": client.post(RESET, {"email": "ikke en adresse"})}
    pages["sent"] = client.post(RESET, {"email": "kari@example.org"}, follow=True)
    link = LINK.search(mail.outbox[0].body)[1]
    pages["new password"] = client.get(link, follow=True)
    form_url = pages["new password"].redirect_chain[-1][0]
    pages["mismatch"] = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "x"})
    pages["done"] = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    pages["used link"] = client.get(link, follow=True)

    assert {name: english_on(page) for name, page in pages.items() if english_on(page)} == {}
    assert {name: page.status_code for name, page in pages.items()} == dict.fromkeys(pages, 200)


EMAIL_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, "
    "s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL, sep='|')"
)


def email_settings(**env):
    """The e-mail settings a fresh interpreter reads from exactly this environment."""
    clean = {k: v for k, v in without_our_variables().items() if not k.startswith(("EMAIL_", "DEFAULT_FROM"))}
    result = subprocess.run(
        [sys.executable, "-c", EMAIL_SETTINGS],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "helseinfo.settings", "DJANGO_DEBUG": "true"} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split("|")


def test_email_goes_to_the_console_unless_an_smtp_server_is_named():
    backend, host, *_ = email_settings()
    assert (backend, host) == ("django.core.mail.backends.console.EmailBackend", "")


def test_an_smtp_server_from_the_environment():
    assert email_settings(
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="desk",
        EMAIL_HOST_PASSWORD="hemmelig",
        EMAIL_USE_TLS="false",
        DEFAULT_FROM_EMAIL="Helseinfo <desk@example.org>",
    ) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        "2525",
        "desk",
        "hemmelig",
        "False",
        "Helseinfo <desk@example.org>",
    ]
