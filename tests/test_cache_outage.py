"""Redis is a cache, not a dependency: when it is down or hung the site serves uncached and saves."""

import logging
import shutil
import socket
import subprocess
import time
import uuid

import pytest
import redis
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from pytest_django.asserts import assertContains

from helseinfo.cache import ResilientRedisCache
from helseinfo.settings import redis_cache
from news.models import Article, Correction
from tests.admin_forms import form_data
from tests.builders import (
    category,
    logged_in,
    make_article,
    make_cluster,
    make_journalist,
    make_user,
)

pytestmark = pytest.mark.django_db

DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1
LIVE = "redis://127.0.0.1:6379/15"


@pytest.fixture(autouse=True)
def _fresh_outage_state(monkeypatch):
    """The backend remembers an outage per process; each test starts with none."""
    monkeypatch.setattr(ResilientRedisCache, "down_until", 0.0)
    monkeypatch.setattr(ResilientRedisCache, "next_log", 0.0)


def cache_at(url, **overrides):
    """The production cache at `url`, for the length of the test (restored before the test's cleanup
    clears the cache, so that no test ever flushes a real Redis database)."""
    return override_settings(CACHES={"default": redis_cache(url) | overrides})


@pytest.fixture
def dead_redis():
    with cache_at(DEAD):
        yield


@pytest.fixture
def live_redis():
    prefix = f"helseinfo-test-{uuid.uuid4().hex}"
    server = redis.Redis.from_url(LIVE)
    try:
        server.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    with cache_at(LIVE, KEY_PREFIX=prefix):
        yield server, prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(port):
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            return server
        except redis.ConnectionError:
            time.sleep(0.05)
    server.kill()
    pytest.fail("redis-server did not start")


def stop_redis(server):
    server.terminate()
    server.wait(timeout=10)


def test_pages_are_served_uncached_when_redis_is_down(client, dead_redis):
    article = make_article(headline="Klynger seg for helseteknologi")

    for url in ["/", "/nyheter/", "/nyheter/?q=helseteknologi", article.get_absolute_url(), "/nyheter/rss/"]:
        assertContains(client.get(url), "Klynger seg for helseteknologi", msg_prefix=url)


def test_what_is_kept_for_the_generation_is_read_afresh_when_redis_is_down(client, dead_redis):
    """The cluster pages' facts, the authors' names, the articles with corrections, the register that
    the klynge filter and the cluster feeds find clusters in: each request reads them itself."""
    cluster = make_cluster(name="Oslo Medtech", slug="oslo-medtech")
    author = make_user(first_name="Kari", last_name="Nordmann")
    article = make_article(headline="Klynger seg for helseteknologi", clusters=[cluster], authors=[author])
    Correction.objects.create(article=article, text="Tallet var feil.")

    for url, shown in [
        ("/klynger/oslo-medtech/", "Klynger seg for helseteknologi"),
        ("/klynger/oslo-medtech/rss/", "Klynger seg for helseteknologi"),
        ("/nyheter/feed.json?klynge=oslo-medtech", "Kari Nordmann"),
        ("/nyheter/?klynge=oslo-medtech", "Klynger seg for helseteknologi"),
        (article.get_absolute_url(), "Tallet var feil."),
    ]:
        assertContains(client.get(url), shown, msg_prefix=url)
    assert client.get("/klynger/finnes-ikke/").status_code == 404


def test_an_article_saved_in_the_admin_is_kept_when_redis_is_down(dead_redis):
    client = logged_in(make_journalist())
    add = reverse("admin:news_article_add")
    typed = {"headline": "Lagret under brudd", "slug": "lagret-under-brudd", "category": category().pk}

    response = client.post(add, form_data(client.get(add), **typed))

    assert response.status_code == 302
    assert Article.objects.get().headline == "Lagret under brudd"


def test_the_outage_is_logged_once_per_interval_not_per_request(client, dead_redis, caplog, monkeypatch):
    monkeypatch.setattr(ResilientRedisCache, "RETRY_AFTER", 0)  # every request tries Redis again
    make_article()

    with caplog.at_level(logging.ERROR, logger="helseinfo.cache"):
        for _ in range(3):
            assert client.get("/nyheter/").status_code == 200

    assert [r.getMessage().split(":")[0] for r in caplog.records] == [
        "Redis cache unreachable, serving without cache"
    ]


def test_an_unreachable_redis_answers_every_operation_as_an_empty_cache(dead_redis):
    assert cache.get("nøkkel", "standard") == "standard"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("a", 1) is False
    assert cache.set("a", 1) is None
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.touch("a") is False
    assert cache.has_key("a") is False
    assert cache.delete("a") is False
    assert cache.delete_many(["a"]) is None
    assert cache.get_or_set("a", 7) == 7
    with pytest.raises(ValueError):
        cache.incr("a")
    with pytest.raises(ValueError):
        cache.decr("a")


def test_a_hung_redis_costs_one_short_timeout_not_one_per_cache_call():
    with socket.socket() as hung:  # accepts connections, never answers
        hung.bind(("127.0.0.1", 0))
        hung.listen()
        with cache_at(f"redis://127.0.0.1:{hung.getsockname()[1]}/0"):
            started = time.monotonic()
            first = cache.get("a", "standard")
            first_took = time.monotonic() - started
            started = time.monotonic()
            rest = [cache.get("a", "standard") for _ in range(20)]
            rest_took = time.monotonic() - started

    assert first == "standard" and first_took < 1.5
    assert set(rest) == {"standard"} and rest_took < 0.1


def test_with_redis_up_the_pages_share_their_cache_through_it(client, live_redis):
    server, prefix = live_redis
    make_article(headline="Klynger seg for helseteknologi")

    response = client.get("/nyheter/")

    assert response.status_code == 200
    assert any(b"news:generation" in key for key in server.scan_iter(f"{prefix}:*"))
    assert client.get("/healthz").content.decode() == "database: ok\ncache: ok\n"


def test_one_redis_client_serves_every_cache_call(live_redis):
    clients = {id(cache._cache.get_client(write=write)) for write in (False, True, False)}
    assert len(clients) == 1
    cache.set("a", 1)
    assert cache.get_many(["a", "b"]) == {"a": 1}


@pytest.mark.skipif(not shutil.which("redis-server"), reason="no redis-server to stop and start")
def test_the_cache_is_used_again_when_redis_comes_back_without_a_restart(client, monkeypatch):
    monkeypatch.setattr(ResilientRedisCache, "RETRY_AFTER", 0.2)
    port = free_port()
    server = start_redis(port)
    try:
        with cache_at(f"redis://127.0.0.1:{port}/0"):
            cache.set("a", "før")
            assert cache.get("a") == "før"

            stop_redis(server)
            assert cache.get("a", "borte") == "borte"
            assert client.get("/healthz").content.decode() == "database: ok\ncache: degraded\n"

            server = start_redis(port)
            time.sleep(0.3)
            cache.set("a", "etter")
            assert cache.get("a") == "etter"
            assert client.get("/healthz").content.decode() == "database: ok\ncache: ok\n"
    finally:
        stop_redis(server)
