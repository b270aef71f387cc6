"""
`make bench`'s measurements, after bench/run.sh has made the databases: every page of the table at
each scale (bench/measure.py, one process per database), two photo uploads (bench/upload.py, one
process each, for its peak memory), a Markdown table on stdout and everything in
bench/results/<UTC time>.json, so that runs can be compared.

    python -m bench.run 10000=postgres://…/helseinfo_bench_10k 100000=postgres://…/helseinfo_bench_100k
    python -m bench.run --show bench/results/<time>.json    (the table of an earlier run)
"""

import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench import upload

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"


def measure(database_url):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [sys.executable, "-m", "bench.measure", out.name],
            env=os.environ | {"DATABASE_URL": database_url},
            check=True,
            cwd=BENCH.parent,
        )
        return json.loads(Path(out.name).read_text())


def time_upload(megapixels, database_url):
    path = upload.test_file(megapixels, BENCH / "var")
    found = subprocess.run(
        [sys.executable, "-m", "bench.upload", str(path)],
        env=os.environ | {"DATABASE_URL": database_url},
        check=True,
        cwd=BENCH.parent,
        capture_output=True,
        text=True,
    )
    return json.loads(found.stdout.strip().splitlines()[-1])


def git(*args):
    found = subprocess.run(["git", *args], cwd=BENCH.parent, capture_output=True, text=True)
    return found.stdout.strip()


def cell(entry):
    if entry is None:
        return "–"
    bad = [status for status in entry["statuses"] if status != 200]
    flag = f" (status {', '.join(map(str, bad))})" if bad else ""
    return (
        f"{entry['median_ms']:.1f} ms · p90 {entry['p90_ms']:.1f} · {entry['queries']} q · "
        f"**{entry['ratio']:g}×**{flag}"
    )


def table(result):
    scales = list(result["scales"])
    header = ["page", "target"]
    for mode in ("warm", "cold"):
        header += [f"{int(scale):,} {mode}" for scale in scales]
    if len(scales) > 1:
        header.append(f"growth {int(scales[0]):,} → {int(scales[-1]):,} (warm multiples)")
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    first = result["scales"][scales[0]]
    for key, row in first["rows"].items():
        cells = [row["title"], f"≤ {row['target']:g}×"]
        for mode in ("warm", "cold"):
            cells += [cell(result["scales"][scale]["rows"].get(key, {}).get(mode)) for scale in scales]
        if len(scales) > 1:
            # Of the multiples, not the milliseconds: the scales are measured minutes apart, and a
            # shared machine's speed drifts by more than a page grows (the hello floor by half within
            # a run); each multiple is against the floor timed beside its own requests.
            small = row["warm"]["ratio"]
            large = result["scales"][scales[-1]]["rows"][key]["warm"]["ratio"]
            cells.append(f"×{large / small:.2f}")
        lines.append("| " + " | ".join(cells) + " |")
    floors = ", ".join(f"{int(s):,}: {result['scales'][s]['hello_ms']:.3f} ms" for s in scales)
    lines.append("")
    lines.append(f"Hello floor (median, same run): {floors}.")
    if all("database_mb" in result["scales"][s] for s in scales):
        sizes = ", ".join(f"{int(s):,}: {result['scales'][s]['database_mb']:,} MB" for s in scales)
        buffers = result["scales"][scales[-1]]["shared_buffers_mb"]
        lines.append(f"Databases {sizes}; PostgreSQL's shared_buffers: {buffers:,} MB.")
    row_floors = [
        entry[mode]["floor_ms"]
        for scale in scales
        for entry in result["scales"][scale]["rows"].values()
        for mode in ("warm", "cold")
        if "floor_ms" in entry[mode]
    ]
    if row_floors:
        lines.append(
            f"Each multiple is against the hello view timed between that row's own requests: "
            f"{min(row_floors):.3f}–{max(row_floors):.3f} ms in this run."
        )
    for name, found in result.get("uploads", {}).items():
        lines.append(
            f"Upload {name}: {found['seconds']:.2f} s ({found['cpu_seconds']:.2f} s CPU), peak "
            f"{found['peak_mb']} MB (process before the upload: {found['before_mb']} MB), "
            f"{found['width']} × {found['height']}, {found['renditions']} renditions."
        )
    return "\n".join(lines)


def main(arguments):
    databases = dict(argument.split("=", 1) for argument in arguments)
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git("rev-parse", "HEAD"),
        "changed_files": git("status", "--short").splitlines(),
        "cpus": os.cpu_count(),
        "load_before": load_before,
        "scales": {},
        "uploads": {},
    }
    for scale, url in databases.items():
        print(f"Measuring {int(scale):,} articles …", file=sys.stderr)
        result["scales"][scale] = measure(url)
    smallest = next(iter(databases.values()))
    for megapixels in (24, 49):
        print(f"Uploading a {megapixels}-megapixel JPEG …", file=sys.stderr)
        result["uploads"][f"{megapixels} MP"] = time_upload(megapixels, smallest)
    result["load_after"] = Path("/proc/loadavg").read_text().split()[:3]
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(table(result))
    print(f"\nLoad average before {' '.join(load_before)}, after {' '.join(result['load_after'])}; {path}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--show"]:
        print(table(json.loads(Path(sys.argv[2]).read_text())))
    else:
        main(sys.argv[1:])
