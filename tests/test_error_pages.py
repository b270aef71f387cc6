import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def test_unknown_address_gets_the_norwegian_404_page_in_the_site_look(client):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    content = response.content.decode()
    assert '<html lang="nb">' in content
    assert "<h1>Siden finnes ikke</h1>" in content
    assert 'class="site-header"' in content
    assert "Helseinfo er en informasjonskanal." in content


@override_settings(ROOT_URLCONF="tests.error_urls", DEBUG=False)
def test_a_failing_view_gets_the_norwegian_500_page_from_the_handler():
    response = Client(raise_request_exception=False).get("/feil/")

    assert response.status_code == 500
    content = response.content.decode()
    assert '<html lang="nb">' in content
    assert "<h1>Noe gikk galt</h1>" in content
    assert '<link rel="stylesheet" href="/static/css/site.css">' in content
    assert "Traceback" not in content


def test_a_bad_feed_filter_gets_the_norwegian_400_page(client):
    response = client.get("/nyheter/rss/?fra=ikke-en-dato")
    assert response.status_code == 400
    assert "<h1>Ugyldig forespørsel</h1>" in response.content.decode()
    assert '<a href="/nyheter/">nyhetene</a>' in response.content.decode()
