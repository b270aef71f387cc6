"""news/cache.py: a value the news pages share is computed by one process while the others wait for it,
and the generation it is kept for changes with anything a page could show."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from helseinfo.cache import ResilientRedisCache
from helseinfo.settings import redis_cache
from news import cache as news_cache
from news.cache import generation, remember
from news.models import Article
from tests.builders import make_article, make_cluster, make_photo, make_user


class Computation:
    """A count of published articles on the calling thread's own connection, held until released."""

    def __init__(self):
        self.callers, self.started, self.release = [], threading.Event(), threading.Event()

    def __call__(self):
        self.callers.append(threading.current_thread().name)
        self.started.set()
        self.release.wait(10)
        return Article.objects.published().count()


def ask_in_thread(name, computation, results):
    def ask():
        try:
            results[name] = remember("published-count", ["alle"], computation)
        finally:
            connection.close()

    thread = threading.Thread(target=ask, name=name)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_two_workers_asking_at_once_run_the_computation_once():
    make_article()
    computation, results = Computation(), {}
    first = ask_in_thread("first", computation, results)
    assert computation.started.wait(10)
    second = ask_in_thread("second", computation, results)
    second.join(0.3)
    assert second.is_alive(), "the second waits for the value the first is computing"

    computation.release.set()
    first.join(10)
    second.join(10)

    assert computation.callers == ["first"]
    assert results == {"first": 1, "second": 1}


@pytest.mark.django_db(transaction=True)
def test_a_worker_waits_only_so_long_for_another_then_computes_itself(monkeypatch):
    monkeypatch.setattr(news_cache, "WAIT_SECONDS", 0.2)
    make_article()
    stuck_computation, results = Computation(), {}
    stuck = ask_in_thread("stuck", stuck_computation, results)
    assert stuck_computation.started.wait(10)

    own = Computation()
    own.release.set()
    second = ask_in_thread("second", own, results)
    second.join(10)

    assert results == {"second": 1}, "the second did not wait for the stuck one to finish"
    stuck_computation.release.set()
    stuck.join(10)
    assert results == {"second": 1, "stuck": 1}


@pytest.mark.django_db
def test_without_a_cache_every_worker_computes_at_once(monkeypatch):
    monkeypatch.setattr(ResilientRedisCache, "down_until", 0.0)
    monkeypatch.setattr(ResilientRedisCache, "next_log", 0.0)
    calls = []
    with override_settings(CACHES={"default": redis_cache("redis://127.0.0.1:1/0")}):
        for _ in range(2):
            assert remember("noe", [], lambda: calls.append(1) or 7) == 7
    assert len(calls) == 2


@pytest.mark.django_db
def test_a_value_is_computed_once_per_generation():
    calls = []
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert remember("noe", [], compute) == remember("noe", [], compute) == 1
    make_article()
    assert remember("noe", [], compute) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        lambda: make_cluster(),
        lambda: make_photo(),
        lambda: make_article(status=Article.Status.DRAFT).delete(),
        lambda: make_user(first_name="Ny"),
    ],
    ids=["cluster", "photo", "article deleted", "author"],
)
def test_each_change_a_page_could_show_starts_a_new_generation(change):
    before = generation()
    change()
    assert generation() != before


@pytest.mark.django_db
def test_a_login_does_not_start_a_new_generation(client):
    user = make_user()
    before = generation()
    client.force_login(user)
    assert generation() == before


@pytest.mark.django_db
def test_a_cleared_cache_starts_a_new_generation():
    before = generation()
    cache.clear()
    assert generation() not in (None, before)
