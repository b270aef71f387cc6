"""An editor records a reorganisation of the programme in the admin; readers see the truth for every date.

The day of the change is ten days ahead: everything is recorded today, as it is announced, and takes
effect on its date with no process running. The public pages are read before, on and after that day
(the clock of the test process, and so of the live server in it, is moved; the browser is not).
"""

import re
from datetime import datetime, time, timedelta

import feedparser
import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from clusters.models import Cluster, Label, Tier
from tests.builders import make_article, make_cluster, make_tier

from .conftest import DESKTOP
from .pages import article_slugs, axe_violations, log_in, path
from .test_accessibility import report

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = timezone.localdate()
CHANGE = TODAY + timedelta(days=10)  # the day the reorganisation takes effect
BEFORE, AFTER = CHANGE - timedelta(days=1), CHANGE + timedelta(days=5)


def noon(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def admin_date(day):
    return day.strftime("%d.%m.%Y")


@pytest.fixture
def programme(db):
    """GCE, NCE and Arena since 2014; five clusters and news about them, some published after the change."""
    since = TODAY.replace(year=2014, month=1, day=1)
    tiers = {
        slug: make_tier(name=name, short_name=short, slug=slug, order=n, starts_on=since)
        for n, (slug, short, name) in enumerate(
            [
                ("gce", "GCE", "Global Centres of Expertise"),
                ("nce", "NCE", "Norwegian Centres of Expertise"),
                ("arena", "Arena", "Arena"),
            ]
        )
    }
    admitted = TODAY.replace(year=2015, month=6, day=20)
    clusters = {
        slug: make_cluster(name=name, slug=slug, tier=tiers[tier], decided_on=admitted)
        for slug, name, tier in [
            ("fjordhelse", "Fjordhelse", "nce"),
            ("havbruk-nord", "Havbruk Nord", "nce"),
            ("nordlys-medtech", "Nordlys Medtech", "arena"),
            ("oslo-tannhelse", "Oslo Tannhelse", "arena"),
            ("subsea-bergen", "Subsea Bergen", "gce"),
        ]
    }
    written = {
        slug: make_article(headline=f"{clusters[slug].name} før endringen", clusters=[clusters[slug]]).slug
        for slug in clusters
    }
    later = {
        slug: make_article(
            headline=f"{clusters[slug].name} etter endringen",
            clusters=[clusters[slug]],
            publish_at=noon(CHANGE + timedelta(days=1)),
        ).slug
        for slug in ["fjordhelse", "nordlys-medtech"]
    }
    return {"tiers": tiers, "clusters": clusters, "written": written, "later": later}


def on(day, reader, url):
    """The text of `url` as a reader gets it on `day` (a request of its own, no browser cache)."""
    with time_machine.travel(noon(day), tick=True):
        response = reader.request.get(url)
        assert response.status == 200, f"{url} on {day}: {response.status}"
        return response.text()


def clusters_listed(day, reader, url):
    """The names of the clusters a tier page lists (its news section names clusters too)."""
    section = re.search(r'<section aria-labelledby="clusters">(.*?)</section>', on(day, reader, url), re.S)
    return set(re.findall(r'<a href="/klynger/[-\w]+/">([^<]+)</a>', section.group(1)))


def news_slugs(new_context, day, url):
    """The articles a reader sees at `url` (the news list) on `day`, in a fresh browser."""
    with time_machine.travel(noon(day), tick=True):
        page = new_context().new_page()
        page.goto(url)
        return sorted(article_slugs(page))


def feed_slugs(reader, day, url):
    return sorted(
        path(entry.link).strip("/").split("/")[-1] for entry in feedparser.parse(on(day, reader, url)).entries
    )


def program_facets(new_context, day):
    """The tier choices of the news list's filter with their counts, e.g. {"nce": "NCE (2)"}."""
    with time_machine.travel(noon(day), tick=True):
        page = new_context().new_page()
        page.goto("/nyheter/")
        options = page.locator('select[name="program"] option')
        return {
            value: text.strip()
            for value, text in zip(
                options.evaluate_all("os => os.map(o => o.value)"), options.all_inner_texts(), strict=True
            )
            if value
        }


# What the editor does in the admin.


def run_action(page, tier, action):
    page.goto("/admin/clusters/tier/")
    page.locator(f'input[name="_selected_action"][value="{tier.pk}"]').check()
    offered = page.locator(f'select[name="action"] option[value="{action}"]')
    expect(offered, f"the editor is offered the action {action!r}").to_have_count(1, timeout=2000)
    page.locator('select[name="action"]').select_option(action)
    page.locator('#changelist-form button[name="index"]').click()


def record_decision(page, cluster, *, kind, tier=None, label=None, former_name=None, name=None):
    """Fill the empty decision row on the cluster's own page, dated the day of the change, and save."""
    page.goto(f"/admin/clusters/cluster/{cluster.pk}/change/")
    row = page.locator("#decisions-group .inline-related:not(.has_original):not(.empty-form)").first
    row.locator('input[name$="-effective_on"]').fill(admin_date(CHANGE))
    row.locator('select[name$="-kind"]').select_option(kind)
    if tier:
        row.locator('select[name$="-tier"]').select_option(label=tier)
    if label:
        row.locator('select[name$="-label"]').select_option(label=label)
    if former_name:
        row.locator('input[name$="-former_name"]').fill(former_name)
    row.locator('input[name$="-source_url"]').fill("https://example.org/kunngjoring")
    if name:
        page.locator("#id_name").fill(name)
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def test_an_editor_records_a_reorganisation_and_every_date_tells_the_truth(new_context, programme):
    clusters, written, later = programme["clusters"], programme["written"], programme["later"]
    reader = new_context()
    bookmark = "/nyheter/?program=nce"
    bookmarked = news_slugs(new_context, TODAY, bookmark)
    bookmarked_feed = feed_slugs(reader, TODAY, "/nyheter/rss/?program=nce")
    assert bookmarked == sorted([written["fjordhelse"], written["havbruk-nord"]])
    assert bookmarked_feed == bookmarked

    page, _ = log_in(new_context(viewport={"width": 1400, "height": 900}), groups=["Redaktør"])

    # A new tier, from the day of the change.
    page.goto("/admin/clusters/tier/add/")
    expect(page.locator("fieldset .description")).to_contain_text("plasseres klynger i det med beslutninger")
    page.locator("#id_name").fill("Arena Pro")
    page.locator("#id_short_name").press_sequentially("Arena Pro")
    expect(page.locator("#id_slug")).to_have_value("arena-pro")
    page.locator("#id_starts_on").fill(admin_date(CHANGE))
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    arena_pro = Tier.objects.get(slug="arena-pro")

    # NCE is retired from that day, and lives on as a label.
    nce = programme["tiers"]["nce"]
    run_action(page, nce, "retire")
    expect(page.locator("h1")).to_have_text("Avvikle programnivå")
    expect(page.locator(".help")).to_contain_text("står klyngene i det uten programnivå til de flyttes")
    page.locator('input[name="ends_on"]').fill(CHANGE.isoformat())
    page.get_by_role("button", name="Avvikle").click()
    expect(page.locator(".messagelist .success")).to_contain_text("NCE avvikles fra")
    run_action(page, nce, "make_label")
    expect(page.locator(".messagelist .success")).to_contain_text("Merket «")
    nce_label = Label.objects.get(from_tier=nce)

    # Clusters move up and down, one gets the label, one leaves, one is renamed.
    record_decision(page, clusters["fjordhelse"], kind="advanced", tier="GCE")
    record_decision(page, clusters["fjordhelse"], kind="label_granted", label=nce_label.name)
    record_decision(page, clusters["havbruk-nord"], kind="moved_down", tier="Arena")
    record_decision(page, clusters["nordlys-medtech"], kind="advanced", tier="Arena Pro")
    record_decision(
        page,
        clusters["nordlys-medtech"],
        kind="renamed",
        former_name="Nordlys Medtech",
        name="Nordlys Helseteknologi",
    )
    record_decision(page, clusters["oslo-tannhelse"], kind="left")

    # What readers see, day by day; every untruth is listed at the end.
    untrue = []

    def check(condition, what):
        if not condition:
            untrue.append(what)

    # Before the day: nothing has changed for readers.
    for day in [TODAY, BEFORE]:
        nce_page = on(day, reader, "/program/nce/")
        check("Historisk programnivå" not in nce_page, f"{day}: /program/nce/ is marked historic too early")
        check(
            clusters_listed(day, reader, "/program/nce/") == {"Fjordhelse", "Havbruk Nord"},
            f"{day}: /program/nce/ lists {clusters_listed(day, reader, '/program/nce/')}",
        )
        check(
            clusters_listed(day, reader, "/program/arena/") == {"Nordlys Medtech", "Oslo Tannhelse"},
            f"{day}: /program/arena/ lists {clusters_listed(day, reader, '/program/arena/')}",
        )
        check(
            "<h1>Nordlys Medtech</h1>" in on(day, reader, "/klynger/nordlys-medtech/"),
            f"{day}: the cluster page is not headed by the name it has until the rename takes effect",
        )
        check(news_slugs(new_context, day, bookmark) == bookmarked, f"{day}: {bookmark} changed")
    facets_before = program_facets(new_context, BEFORE)
    check(facets_before.get("nce") == "NCE (2)", f"{BEFORE}: NCE facet is {facets_before.get('nce')}")
    check("arena-pro" not in facets_before, f"{BEFORE}: Arena Pro offered before it starts")

    # On the day and after: the new programme, and the old news where it was.
    expected = {
        "/program/nce/": {"Fjordhelse", "Havbruk Nord"},  # on its last day
        "/program/gce/": {"Fjordhelse", "Subsea Bergen"},
        "/program/arena/": {"Havbruk Nord"},
        arena_pro.get_absolute_url(): {"Nordlys Helseteknologi"},
    }
    for day in [CHANGE, AFTER]:
        nce_page = on(day, reader, "/program/nce/")
        check("Historisk programnivå" in nce_page, f"{day}: /program/nce/ not marked historic")
        check(nce_label.name in nce_page, f"{day}: /program/nce/ does not name the label it lives on as")
        for url, names in expected.items():
            listed = clusters_listed(day, reader, url)
            check(listed == names, f"{day}: {url} lists {sorted(listed)}, not {sorted(names)}")

        fjordhelse = on(day, reader, "/klynger/fjordhelse/")
        check(
            re.search(r"NCE</a></strong>\s*fra [^<]* til og med", fjordhelse),
            f"{day}: Fjordhelse's timeline does not end its NCE period",
        )
        check(re.search(r"GCE</a></strong>\s*fra", fjordhelse), f"{day}: Fjordhelse's timeline lacks GCE")
        check(f"Merket «{nce_label.name}»" in fjordhelse, f"{day}: Fjordhelse's timeline lacks the label")
        nordlys = on(day, reader, "/klynger/nordlys-medtech/")
        check(
            "<h1>Nordlys Helseteknologi</h1>" in nordlys,
            f"{day}: the renamed cluster's page has the old name",
        )
        check("Het «Nordlys Medtech»" in nordlys, f"{day}: the timeline lacks the former name")
        check(
            "Gikk ut av programmet" in on(day, reader, "/klynger/oslo-tannhelse/"),
            f"{day}: Oslo Tannhelse's timeline does not say it left",
        )
        check(news_slugs(new_context, day, bookmark) == bookmarked, f"{day}: the bookmark {bookmark} changed")
        check(
            feed_slugs(reader, day, "/nyheter/rss/?program=nce") == bookmarked_feed,
            f"{day}: the NCE feed changed",
        )

    # After the day: news written since belongs to the tiers of its day.
    check(
        later["fjordhelse"] in news_slugs(new_context, AFTER, "/nyheter/?program=gce"),
        "news about Fjordhelse after the change is not under GCE",
    )
    check(
        later["nordlys-medtech"] in news_slugs(new_context, AFTER, "/nyheter/?program=arena-pro"),
        "news about Nordlys after the change is not under Arena Pro",
    )
    check(
        later["nordlys-medtech"] not in news_slugs(new_context, AFTER, "/nyheter/?program=arena"),
        "news about Nordlys after the change is under Arena",
    )
    facets_after = program_facets(new_context, AFTER)
    check("nce" not in facets_after, "the retired NCE is still offered as a filter")
    check(
        (facets_after.get("gce"), facets_after.get("arena-pro")) == ("GCE (2)", "Arena Pro (1)"),
        f"facet counts after the change: {facets_after}",
    )
    check(
        later["fjordhelse"] in feed_slugs(reader, AFTER, "/nyheter/rss/?program=gce"),
        "the GCE feed lacks the news written after the change",
    )
    assert not untrue, "Untrue for readers:\n" + "\n".join(untrue)
    assert Cluster.objects.get(slug="nordlys-medtech").former_names_list == ["Nordlys Medtech"]


def test_the_register_admin_pages_an_editor_uses_have_no_accessibility_violations(
    new_context, axe_js, programme
):
    page, _ = log_in(new_context(viewport=DESKTOP), groups=["Redaktør"])
    page.add_init_script(path=axe_js)
    cluster, nce = programme["clusters"]["fjordhelse"], programme["tiers"]["nce"]
    found = {}
    for url in [
        "/admin/clusters/tier/",
        "/admin/clusters/tier/add/",
        f"/admin/clusters/cluster/{cluster.pk}/change/",
        f"/admin/clusters/announcement/{cluster.decisions.get().announcement_id}/change/",
    ]:
        assert page.goto(url).status == 200
        found[url] = axe_violations(page)
    run_action(page, nce, "retire")
    found["the retire form"] = axe_violations(page)

    assert not any(found.values()), report(found)
