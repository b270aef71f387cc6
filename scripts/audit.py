"""
Lighthouse (mobile) on the demo site's key pages: `make audit` prints the four scores of each.

It audits the site that answers on --port (`make run` in another terminal); when nothing answers
there, it starts `make run` itself and stops it afterwards. The JSON reports are written to
test-artifacts/lighthouse/. Targets: accessibility, best practices and SEO 100, performance at
least 95 (performance is simulated: compare only runs on the same machine). Exits 1 when a page
misses a target, 2 when Lighthouse or the site could not run.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
REPORTS = ROOT / "test-artifacts" / "lighthouse"
PAGES = {
    "forside": "/",
    "nyheter": "/nyheter/",
    "nyheter, filtrert": "/nyheter/?program=nce&klynge=health-technology",
    "sak": "/nyheter/klynger-seg-for-helseteknologi/",
    "klynge": "/klynger/health-technology/",
    "programnivå": "/program/nce/",
}
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
COLUMNS = ["performance", "accessibility", "best practices", "SEO"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(2)


def answers(site):
    try:
        with urllib.request.urlopen(f"{site}/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def start_site(port, site):
    REPORTS.mkdir(parents=True, exist_ok=True)
    log = open(REPORTS / "make-run.log", "w")  # noqa: SIM115 (open while the server runs)
    print(f"Nothing answers on {site}: starting `make run PORT={port}` (log: {log.name}) …")
    server = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    while not answers(site):
        if server.poll() is not None or time.monotonic() > deadline:
            os.killpg(server.pid, signal.SIGTERM)
            fail(f"`make run` did not serve {site}; see {log.name}")
        time.sleep(1)
    return server


def lighthouse(url, report, attempts=3):
    """Lighthouse's JSON result for `url`; a run that fails (e.g. NO_NAVSTART under load) is retried."""
    for attempt in range(1, attempts + 1):
        try:
            return run_lighthouse(url, report)
        except subprocess.CalledProcessError:
            if attempt == attempts:
                raise
            print(f"  (Lighthouse failed on {url}; trying again)")


def run_lighthouse(url, report):
    subprocess.run(
        [
            LIGHTHOUSE,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(TARGETS)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")},
        check=True,
        timeout=300,
    )
    return json.loads(report.read_text())


def lost_points(result, category):
    """The audits that cost `category` points: (id, score) for each weighted audit below 1."""
    audits = result["audits"]
    return [
        (ref["id"], audits[ref["id"]]["score"])
        for ref in result["categories"][category]["auditRefs"]
        if ref["weight"] and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    port = parser.parse_args().port
    if not LIGHTHOUSE.exists():
        fail(f"{LIGHTHOUSE} is missing: run `npm ci`.")
    site = f"http://127.0.0.1:{port}"
    server = None if answers(site) else start_site(port, site)
    REPORTS.mkdir(parents=True, exist_ok=True)
    missed = []
    try:
        load = f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        print(f"\nLighthouse (mobile) on {site} ({load})\n")
        print(f"{'page':<20}" + "".join(f"{title:>16}" for title in COLUMNS))
        for n, (name, path) in enumerate(PAGES.items()):
            result = lighthouse(site + path, REPORTS / f"{n}.json")
            scores = {c: round(result["categories"][c]["score"] * 100) for c in TARGETS}
            print(f"{name:<20}" + "".join(f"{scores[c]:>16}" for c in TARGETS))
            for category, target in TARGETS.items():
                if scores[category] < target:
                    missed.append(f"{name} ({path}): {category} {scores[category]} < {target}")
                    for audit, score in lost_points(result, category):
                        missed.append(f"    {audit}: {score}")
    except subprocess.CalledProcessError as error:
        fail(f"Lighthouse failed: {error}")
    finally:
        if server:
            os.killpg(server.pid, signal.SIGTERM)
    print(f"\nReports: {REPORTS}/")
    if missed:
        print("Below target:\n  " + "\n  ".join(missed))
        return 1
    print("Every page meets the targets (performance ≥ 95, the rest 100).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
