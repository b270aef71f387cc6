import os

import pytest
from hypothesis import settings as hypothesis_settings


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


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` need PostgreSQL's full-text search: skip them on SQLite."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)")
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)
