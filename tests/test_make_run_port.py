"""`make run PORT=8001` serves on 8001, and every absolute link the site writes names 8001 too."""

import re
import shlex
import subprocess
import sys
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.utils import timezone

from tests.builders import make_article, make_photo
from tests.test_settings import ROOT, without_our_variables

pytestmark = pytest.mark.django_db

ANY_LOCAL_ADDRESS = re.compile(r"https?://127\.0\.0\.1(?::\d+)?")


def make_run_command(**variables):
    """The environment and arguments of the runserver line `make run` would run."""
    printed = subprocess.run(
        ["make", "-n", "run", *(f"{name}={value}" for name, value in variables.items())],
        cwd=ROOT,
        env=without_our_variables(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    [line] = [line for line in printed.splitlines() if "runserver" in line]
    words = shlex.split(line)
    env = dict(word.split("=", 1) for word in words if re.match(r"^[A-Z_]+=", word))
    return env, words[words.index("runserver") + 1 :]


ROBOTS_TXT = (
    "import django; django.setup(); from django.test import Client; "
    "print(Client(HTTP_HOST='127.0.0.1').get('/robots.txt').content.decode())"
)


def test_make_run_with_a_port_gives_the_site_that_address():
    env, arguments = make_run_command(PORT=8001)
    served = subprocess.run(
        [sys.executable, "-c", ROBOTS_TXT],
        cwd=ROOT,
        env=without_our_variables() | {"DJANGO_SETTINGS_MODULE": "helseinfo.settings"} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert arguments == ["127.0.0.1:8001"]
    assert served.returncode == 0, served.stderr
    assert "Sitemap: http://127.0.0.1:8001/sitemap.xml" in served.stdout.splitlines()


def test_make_run_without_a_port_is_on_8000():
    env, arguments = make_run_command()
    assert (env["SITE_URL"], arguments) == ("http://127.0.0.1:8000", ["127.0.0.1:8000"])


def test_every_absolute_link_names_the_site_address(client, settings):
    settings.SITE_URL = "http://127.0.0.1:8001"
    article = make_article(lead_photo=make_photo(), publish_at=timezone.now() - timedelta(hours=1))
    pages = [article.get_absolute_url(), "/", "/nyheter/", "/nyheter/rss/", "/nyheter/atom/"]
    pages += ["/nyheter/feed.json", "/sitemap.xml", "/sitemap-news.xml", "/robots.txt"]

    found = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = set(ANY_LOCAL_ADDRESS.findall(unquote(response.content.decode())))

    assert found == dict.fromkeys(pages, {"http://127.0.0.1:8001"})
    article_page = client.get(article.get_absolute_url()).content.decode()
    for tag in ['rel="canonical" href="', 'property="og:url" content="', "sharer.php?u="]:
        assert f"{tag}http://127.0.0.1:8001" in unquote(article_page), tag
