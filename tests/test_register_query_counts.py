"""The public pages of the register and the news make the same number of queries however many
decisions the register holds: timelines, tiers then and labels are read in one query each."""

from datetime import date

import pytest

from clusters.models import Decision
from tests.builders import count_queries, make_article, make_cluster, make_decision, make_label

Kind = Decision.Kind


def add_history(register, rounds):
    """`rounds` more years of decisions: each cluster moves between tiers, gains and loses a label
    and is renamed, and ends the rounds in NCE; an article about them all each round."""
    tiers, label = register["tiers"], make_label()
    clusters = [register["health"], register["grower"], register["subsea"], make_cluster(regions=[])]
    for year in range(2015, 2015 + rounds):
        for cluster in clusters:
            tier = tiers[["gce", "nce", "arena"][year % 3]]
            make_decision(cluster=cluster, tier=tier, kind=Kind.ADVANCED, effective_on=date(year, 1, 1))
            make_decision(
                cluster=cluster, kind=Kind.LABEL_GRANTED, label=label, effective_on=date(year, 2, 1)
            )
            make_decision(
                cluster=cluster, kind=Kind.LABEL_WITHDRAWN, label=label, effective_on=date(year, 3, 1)
            )
            make_decision(
                cluster=cluster,
                kind=Kind.RENAMED,
                former_name=f"{cluster.name} {year}",
                effective_on=date(year, 4, 1),
            )
        make_article(clusters=clusters)
    for cluster in clusters:
        make_decision(
            cluster=cluster, tier=tiers["nce"], kind=Kind.MOVED_DOWN, effective_on=date(2015 + rounds, 1, 1)
        )
    make_article(clusters=clusters)


@pytest.mark.parametrize(
    "url",
    [
        "/nyheter/",
        "/nyheter/?program=nce&region=oslo",
        "/nyheter/rss/?program=nce",
        "/nyheter/atom/?program=nce&region=oslo",
        "/klynger/health-technology/rss/",
        "/klynger/",
        "/klynger/health-technology/",
        "/program/",
        "/program/nce/",
        "/kunngjoringer/nye-klynger-2014/",
    ],
)
def test_pages_take_as_many_queries_with_few_decisions_as_with_many(client, register, url):
    add_history(register, 1)
    few = count_queries(client, url)
    add_history(register, 8)
    assert count_queries(client, url) == few


def test_the_article_page_takes_as_many_queries_with_few_decisions_as_with_many(client, register):
    article = make_article(clusters=[register["health"], register["grower"], register["subsea"]])
    add_history(register, 1)
    few = count_queries(client, article.get_absolute_url())
    add_history(register, 8)
    assert count_queries(client, article.get_absolute_url()) == few
