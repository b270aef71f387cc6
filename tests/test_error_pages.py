import pytest
from django.test import Client, override_settings
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db


def test_unknown_address_gets_the_norwegian_404_page_in_the_site_look(client):
    response = client.get("/finnes-ikke/")
    assertContains(response, '<html lang="nb">', status_code=404)
    assertContains(response, "<h1>Siden finnes ikke</h1>", html=True, status_code=404)
    assertContains(response, 'class="site-header"', status_code=404)
    assertContains(response, "Helseinfo er en informasjonskanal.", status_code=404)


@override_settings(ROOT_URLCONF="tests.error_urls", DEBUG=False)
def test_a_failing_view_gets_the_norwegian_500_page_from_the_handler():
    response = Client(raise_request_exception=False).get("/feil/")

    assertContains(response, '<html lang="nb">', status_code=500)
    assertContains(response, "<h1>Noe gikk galt</h1>", html=True, status_code=500)
    assertContains(response, '<link rel="stylesheet" href="/static/css/site.css">', status_code=500)
    assertNotContains(response, "Traceback", status_code=500)


def test_a_bad_feed_filter_gets_the_norwegian_400_page(client):
    response = client.get("/nyheter/rss/?fra=ikke-en-dato")
    assertContains(response, "<h1>Ugyldig forespørsel</h1>", html=True, status_code=400)
    assertContains(response, '<a href="/nyheter/">nyhetene</a>', html=True, status_code=400)
