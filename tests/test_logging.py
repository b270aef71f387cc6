"""The server log stays readable: a request the site refused on purpose is one line; a 500 keeps its
traceback. Read through the console handler the settings configure, as the server prints it."""

import io
import logging

import pytest
from django.test import Client, override_settings

from tests.builders import logged_in, make_journalist

pytestmark = pytest.mark.django_db


@pytest.fixture
def server_log():
    """What the configured console handler prints during the test."""
    [console] = [handler for handler in logging.getLogger().handlers if handler.name == "console"]
    printed = io.StringIO()
    earlier = console.setStream(printed)
    yield printed
    console.setStream(earlier)


def lines(printed):
    return printed.getvalue().splitlines()


def refusals(caplog):
    return [(r.name, r.levelname, r.getMessage()) for r in caplog.records if r.name.startswith("django.")]


def test_a_permission_denied_is_one_line(server_log, caplog):
    journalist = logged_in(make_journalist())
    caplog.clear()
    server_log.seek(0)
    server_log.truncate()

    response = journalist.get("/admin/auth/user/")

    assert response.status_code == 403
    assert refusals(caplog) == [
        ("django.request", "WARNING", "Forbidden (Permission denied): /admin/auth/user/")
    ]
    assert caplog.records[-1].exc_info  # the record has it; the log leaves it out
    assert lines(server_log) == ["Forbidden (Permission denied): /admin/auth/user/"]


def test_a_host_the_site_does_not_serve_is_one_line(server_log, caplog):
    response = Client().get("/", HTTP_HOST="helseinfo.example.com")

    assert response.status_code == 400
    [(name, level, message)] = refusals(caplog)
    assert (name, level) == ("django.security.DisallowedHost", "ERROR")
    assert lines(server_log) == [message]
    assert "helseinfo.example.com" in message


def test_a_suspicious_request_is_one_line(server_log, caplog):
    response = Client().post("/admin/login/", {f"felt{n}": "x" for n in range(1100)})

    assert response.status_code == 400
    assert [name for name, *_ in refusals(caplog)] == ["django.security.TooManyFieldsSent"]
    assert len(lines(server_log)) == 1


def test_a_malformed_filter_is_one_line(server_log, caplog):
    response = Client().get("/nyheter/", {"fra": "i går"})

    assert response.status_code == 400
    assert refusals(caplog) == [("django.request", "WARNING", "Bad Request: /nyheter/")]
    assert lines(server_log) == ["Bad Request: /nyheter/"]


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_a_real_failure_keeps_its_traceback(server_log):
    response = Client(raise_request_exception=False).get("/feil/")

    assert response.status_code == 500
    printed = server_log.getvalue()
    assert printed.startswith("Internal Server Error: /feil/\nTraceback (most recent call last):")
    assert "RuntimeError: a failure nobody planned for" in printed
