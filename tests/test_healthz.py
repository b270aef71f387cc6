"""/healthz: 200 while this server can serve readers (with or without its cache), 503 when it cannot."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helseinfo.cache import ResilientRedisCache
from helseinfo.settings import redis_cache

ROOT = Path(__file__).resolve().parent.parent

GET_HEALTHZ = (
    "import django; django.setup(); from django.test import Client; "
    "r = Client().get('/healthz'); print(r.status_code, repr(r.content.decode()))"
)


def test_healthz_answers_ok_when_the_database_and_the_cache_answer(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content.decode() == "database: ok\ncache: ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_200_and_says_degraded_when_the_cache_is_unreachable(
    client, db, settings, monkeypatch
):
    monkeypatch.setattr(ResilientRedisCache, "down_until", 0.0)
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:1/0")}

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content.decode() == "database: ok\ncache: degraded\n"


@pytest.mark.parametrize("redis_url", ["", "redis://127.0.0.1:1/0"])
def test_healthz_answers_503_without_a_stack_trace_when_the_database_is_unreachable(redis_url):
    # A real connection attempt to a port where nothing listens.
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "helseinfo.settings_test",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/helseinfo",
    }
    script = GET_HEALTHZ
    if redis_url:
        script = (
            "from helseinfo import settings_test as s; "
            f"s.CACHES = {{'default': s.redis_cache({redis_url!r})}}; " + script
        )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    cache = "degraded" if redis_url else "ok"
    assert result.stdout.strip() == f"503 'database: unavailable\\ncache: {cache}\\n'"
