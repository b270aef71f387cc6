"""/program/: every tier, current and retired, in the programme's order."""

import pytest
from django.test import SimpleTestCase

from tests.builders import count_queries, make_cluster, make_decision, make_tier

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers():
    gce = make_tier(name="Global Centres of Expertise", short_name="GCE", slug="gce", order=1)
    nce = make_tier(name="Norwegian Centres of Expertise", short_name="NCE", slug="nce", order=2,
                    description="program for klynger med nasjonal posisjon")  # fmt: skip
    retired = make_tier(name="Arena Pro", short_name="Arena Pro", slug="arena-pro", order=3)
    moved_up = make_cluster(tier=retired)
    make_decision(cluster=moved_up, tier=nce)
    make_cluster(tier=nce)
    return gce, nce, retired


def test_the_tiers_are_listed_in_order_with_their_clusters_now_and_in_all(client, tiers):
    response = client.get("/program/")
    page = response.content.decode()
    assert page.index("GCE") < page.index("Norwegian Centres of Expertise (NCE)") < page.index("Arena Pro")
    html = SimpleTestCase()
    html.assertContains(response, '<h2><a href="/program/arena-pro/">Arena Pro</a></h2>', html=True)
    html.assertContains(response, '<p class="meta">0 klynger nå · 1 klynge i alt</p>', html=True)
    html.assertContains(response, '<p class="meta">2 klynger nå · 2 klynger i alt</p>', html=True)
    html.assertContains(response, "<p>Program for klynger med nasjonal posisjon</p>", html=True)
    assert "max-age" in response["Cache-Control"]


def test_the_tier_list_takes_a_fixed_number_of_queries(client, tiers):
    before = count_queries(client, "/program/")
    make_cluster(tier=make_tier())
    assert count_queries(client, "/program/") == before


def test_the_tier_list_is_linked_from_the_front_page_and_in_the_sitemap(client, tiers):
    assert 'href="/program/"' in client.get("/").content.decode()
    assert "<loc>http://127.0.0.1:8000/program/</loc>" in client.get("/sitemap-pages.xml").content.decode()
