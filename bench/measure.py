"""
Measure every page of the performance table on one benchmark database, in one process.

Requests go through Django's test Client: the whole middleware stack, the URLconf, the views and
templates, the real PostgreSQL and the real Redis (the benchmark's own database number), without a
server, a socket or a second process in between. On a machine of two cores shared with other work,
that keeps the figures about the application: the time is one request's from the first middleware to
the last byte of the response, the queries are counted on the connection, and every time is also
given as a multiple of a trivial «hello» view behind the same middleware, measured in the same run,
which cancels most of the machine's speed and load. gunicorn and the network add a fixed cost per
request that this leaves out; concurrency (several workers computing one thing at once) is left out.

Each page is measured twice: cold, with the whole cache emptied before every request, and warm, as
a reader meets it on a running site (the caches filled by other pages first; a "distinct" page never
requested before; a repeat view requested once before). `python -m bench.measure out.json`

A shared machine's speed drifts during a run, by half and more from one minute to the next. So the
hello view is also timed just before each request measured (hello_now()), and each row's multiple is
its median over the median of its own hellos: a page and its unit measured together.
"""

import json
import os
import random
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

SAMPLES = 12
SITEMAP_SAMPLES = 5
HELLO_PER_SAMPLE = 3
HELLO = "/bench/hello/"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ADMIN = "/admin/news/article/"


@dataclass
class Row:
    """One line of the table: what it measures, its target (× hello), and how to get its URLs."""

    key: str
    title: str
    target: float
    candidates: object  # (pages) -> the row's URLs
    distinct: bool = True  # each URL once in the run; else the URLs in turn, again and again
    repeat: bool = False  # each URL requested once, untimed, before it is measured
    staff: bool = False
    before_each: object = None  # (pages) -> None, run untimed before each request
    samples: int = SAMPLES


@dataclass
class Result:
    times: list = field(default_factory=list)
    queries: list = field(default_factory=list)
    statuses: list = field(default_factory=list)
    floors: list = field(default_factory=list)  # the hello view's times, taken between the requests

    def summary(self):
        times = sorted(self.times)
        median = statistics.median(times)
        floor = statistics.median(self.floors)
        return {
            "median_ms": round(median * 1000, 2),
            "p90_ms": round(times[min(len(times) - 1, round(0.9 * (len(times) - 1)))] * 1000, 2),
            "max_ms": round(times[-1] * 1000, 2),
            "queries": round(statistics.median(self.queries)),
            "queries_max": max(self.queries),
            "ratio": round(median / floor, 1),
            "floor_ms": round(floor * 1000, 3),
            "samples": len(times),
            "statuses": sorted(set(self.statuses)),
        }


class Pages:
    """The benchmark database's URLs of each kind, chosen once, in a fixed order."""

    def __init__(self, seed=12):
        from clusters.models import Cluster, Region, Tier
        from news.models import Article, Category

        self.rng = random.Random(seed)
        published = Article.objects.published()
        self.count = published.count()
        self.articles = list(published.order_by("pk").values_list("slug", flat=True))
        self.rng.shuffle(self.articles)
        self.clusters = list(Cluster.objects.order_by("pk").values_list("slug", "name"))
        self.rng.shuffle(self.clusters)
        self.regions = list(Region.objects.order_by("pk").values_list("slug", flat=True))
        self.categories = list(Category.objects.order_by("pk").values_list("slug", flat=True))
        self.tiers = list(Tier.objects.order_by("order").values_list("slug", flat=True))
        self.used = set()

    def fresh(self, candidates, n):
        """n of `candidates` not handed out before in this run: a distinct page is requested once."""
        found = [url for url in dict.fromkeys(candidates) if url not in self.used][:n]
        self.used.update(found)
        return found

    def search_words(self):
        from news import volume_text as text

        words = [*text.OUTCOMES, *(place.lower() for place in text.PLACES), *text.FIRST_NAMES]
        compounds = [p + h[0] for p in text.PREFIXES[:30] for h in text.HEADS[:20]]
        words += self.rng.sample(compounds, len(compounds))
        self.rng.shuffle(words)
        return words

    def spread(self, files):
        """The first (the index) first, then the others in a random order: deep pages too."""
        return files[:1] + self.rng.sample(files[1:], len(files) - 1)

    def searches(self):
        return [f"/nyheter/?{urlencode({'q': word})}" for word in self.search_words()]

    def admin_searches(self):
        return [f"{ADMIN}?{urlencode({'q': word})}" for word in self.search_words()]

    def cluster_searches(self):
        return [f"/nyheter/?{urlencode({'q': word})}" for word in self.cluster_words()]

    def article_pages(self):
        return [f"/nyheter/{slug}/" for slug in self.articles]

    def cluster_words(self):
        words = {word for _, name in self.clusters for word in name.split() if len(word) > 3}
        words -= {"Arena", "Cluster"}
        return sorted(words, key=lambda word: self.rng.random())

    def filtered(self):
        """Lists filtered one way or two, some on their second page."""
        pick = self.rng.choice
        for n in range(5_000):
            year = pick(range(2015, 2026))
            query = [
                {"klynge": pick(self.clusters)[0]},
                {"region": pick(self.regions)},
                {"kategori": pick(self.categories)},
                {"program": pick(self.tiers), "side": 2},
                {"fra": f"{year}-01-01", "til": f"{year}-12-31"},
                {"program": pick(self.tiers), "region": pick(self.regions)},
                {"klynge": pick(self.clusters)[0], "kategori": pick(self.categories)},
            ][n % 7]
            yield f"/nyheter/?{urlencode(query)}"

    def deep_pages(self):
        """Pages in the last quarter of the unfiltered list (20 articles a page)."""
        last = max(1, self.count // 20)
        pages = self.rng.sample(range(last * 3 // 4, last + 1), k=min(200, last // 4 + 1))
        return [f"/nyheter/?side={page}" for page in pages]

    def register_pages(self):
        """A cluster's page, a tier's page, and the feeds of a cluster, a filter or a tier."""
        pick = self.rng.choice
        kinds = [
            lambda slug: f"/klynger/{slug}/",
            lambda slug: f"/program/{pick(self.tiers)}/?{urlencode({'side': self.rng.randint(1, 3)})}",
            lambda slug: f"/klynger/{slug}/rss/",
            lambda slug: f"/nyheter/rss/?klynge={slug}",
            lambda slug: (
                f"/nyheter/atom/?{urlencode({'program': pick(self.tiers), 'region': pick(self.regions)})}"
            ),
        ]
        for n, (slug, _) in enumerate(self.clusters * 20):
            yield kinds[n % len(kinds)](slug)


def sitemap_files(client):
    """`/sitemap.xml`, and if it is an index, the files it lists (as paths with their query)."""
    response = client.get("/sitemap.xml")
    found = ["/sitemap.xml"]
    if response.status_code == 200 and b"<sitemapindex" in response.content[:500]:
        for loc in ET.fromstring(response.content).iter(f"{{{SITEMAP_NS}}}loc"):
            parts = urlsplit(loc.text.strip())
            found.append(f"{parts.path}?{parts.query}" if parts.query else parts.path)
    return found


def publish_one(pages):
    """What a journalist's publishing does to the caches: an article saved through the model."""
    from news.models import Article

    article = Article.objects.published().order_by("-publish_at").first()
    article.save()


REPEATED = ["/", "/nyheter/", "/klynger/", "/nyheter/rss/"]


def rows(client):
    sitemaps = sitemap_files(client)
    return [
        Row("sitemap", "`/sitemap.xml` (each file of it)", 100, lambda pages: pages.spread(sitemaps)),
        Row("search", "search, a new word each time", 150, Pages.searches),
        Row("search_cluster", "search for a word in a cluster's name", 150, Pages.cluster_searches),
        Row("admin", "admin article changelist", 60, lambda pages: [ADMIN], distinct=False, staff=True),
        Row("admin_search", "admin search, a new word each time", 150, Pages.admin_searches, staff=True),
        Row(
            "list_after_publish",
            "list, first request after a publish",
            300,
            lambda pages: ["/nyheter/"],
            distinct=False,
            before_each=publish_one,
        ),
        Row("deep_page", "`/nyheter/?side=` deep page", 60, Pages.deep_pages),
        Row("filtered", "`/nyheter/`, filtered lists, distinct pages", 60, Pages.filtered),
        Row("article", "article, distinct articles", 25, Pages.article_pages),
        Row("register", "cluster, tier pages, feeds", 40, Pages.register_pages),
        Row(
            "repeat",
            "any public page, repeat anonymous view",
            3,
            lambda pages: REPEATED,
            distinct=False,
            repeat=True,
        ),
    ]


@contextmanager
def counting(connection):
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        yield count


def timed_get(client, url):
    from django.db import connection

    with counting(connection) as count:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
    return elapsed, count[0], response.status_code


def floor(client, n=200):
    """The median time of the hello view, at the start and the end of a run: the run's floor, reported
    beside the floors each row measured between its own requests (Result.floors)."""
    for _ in range(20):
        client.get(HELLO)
    return statistics.median(timed_get(client, HELLO)[0] for _ in range(n))


def hello_now(client):
    """HELLO_PER_SAMPLE times of the hello view, taken after as many untimed: the view as fast as the
    floor() loop finds it, not slowed by the page measured before it, which left the processor's
    caches full of its own work."""
    times = [timed_get(client, HELLO)[0] for _ in range(2 * HELLO_PER_SAMPLE)]
    return times[HELLO_PER_SAMPLE:]


def measure_row(row, pages, anonymous, staff, cold):
    from django.core.cache import cache

    client = staff if row.staff else anonymous
    candidates = row.candidates(pages)
    if row.distinct:
        urls = pages.fresh(candidates, row.samples)
    else:
        urls = (list(candidates) * row.samples)[: row.samples]
    result = Result()
    if not cold:  # the shared caches warm (facet counts, the news generation), and the admin's
        anonymous.get("/nyheter/")
        staff.get(ADMIN)
    for url in urls:
        if row.before_each:
            row.before_each(pages)
        if cold:
            cache.clear()
        elif row.repeat:
            client.get(url)
        result.floors += hello_now(anonymous)
        elapsed, queries, status = timed_get(client, url)
        result.times.append(elapsed)
        result.queries.append(queries)
        result.statuses.append(status)
    return result


def run(samples=SAMPLES, sitemap_samples=SITEMAP_SAMPLES):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from news.models import Article

    user, _ = get_user_model().objects.get_or_create(
        username="testdata-bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    staff = Client(raise_request_exception=False)
    staff.force_login(user)
    anonymous = Client(raise_request_exception=False)
    pages = Pages()
    table = rows(anonymous)
    if only := os.environ.get("BENCH_ROWS"):  # "admin_search,filtered": those rows alone
        table = [row for row in table if row.key in only.split(",")]
    for row in table:
        row.samples = sitemap_samples if row.key == "sitemap" else samples
    start_floor = floor(anonymous)
    measured = {}
    for row in table:
        measured[row.key] = {"title": row.title, "target": row.target}
        for mode in ("warm", "cold"):
            measured[row.key][mode] = measure_row(row, pages, anonymous, staff, cold=(mode == "cold"))
            print(f"{row.key} {mode}: {len(measured[row.key][mode].times)} requests", file=sys.stderr)
    hello = statistics.median([start_floor, floor(anonymous)])
    for entry in measured.values():
        for mode in ("warm", "cold"):
            entry[mode] = entry[mode].summary()
    return {
        "articles": Article.objects.count(),
        "published": pages.count,
        "hello_ms": round(hello * 1000, 3),
        **memory(),
        "rows": measured,
    }


def memory():
    """The database's size and PostgreSQL's own buffers: what they cannot hold is read through the
    operating system (its cache, or the disk where the machine reclaimed it), a cost of its own."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_database_size(current_database()), pg_size_bytes(current_setting('shared_buffers'))"
        )
        database, buffers = cursor.fetchone()
    return {"database_mb": round(database / 2**20), "shared_buffers_mb": round(buffers / 2**20)}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    # The application loaded as an app server's worker loads it: django.setup(), then what loading made
    # left out of the collector's full collections (gc.freeze()).
    import helseinfo.wsgi  # noqa: F401

    result = run(int(os.environ.get("BENCH_SAMPLES", SAMPLES)))
    with open(sys.argv[1], "w") as out:
        json.dump(result, out, indent=2)
