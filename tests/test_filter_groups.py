"""The news filter's cluster choices, grouped by tier: the chosen and the most used first in each
group, the rest behind "Vis alle", the GET contract (klynge=<slug>, repeatable) unchanged."""

import re

import pytest
from bs4 import BeautifulSoup

from news import filter_groups
from tests.builders import make_article, make_cluster

pytestmark = pytest.mark.django_db


def groups(client, query=""):
    """{group legend: ([shown choice labels], [labels behind "Vis alle"])} as the page shows them."""
    page = BeautifulSoup(client.get(f"/nyheter/{query}").content, "html.parser")
    found = {}
    for group in page.select(".cluster-choices .cluster-group"):
        more = group.select_one("details.more-choices")
        labels = [label.get_text(" ", strip=True) for label in group.select("label")]
        hidden = [label.get_text(" ", strip=True) for label in more.select("label")] if more else []
        found[group.legend.get_text(strip=True)] = (labels[: len(labels) - len(hidden)], hidden)
    return found


@pytest.fixture
def many(register):
    """Eight more NCE clusters (NCE 1 … NCE 8) with 1 … 8 articles each, and two in no tier."""
    nce = register["tiers"]["nce"]
    clusters = [make_cluster(name=f"NCE {n}", slug=f"nce-{n}", tier=nce) for n in range(1, 9)]
    for n, cluster in enumerate(clusters, start=1):
        for _ in range(n):
            make_article(clusters=[cluster])
    make_cluster(name="Frittstående A", slug="fri-a")
    make_cluster(name="Frittstående B", slug="fri-b")
    return clusters


def test_the_clusters_are_grouped_by_current_tier_in_tier_order_with_no_tier_last(client, many):
    assert list(groups(client)) == [
        "Global Centres of Expertise (GCE)",
        "Norwegian Centres of Expertise (NCE)",
        "Uten programnivå",
    ]
    assert groups(client)["Global Centres of Expertise (GCE)"] == (["GCE Subsea (0)"], [])
    assert groups(client)["Uten programnivå"] == (["Frittstående A (0)", "Frittstående B (0)"], [])


def test_the_most_used_come_first_and_the_rest_by_name_behind_vis_alle(client, many):
    shown, rest = groups(client)["Norwegian Centres of Expertise (NCE)"]
    assert shown == ["NCE 8 (8)", "NCE 7 (7)", "NCE 6 (6)", "NCE 5 (5)", "NCE 4 (4)"]
    assert rest == ["Health Technology (0)", "Klynge som vokste (0)", "NCE 1 (1)", "NCE 2 (2)", "NCE 3 (3)"]


def test_the_chosen_come_first_and_stay_checked(client, many):
    shown, rest = groups(client, "?klynge=nce-1&klynge=health-technology")[
        "Norwegian Centres of Expertise (NCE)"
    ]
    assert shown[:2] == ["NCE 1 (1)", "Health Technology (0)"]  # the chosen, most used first
    assert shown[2:] == ["NCE 8 (8)", "NCE 7 (7)", "NCE 6 (6)", "NCE 5 (5)", "NCE 4 (4)"]
    assert rest == ["Klynge som vokste (0)", "NCE 2 (2)", "NCE 3 (3)"]
    page = client.get("/nyheter/?klynge=nce-1&klynge=health-technology").content.decode()
    checked = re.findall(
        r'<input type="checkbox" name="klynge" value="([\w-]+)" id="id_klynge_\d+" checked>', page
    )
    assert sorted(checked) == ["health-technology", "nce-1"]


def test_the_order_follows_the_counts_under_the_other_filters(client, many):
    about_three = many[2]
    for _ in range(10):
        make_article(clusters=[about_three], headline="Havbruk")
    shown, _rest = groups(client, "?q=Havbruk")["Norwegian Centres of Expertise (NCE)"]
    assert shown[0] == "NCE 3 (10)"


def test_a_short_remainder_is_shown_rather_than_hidden(client, register):
    nce = register["tiers"]["nce"]
    for _ in range(filter_groups.SHOWN + filter_groups.FEWEST_HIDDEN - 1 - 2):  # 2 NCE clusters exist
        make_cluster(tier=nce)
    shown, rest = groups(client)["Norwegian Centres of Expertise (NCE)"]
    assert (len(shown), rest) == (filter_groups.SHOWN + filter_groups.FEWEST_HIDDEN - 1, [])


def test_every_cluster_is_a_choice_once_and_the_form_submits_klynge_slugs(client, many):
    page = client.get("/nyheter/").content.decode()
    values = re.findall(r'name="klynge" value="([\w-]+)"', page)
    assert sorted(values) == sorted(["gce-subsea", "health-technology", "klynge-som-vokste", "fri-a", "fri-b"]
                                    + [f"nce-{n}" for n in range(1, 9)])  # fmt: skip
    response = client.get("/nyheter/", {"klynge": ["nce-8", "fri-a"]})
    assert {article.headline for article in response.context["article_list"]} == {
        a.headline for a in many[7].articles.all()
    }


def test_an_unknown_cluster_keeps_the_error_and_the_filters_open(client, many):
    response = client.get("/nyheter/?klynge=finnes-ikke")
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("details.filter-panel").has_attr("open")
    assert "finnes-ikke" in page.select_one(".cluster-choices .errorlist").get_text()
    # no counts beside the choices when the filter cannot be applied
    assert "Health Technology" in [
        label.get_text(strip=True) for label in page.select(".cluster-group label")
    ]


def test_the_list_and_its_counts_work_with_more_clusters_than_32_bits_hold(client, register):
    """Facet counts keep each article's clusters as bits of a number: 64 clusters need 64-bit sums."""
    clusters = [make_cluster(tier=register["tiers"]["nce"]) for _ in range(61)]
    make_article(clusters=[clusters[-1]])
    response = client.get("/nyheter/")
    assert response.status_code == 200
    shown, _rest = groups(client)["Norwegian Centres of Expertise (NCE)"]
    assert shown[0] == f"{clusters[-1].name} (1)"


def test_names_are_escaped_in_the_choices_legends_and_disclosures(client, register):
    """The cluster_choices tag writes the fieldset in Python: every name goes through escaping."""
    from tests.builders import make_tier

    tier = make_tier(name='Nivå & <b>"nytt"</b>', short_name="<i>N&N</i>", slug="nytt")
    for n in range(10):
        make_cluster(name=f'Klynge <script>"{n}"</script> & co', slug=f"farlig-{n}", tier=tier)
    page = client.get("/nyheter/").content.decode()
    assert "<script>" not in page and "<b>" not in page and "<i>N&N</i>" not in page
    legend = "Nivå &amp; &lt;b&gt;&quot;nytt&quot;&lt;/b&gt; (&lt;i&gt;N&amp;N&lt;/i&gt;)"
    assert f"<legend>{legend}</legend>" in page
    assert '<span class="visually-hidden"> i &lt;i&gt;N&amp;N&lt;/i&gt;</span> (5 til)' in page
    assert 'data-names="Klynge &lt;script&gt;&quot;0&quot;&lt;/script&gt; &amp; co"' in page
