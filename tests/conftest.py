import os
from datetime import date

import pytest
from hypothesis import settings as hypothesis_settings

from tests.builders import make_announcement, make_cluster, make_decision, make_region, make_tier

pytest_plugins = ["tests.s3"]  # object storage: a SeaweedFS server, a bucket per test

# Property-based tests (tests/test_fuzz_*.py): a bounded, reproducible run by default; `make fuzz`
# (HYPOTHESIS_PROFILE=fuzz) runs many more examples and keeps the failing ones in .hypothesis/.
hypothesis_settings.register_profile("ci", max_examples=25, deadline=None, derandomize=True, database=None)
hypothesis_settings.register_profile("fuzz", max_examples=1000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: nothing cached by one test answers another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def register(db):
    """The cluster register most tests need: three tiers, two regions, two announcements, and
    Health Technology (Oslo, NCE, once Oslo Medtech), GCE Subsea (Bergen, GCE) and Klynge som vokste
    (Bergen, admitted to Arena in 2014, advanced to NCE in 2017)."""
    tiers = {
        "gce": make_tier(name="Global Centres of Expertise", short_name="GCE", slug="gce", order=1),
        "nce": make_tier(
            name="Norwegian Centres of Expertise",
            short_name="NCE",
            slug="nce",
            order=2,
            description="program for etablerte klynger med en nasjonalt ledende posisjon",
        ),
        "arena": make_tier(name="Arena", short_name="Arena", slug="arena", order=3),
    }
    regions = {
        "oslo": make_region(name="Oslo", slug="oslo"),
        "bergen": make_region(name="Bergen", slug="bergen"),
    }
    announcement_2014 = make_announcement(
        title="Nye klynger 2014",
        slug="nye-klynger-2014",
        date=date(2014, 6, 20),
        date_note="Dagen er ikke oppgitt i kilden.",
        announced_by="næringsminister Monica Mæland",
        summary="Sju nye klynger.",
        budget_nok=137_000_000,
        budget_year=2015,
        active_projects=39,
    )
    announcement_2017 = make_announcement(
        title="Nye klynger 2017", slug="nye-klynger-2017", date=date(2017, 6, 1)
    )
    health = make_cluster(
        name="Health Technology",
        slug="health-technology",
        former_names="Oslo Medtech",
        region=regions["oslo"],
        members=175,
        members_as_of=date(2014, 6, 1),
        leader="Kathrine Myhre",
        website="https://example.org/health",
        description="Klyngen for helseteknologi.",
    )
    subsea = make_cluster(name="GCE Subsea", slug="gce-subsea", region=regions["bergen"])
    grower = make_cluster(name="Klynge som vokste", slug="klynge-som-vokste", region=regions["bergen"])
    make_decision(cluster=health, tier=tiers["nce"], announcement=announcement_2014)
    make_decision(cluster=subsea, tier=tiers["gce"], announcement=announcement_2014)
    make_decision(cluster=grower, tier=tiers["arena"], announcement=announcement_2014)
    make_decision(cluster=grower, tier=tiers["nce"], announcement=announcement_2017, kind="advanced")
    return {
        "tiers": tiers,
        "regions": regions,
        "health": health,
        "subsea": subsea,
        "grower": grower,
        "announcement": announcement_2014,
    }


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The transactional tests last, and tests marked `postgresql` skipped on SQLite (they need its
    full-text search).

    A transactional test (the browser tests' live server, concurrent saves) empties the database, and
    with it what the data migrations wrote, which a few tests compare with (tests/test_builders.py).
    pytest-django puts those tests last, as Django does, but pytest then regroups the items by their
    session-scoped parameters (the browser tests' `chromium`), which moved them ahead of others: run
    here after it, the same order again, otherwise as pytest left it."""
    items.sort(key=is_transactional)
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)")
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)


def is_transactional(item):
    """Whether a test empties the database when it ends (pytest-django's rule)."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    fixtures = getattr(item, "fixturenames", ())
    return "transactional_db" in fixtures or "live_server" in fixtures
