from django.test import override_settings


def test_unknown_address_gets_the_norwegian_404_page_in_the_site_look(client, db):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    content = response.content.decode()
    assert '<html lang="nb">' in content
    assert "<h1>Siden finnes ikke</h1>" in content
    assert 'class="site-header"' in content
    assert "Helseinfo er en informasjonskanal." in content


@override_settings(DEBUG=False)
def test_500_page_is_plain_and_in_norwegian(client, db):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Noe gikk galt" in html
    assert '<html lang="nb">' in html


def test_a_bad_feed_filter_gets_the_norwegian_400_page(client, db):
    response = client.get("/nyheter/rss/?fra=ikke-en-dato")
    assert response.status_code == 400
    assert "<h1>Ugyldig forespørsel</h1>" in response.content.decode()
