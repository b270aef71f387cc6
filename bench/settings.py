"""The benchmark's settings: production's (debug off), on the benchmark's own database and Redis.

`make bench` sets DATABASE_URL to its own PostgreSQL database and BENCH_REDIS_URL to a Redis
database number of its own. The URLconf adds one view, a trivial «hello», behind the same middleware:
the floor every page is measured against. It exists only here, never in production's URLs.
"""

import os
from pathlib import Path

VAR = Path(__file__).resolve().parent / "var"

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "b" * 50)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("DJANGO_HTTPS", "false")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("MEDIA_ROOT", str(VAR / "media"))
os.environ.setdefault("STATIC_ROOT", str(VAR / "static"))
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")

from helseinfo.settings import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
