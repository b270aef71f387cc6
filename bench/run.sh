#!/usr/bin/env bash
# Benchmark: the public pages served by gunicorn over 100,000 generated articles, measured with wrk.
#
# Uses its own database (bench/var/bench.sqlite3, or DATABASE_URL for PostgreSQL: create the
# database first), its own media and static folders, and only ever talks to 127.0.0.1.
# Settings: BENCH_ARTICLES (100000), BENCH_DURATION (10s), BENCH_THREADS (2),
# BENCH_CONNECTIONS (16), BENCH_TIMEOUT (10s), BENCH_WORKERS (2 per CPU), BENCH_URLS (paths).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
VAR=$PWD/bench/var
ARTICLES=${BENCH_ARTICLES:-100000}
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
TIMEOUT=${BENCH_TIMEOUT:-10s}
WORKERS=${BENCH_WORKERS:-$(( $(nproc) * 2 ))}
URLS=${BENCH_URLS:-"/ /nyheter/ /nyheter/?program=nce /nyheter/?q=helse /nyheter/?klynge=health-technology \
/nyheter/?region=oslo /nyheter/?kategori=helseblogg /nyheter/?fra=2020-01-01&til=2020-12-31 /nyheter/?side=200 \
/nyheter/klynger-seg-for-helseteknologi/ /klynger/ /klynger/health-technology/ /program/nce/ /nyheter/rss/ \
/nyheter/atom/?program=nce /klynger/health-technology/rss/"}

mkdir -p "$VAR"
export DATABASE_URL=${DATABASE_URL:-sqlite:///$VAR/bench.sqlite3}
export MEDIA_ROOT=$VAR/media STATIC_ROOT=$VAR/static DJANGO_LOG_LEVEL=WARNING
echo "Benchmark database: ${DATABASE_URL%%://*} (${DATABASE_URL##*/})"

# Setup runs with debug on: load_demo and generate_volume refuse anything but a local setup.
DJANGO_DEBUG=true $BIN/python manage.py migrate --noinput -v0
DJANGO_DEBUG=true $BIN/python manage.py load_demo -v0
DJANGO_DEBUG=true $BIN/python manage.py generate_volume --yes --count "$ARTICLES"
DJANGO_DEBUG=true $BIN/python manage.py collectstatic --noinput -v0

PORT=$($BIN/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
SECRET=$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))')
GUNICORN=

# The server runs as in production: debug off, a throwaway key, no HTTPS redirect on loopback.
start_server() {
    DJANGO_DEBUG=false DJANGO_HTTPS=false DJANGO_ALLOWED_HOSTS=127.0.0.1 SITE_URL=$BASE \
    DJANGO_SECRET_KEY=$SECRET $BIN/gunicorn helseinfo.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
        --error-logfile "$VAR/gunicorn.log" 2>>"$VAR/gunicorn.log" &
    GUNICORN=$!
    for _ in $(seq 1 60); do
        curl -sf -o /dev/null "$BASE/healthz" && return
        sleep 0.5
    done
    echo "gunicorn did not answer; see $VAR/gunicorn.log"
    exit 1
}

# A quick shutdown (SIGINT) drops requests still queued from wrk, so they cannot slow the next URL.
stop_server() {
    [ -n "$GUNICORN" ] || return 0
    kill -INT "$GUNICORN" 2>/dev/null || true
    wait "$GUNICORN" 2>/dev/null || true
    GUNICORN=
}
trap stop_server EXIT

echo "gunicorn: $WORKERS workers on $BASE, restarted per URL; wrk: $THREADS threads, $CONNECTIONS connections, \
$DURATION per URL"
echo "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on this machine skews the figures)"
printf '%-44s %6s %8s %9s %10s %10s %10s  %s\n' URL status first "req/s" avg p50 p99 errors
for path in $URLS; do
    start_server
    read -r status first < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$BASE$path")
    first=$(awk '{printf "%.0fms", $1 * 1000}' <<<"$first")
    if [ "$status" != 200 ]; then
        printf '%-44s %6s  not measured: the page does not answer 200\n' "$path" "$status"
        stop_server
        continue
    fi
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout "$TIMEOUT" --latency "$BASE$path")
    stop_server
    if awk '/requests in/ {exit $1 > 0}' <<<"$out"; then
        printf '%-44s %6s %8s  no request completed in %s with %s connections\n' \
            "$path" "$status" "$first" "$DURATION" "$CONNECTIONS"
        continue
    fi
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    avg=$(awk '$1 == "Latency" {print $2; exit}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | paste -sd';' - || true)
    printf '%-44s %6s %8s %9s %10s %10s %10s  %s\n' \
        "$path" "$status" "$first" "$rps" "$avg" "$p50" "$p99" "${errors:-none}"
done
