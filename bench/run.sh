#!/usr/bin/env bash
# Benchmark: every page of the performance table at 10,000 and 100,000 articles, cache cold and warm,
# as multiples of a trivial «hello» view measured in the same run, and two photo uploads (24 and 49
# megapixels). A Markdown table on stdout; everything in bench/results/<UTC time>.json.
#
# Each scale has a PostgreSQL database of its own (helseinfo_bench_10k, helseinfo_bench_100k on
# BENCH_DATABASE_BASE, default postgres://postgres@127.0.0.1:5432/), created when missing, migrated
# and filled by `manage.py generate_volume`, which keeps the data of an earlier run when it has the
# same count and generator version. The cache is Redis database BENCH_REDIS_URL
# (redis://127.0.0.1:6379/5), a number of its own: the cold measurements empty it. Media and static
# files go to bench/var/. Settings: BENCH_SCALES ("10000 100000"), BENCH_SAMPLES (12 per page and mode),
# BENCH_ROWS (some rows of the table only, by key: "admin_search,filtered").
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=$PWD/.venv/bin
BASE=${BENCH_DATABASE_BASE:-postgres://postgres@127.0.0.1:5432/}
SCALES=${BENCH_SCALES:-"10000 100000"}
export DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=$PWD
mkdir -p bench/var

databases=()
for count in $SCALES; do
    if (( count % 1000 == 0 )); then name=helseinfo_bench_$((count / 1000))k; else name=helseinfo_bench_$count; fi
    url=$BASE$name
    if ! psql "${BASE}postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
        psql "${BASE}postgres" -qc "CREATE DATABASE $name"
    fi
    echo "$name: $count articles" >&2
    # Setup runs with debug on: load_demo and generate_volume refuse anything but a local setup.
    export DATABASE_URL=$url
    DJANGO_DEBUG=true $BIN/python manage.py migrate --noinput -v0
    DJANGO_DEBUG=true $BIN/python manage.py load_demo -v0
    DJANGO_DEBUG=true $BIN/python manage.py generate_volume --yes --count "$count"
    # What an earlier run's publishing left (dead rows, stale statistics), as autovacuum would clear it
    # in production; this machine's PostgreSQL may run without autovacuum.
    psql "$url" -qc "VACUUM (ANALYZE)"
    # A server that has been running holds its database's files in memory; a database just written,
    # or a machine that dropped its page cache, reads them from disk, 2-4 ms more per list page.
    # Read every table and index once (pg_prewarm, "read": into the operating system's cache).
    psql "$url" -qAtc "CREATE EXTENSION IF NOT EXISTS pg_prewarm" \
        -c "SELECT sum(pg_prewarm(oid, 'read')) AS blocks FROM pg_class
            WHERE relkind IN ('r', 'i', 't', 'm') AND relnamespace IN ('public'::regnamespace, 'pg_toast'::regnamespace)" \
        >/dev/null || echo "pg_prewarm is not available: the first reads of each page come from disk" >&2
    databases+=("$count=$url")
done
$BIN/python manage.py collectstatic --noinput -v0

$BIN/python -m bench.run "${databases[@]}"
