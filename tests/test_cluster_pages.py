"""The cluster side of the public site: directory, cluster, tier and announcement pages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from news.models import Article
from tests.builders import count_queries, in_rows, make_article, make_cluster, make_decision, make_tier

pytestmark = pytest.mark.django_db


def listed_names(response):
    return [cluster.name for cluster in response.context["object_list"]]


# The directory


def test_directory_groups_clusters_under_their_current_tier_in_tier_order(client, register):
    response = client.get("/klynger/")
    groups = [(tier.slug, [c.name for c in clusters]) for tier, clusters in response.context["groups"]]
    assert groups == [("gce", ["GCE Subsea"]), ("nce", ["Health Technology", "Klynge som vokste"])]
    assertContains(response, '<a href="/klynger/health-technology/">Health Technology</a>', html=True)
    assertContains(response, "Oslo · tidligere Oslo Medtech")


def test_directory_finds_a_cluster_by_its_former_name_in_any_case(client, register):
    assert listed_names(client.get("/klynger/", {"q": "Oslo Medtech"})) == ["Health Technology"]
    assert listed_names(client.get("/klynger/", {"q": "oslo MEDTECH"})) == ["Health Technology"]
    assert listed_names(client.get("/klynger/", {"q": "subsea"})) == ["GCE Subsea"]


def test_directory_program_filter_means_the_current_tier_after_an_advance(client, register):
    assert listed_names(client.get("/klynger/", {"program": "nce"})) == [
        "Health Technology",
        "Klynge som vokste",
    ]
    assert listed_names(client.get("/klynger/", {"program": "arena"})) == []


def test_directory_filters_by_region_and_combines_filters(client, register):
    assert listed_names(client.get("/klynger/", {"region": "bergen"})) == ["GCE Subsea", "Klynge som vokste"]
    assert listed_names(client.get("/klynger/", {"region": "bergen", "program": "nce"})) == [
        "Klynge som vokste"
    ]


def test_a_tier_added_by_an_editor_is_a_choice_at_once(client, register):
    make_tier(name="Nytt nivå", short_name="Ny", slug="nytt-niva", order=9)
    response = client.get("/klynger/")
    assertContains(response, '<option value="nytt-niva">Ny</option>', html=True)
    assert client.get("/klynger/", {"program": "nytt-niva"}).status_code == 200


def test_directory_answers_400_with_the_form_and_no_clusters_for_an_unknown_slug(client, register):
    response = client.get("/klynger/", {"program": "finnes-ikke"})
    assert response.status_code == 400
    assert listed_names(response) == []
    assertContains(response, "Filteret kunne ikke brukes", status_code=400)


@pytest.mark.parametrize(
    "value",
    ["' OR 1=1 --", "<script>alert(1)</script>", "ø" * 500, "%", "_", "\\", "Robert'); DROP TABLE x;--"],
)
def test_hostile_directory_input_is_harmless_and_escaped(client, register, value):
    for name in ["q", "program", "region"]:
        response = client.get("/klynger/", {name: value})
        assert response.status_code in (200, 400)
        assert b"<script>alert(1)</script>" not in response.content


# One cluster


def test_cluster_page_shows_the_facts_and_former_names(client, register):
    response = client.get("/klynger/health-technology/")
    assertContains(response, "<h1>Health Technology</h1>", html=True)
    assertContains(response, '<dd><a href="/klynger/?region=oslo">Oslo</a></dd>', html=True)
    assertContains(response, "<dd>175 (per 1. juni 2014)</dd>", html=True)
    assertContains(response, "<dd>Kathrine Myhre</dd>", html=True)
    assertContains(response, '<a href="https://example.org/health" rel="external">', html=False)
    assertContains(response, "<dt>Tidligere navn</dt><dd>Oslo Medtech</dd>", html=True)


def test_cluster_page_shows_the_tier_history_in_order_with_its_announcements(client, register):
    response = client.get("/klynger/klynge-som-vokste/")
    periods = response.context["timeline"]
    assert [(p.obj.slug, [d.kind for d in p.decisions]) for p in periods] == [
        ("arena", ["admitted"]),
        ("nce", ["advanced"]),
    ]
    assertContains(response, '<p class="timeline-summary">Arena 2014–2017, NCE fra 2017</p>', html=True)
    content = response.content.decode()
    assert content.index("20. juni 2014") < content.index("1. juni 2017")
    assertContains(response, '<a href="/kunngjoringer/nye-klynger-2014/">Nye klynger 2014</a>', html=True)
    assertContains(response, '<a href="/kunngjoringer/nye-klynger-2017/">Nye klynger 2017</a>', html=True)
    assertContains(
        response,
        '<p class="tier-badge"><a href="/program/nce/">Norwegian Centres of Expertise (NCE)</a></p>',
        html=True,
    )


def test_cluster_page_lists_only_its_published_news(client, register):
    health = register["health"]
    make_article(headline="Publisert om helse", clusters=[health])
    make_article(headline="Utkast om helse", clusters=[health], status=Article.Status.DRAFT)
    make_article(
        headline="Planlagt om helse", clusters=[health], publish_at=timezone.now() + timedelta(days=1)
    )
    make_article(headline="Om en annen klynge", clusters=[register["subsea"]])
    response = client.get("/klynger/health-technology/")
    assert [a.headline for a in response.context["news"]] == ["Publisert om helse"]
    assertNotContains(response, "Utkast om helse")
    assertNotContains(response, "Planlagt om helse")


def test_cluster_page_links_and_advertises_its_feed(client, register):
    response = client.get("/klynger/health-technology/")
    assertContains(
        response,
        '<link rel="alternate" type="application/rss+xml" title="Helseinfo – nyheter om Health Technology"'
        ' href="/klynger/health-technology/rss/">',
        html=True,
    )
    assertContains(response, 'href="/klynger/health-technology/rss/"', count=2)
    assertContains(response, 'href="/nyheter/?klynge=health-technology"')


def test_cluster_page_has_title_description_canonical_and_open_graph(client, register):
    response = client.get("/klynger/health-technology/")
    assertContains(response, "<title>Health Technology – klynge – Helseinfo</title>", html=True)
    assertContains(response, '<meta name="description" content="Klyngen for helseteknologi.">', html=True)
    assertContains(
        response, '<link rel="canonical" href="http://127.0.0.1:8000/klynger/health-technology/">', html=True
    )
    assertContains(response, '<meta property="og:type" content="website">', html=True)
    assertContains(response, '<meta property="og:title" content="Health Technology">', html=True)
    assertContains(response, '<meta name="twitter:card" content="summary">', html=True)


# One tier


def test_tier_page_shows_its_description_and_current_clusters_only(client, register):
    response = client.get("/program/nce/")
    assertContains(response, "<h1>Norwegian Centres of Expertise (NCE)</h1>", html=True)
    assertContains(response, "Program for etablerte klynger med en nasjonalt ledende posisjon")
    assert [c.name for c in response.context["clusters"]] == ["Health Technology", "Klynge som vokste"]
    assert client.get("/program/arena/").context["clusters"] == []


def test_tier_page_lists_the_published_news_of_its_clusters_once_each(client, register):
    both = make_article(headline="Om to NCE-klynger", clusters=[register["health"], register["grower"]])
    make_article(headline="Utkast om NCE", clusters=[register["health"]], status=Article.Status.DRAFT)
    make_article(headline="Om GCE", clusters=[register["subsea"]])
    response = client.get("/program/nce/")
    assert list(response.context["news"]) == [both]
    assertContains(response, 'href="/nyheter/rss/?program=nce"', count=2)


# Announcements


def test_announcement_list_shows_each_with_its_date_and_number_of_decisions(client, register):
    response = client.get("/kunngjoringer/")
    assert [a.slug for a in response.context["announcement_list"]] == ["nye-klynger-2017", "nye-klynger-2014"]
    assertContains(response, "20. juni 2014")
    assertContains(response, "3 beslutninger")
    assertContains(response, "1 beslutning<")


def test_announcement_page_shows_facts_figures_and_the_date_note(client, register):
    response = client.get("/kunngjoringer/nye-klynger-2014/")
    assertContains(response, "<h1>Nye klynger 2014</h1>", html=True)
    assertContains(response, "Dagen er ikke oppgitt i kilden.")
    assertContains(response, "<dd>Næringsminister Monica Mæland</dd>", html=True)
    assertContains(response, "137\xa0000\xa0000 kr (budsjettet for 2015)")
    assertContains(response, "<dt>Aktive klyngeprosjekter</dt><dd>39</dd>", html=True)


def test_announcement_page_groups_its_decisions_by_tier(client, register):
    response = client.get("/kunngjoringer/nye-klynger-2014/")
    content = response.content.decode()
    gce, nce, arena = (content.index(f'href="/program/{slug}/"') for slug in ["gce", "nce", "arena"])
    assert gce < content.index("GCE Subsea") < nce < content.index("Health Technology") < arena
    assert arena < content.index("Klynge som vokste")
    assertContains(response, "<h3>", count=3)


def test_announcement_page_lists_only_the_published_articles_about_it(client, register):
    announcement = register["announcement"]
    make_article(headline="Klynger seg for helseteknologi", announcement=announcement)
    make_article(headline="Utkast om kunngjøringen", announcement=announcement, status=Article.Status.DRAFT)
    response = client.get("/kunngjoringer/nye-klynger-2014/")
    assertContains(response, "Klynger seg for helseteknologi")
    assertNotContains(response, "Utkast om kunngjøringen")


# Errors and caching


@pytest.mark.parametrize(
    "url",
    [
        "/klynger/finnes-ikke/",
        "/program/finnes-ikke/",
        "/kunngjoringer/finnes-ikke/",
        "/kunngjoringer/?side=9",
    ],
)
def test_unknown_addresses_get_the_404_page(client, register, url):
    response = client.get(url)
    assertContains(response, "<h1>Siden finnes ikke</h1>", html=True, status_code=404)


PAGES = [
    "/klynger/",
    "/klynger/health-technology/",
    "/program/nce/",
    "/kunngjoringer/",
    "/kunngjoringer/nye-klynger-2014/",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_may_be_cached_briefly_and_answer_a_conditional_get_with_304(client, register, url):
    response = client.get(url)
    assert response["Cache-Control"] == "max-age=300"
    assert client.get(url, headers={"if-none-match": response["ETag"]}).status_code == 304


# A fixed number of queries, whatever the volume


def build_news(register, *, articles, clusters_per_article):
    """Published articles about Health Technology (and the announcement), each with more clusters."""
    extra = [make_cluster(tier=register["tiers"]["nce"]) for _ in range(clusters_per_article - 1)]
    for _ in range(articles):
        make_article(clusters=[register["health"], *extra], announcement=register["announcement"])
    make_cluster(tier=register["tiers"]["nce"])  # one more cluster in the directory and on the tier page


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # Pages listing clusters also fetch their regions (a cluster may have several); the
        # directory also the label decisions, for the labels each cluster holds today. Article
        # cards read their links to clusters, and the register today (the clusters and the tiers)
        # and the categories once per news generation.
        ("/klynger/", 6),
        ("/klynger/?q=health&program=nce&region=oslo", 8),
        ("/kunngjoringer/", 2),
        ("/kunngjoringer/nye-klynger-2014/", 8),
    ],
)
def test_pages_take_the_same_few_queries_for_5_or_50_articles_and_1_or_10_clusters_each(
    client, register, django_assert_num_queries, url, expected
):
    expected -= in_rows(1) if url.startswith("/kunngjoringer/nye") else 0  # its news' clusters
    build_news(register, articles=5, clusters_per_article=1)
    small = count_queries(client, url)
    build_news(register, articles=45, clusters_per_article=10)
    with django_assert_num_queries(expected):
        client.get(url)
    assert small == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # The cluster (with its name today), its regions, its decisions, its news, their clusters
        # (on PostgreSQL in the news' rows).
        ("/klynger/health-technology/", 5),
        # The tier, its clusters today, their regions, its news, their clusters (likewise).
        ("/program/nce/", 5),
    ],
)
def test_a_cluster_or_tier_page_takes_the_same_few_queries_for_5_or_50_articles_and_1_or_10_clusters_each(
    client, register, django_assert_num_queries, url, expected
):
    """The archive index that picks their news is the list's (news/facets.py), kept for the news
    generation: the first page after a change builds it."""
    expected -= in_rows(1)
    build_news(register, articles=5, clusters_per_article=1)
    client.get("/nyheter/")
    small = count_queries(client, url)
    build_news(register, articles=45, clusters_per_article=10)
    client.get("/nyheter/")
    with django_assert_num_queries(expected):
        client.get(url)
    assert small == expected


def test_a_tier_page_keeps_its_clusters_and_news_for_the_generation(
    client, register, django_assert_num_queries
):
    """The tier alone, for `?side=` or any other address of it, until the news changes."""
    build_news(register, articles=50, clusters_per_article=3)
    client.get("/program/nce/")
    with django_assert_num_queries(1):
        again = client.get("/program/nce/?side=2")
    assertContains(again, '<a href="/klynger/health-technology/">Health Technology</a>', html=True)
    make_article(headline="Helt ny sak", clusters=[register["health"]], publish_at=timezone.now())
    assertContains(client.get("/program/nce/?side=2"), "Helt ny sak")


def test_another_clusters_page_reads_only_its_news_and_a_decision_shows_at_once(
    client, register, django_assert_num_queries
):
    """What a cluster's page shows besides its news (the cluster, its regions, its decisions) is kept
    for the news generation, which a decision renews."""
    build_news(register, articles=5, clusters_per_article=1)
    client.get("/nyheter/")
    client.get("/klynger/gce-subsea/")
    with django_assert_num_queries(2 - in_rows(1)):  # its news, their clusters
        page = client.get("/klynger/health-technology/")
    assertContains(page, "Oslo")
    assertContains(page, "Kathrine Myhre")
    assertNotContains(page, "Rykket opp (GCE)")

    make_decision(cluster=register["health"], tier=register["tiers"]["gce"], kind="advanced")
    assertContains(client.get("/klynger/health-technology/"), "Rykket opp (GCE)")
