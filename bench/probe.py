"""
One page, measured the way `make bench` does, for working on it: its median time, its queries (with
their SQL and times, `--sql`) and its ratio to the hello view, warm or cold, and where the time goes
(`--profile`, cProfile's top functions).

    DATABASE_URL=postgres://…/helseinfo_bench_100k python -m bench.probe /nyheter/?side=4000 [--cold]
        [--staff] [--n 10] [--sql] [--profile]

Several URLs are measured in turn; `--distinct` treats them as distinct pages (each once, after one
warm-up request to another page), as the benchmark's "distinct" rows do.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--cold", action="store_true", help="empty the cache before every request")
    parser.add_argument("--staff", action="store_true")
    parser.add_argument("--distinct", action="store_true", help="each URL once")
    parser.add_argument("--sql", action="store_true", help="print each query with its time")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    import helseinfo.wsgi  # noqa: F401  (loaded as bench.measure loads it: as an app server's worker)
    from bench.measure import floor

    client = Client(raise_request_exception=True)
    if args.staff:
        user, _ = get_user_model().objects.get_or_create(
            username="testdata-bench-admin", defaults={"is_staff": True, "is_superuser": True}
        )
        client.force_login(user)
    hello = floor(Client(), n=100)
    client.get("/nyheter/")  # the shared caches warm
    urls = args.urls if args.distinct else args.urls * args.n
    times, queries = [], []
    profile = cProfile.Profile() if args.profile else None
    for url in urls:
        if args.cold:
            cache.clear()
        log = []

        def record(execute, sql, params, many, context, log=log):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                log.append((time.perf_counter() - start, sql))

        with connection.execute_wrapper(record):
            if profile:
                profile.enable()
            start = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - start
            if profile:
                profile.disable()
        times.append(elapsed)
        queries.append(len(log))
        if args.sql and url is urls[-1]:
            shown = int(os.environ.get("PROBE_SQL_CHARS", 300))
            for took, sql in log:
                print(f"  {took * 1000:7.2f} ms  {sql[:shown]}")
        print(
            f"{response.status_code} {elapsed * 1000:8.2f} ms {len(log):3} q "
            f"(sql {sum(t for t, _ in log) * 1000:.1f} ms) {url}",
            file=sys.stderr,
        )
    median = statistics.median(times)
    print(
        f"median {median * 1000:.2f} ms, {statistics.median(queries)} queries, "
        f"hello {hello * 1000:.3f} ms, ratio {median / hello:.1f}×"
    )
    if profile:
        order, lines = os.environ.get("PROBE_SORT", "cumulative"), int(os.environ.get("PROBE_LINES", 45))
        pstats.Stats(profile).sort_stats(order).print_stats(lines)


if __name__ == "__main__":
    main()
