"""Failed logins lock out the attacker's address for that user name, never the journalist elsewhere."""

import pytest
from django.test import RequestFactory
from pytest_django.asserts import assertContains

from helseinfo.proxy import client_ip
from tests.builders import make_journalist

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "passord-for-test"  # tests/builders.py
PROXY = "127.0.0.1"  # nginx, on the app server
ATTACKER, JOURNALIST = "203.0.113.7", "198.51.100.23"


@pytest.fixture
def journalist():
    return make_journalist(username="kari")


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def log_in(client, forwarded_for, password=PASSWORD, remote_addr=PROXY):
    """A login through the proxy, which appends the address it was connected from."""
    return client.post(
        LOGIN,
        {"username": "kari", "password": password, "next": "/admin/"},
        REMOTE_ADDR=remote_addr,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def fail_five_times(client, forwarded_for):
    statuses = [log_in(client, forwarded_for, password="feil").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429], "the fifth failure locks"


def test_five_failures_lock_that_address_out_while_the_journalist_logs_in_from_another(
    client, journalist, behind_one_proxy
):
    fail_five_times(client, ATTACKER)

    from_attacker = log_in(client, ATTACKER)
    from_journalist = log_in(client, JOURNALIST)

    assert from_attacker.status_code == 429
    assert from_journalist.status_code == 302 and from_journalist["Location"] == "/admin/"


def test_an_entry_the_client_adds_to_x_forwarded_for_does_not_change_the_address(
    client, journalist, behind_one_proxy
):
    for n in range(5):
        log_in(client, f"10.0.0.{n}, {ATTACKER}", password="feil")

    assert log_in(client, f"{JOURNALIST}, {ATTACKER}").status_code == 429
    assert log_in(client, JOURNALIST).status_code == 302


def test_with_no_trusted_proxy_x_forwarded_for_is_ignored(client, journalist):
    fail_five_times(client, ATTACKER)

    locked = log_in(client, JOURNALIST)
    elsewhere = log_in(client, ATTACKER, remote_addr=JOURNALIST)

    assert locked.status_code == 429, "the same connection address, whatever the header says"
    assert elsewhere.status_code == 302


def test_the_lockout_page_is_in_norwegian(client, journalist, behind_one_proxy):
    fail_five_times(client, ATTACKER)

    response = log_in(client, ATTACKER)

    assertContains(response, '<html lang="nb">', status_code=429)
    assertContains(response, "<h1>For mange mislykkede innlogginger</h1>", html=True, status_code=429)
    assertContains(
        response, "Etter 5 mislykkede forsøk er innlogging med brukernavnet «kari» sperret", status_code=429
    )


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "203.0.113.7", "192.0.2.1"),
        (1, "", "192.0.2.1"),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "10.9.9.9, 203.0.113.7", "203.0.113.7"),
        (2, "10.9.9.9, 203.0.113.7, 198.51.100.1", "203.0.113.7"),
        (2, "203.0.113.7", "192.0.2.1"),
        (1, "ikke en adresse", "192.0.2.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_the_one_the_outermost_trusted_proxy_saw(
    settings, proxies, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded_for)

    assert client_ip(request) == expected
