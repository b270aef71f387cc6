"""
BENCHMARK DATA ONLY: generate an archive of many articles, with the cluster register, categories,
staff, photos and corrections a real one has (news/volume.py).

It exists so that `make bench` (bench/run.sh, on its own database) measures the site with a
realistic number and shape of rows. It is never part of `make run`, refuses to run without --yes or
on anything but a local setup (news/management/local.py), and marks what it makes: slugs and user
names start with `testdata-`. Running it again with the same --count changes nothing; another count,
another version of the generator or --replace makes it all again. After loading, the tables are
analysed (and on PostgreSQL vacuumed), as they would be on a database that has lived.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from news import volume
from news.management.local import require_local_setup


class Command(BaseCommand):
    help = "BENCHMARK DATA ONLY: bulk-create a generated archive (needs --yes and a local setup)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000, help="How many articles (default 100000).")
        parser.add_argument("--yes", action="store_true", help="Confirm: this database is for benchmarks.")
        parser.add_argument("--replace", action="store_true", help="Make them again even if all are there.")
        parser.add_argument("--seed", type=int, default=2014, help="Random seed, for repeatable data.")
        parser.add_argument("--batch-size", type=int, default=2_000)
        parser.add_argument(
            "--photo-files", type=int, default=len(volume.PHOTO_SIZES), help="Real image files to share."
        )

    def handle(self, *args, count, yes, replace, seed, batch_size, photo_files, verbosity, **options):
        require_local_setup()
        if not yes:
            raise CommandError(
                f"This adds {count} generated articles. Add --yes if this is a benchmark database."
            )
        if count < 0 or batch_size < 1 or photo_files < 1:
            raise CommandError("--count must be 0 or more, --batch-size and --photo-files 1 or more.")
        if volume.is_generated(count) and not replace:
            if verbosity:
                self.stdout.write(f"{count} generated articles (version {volume.VERSION}) are already there.")
            return
        progress = ProgressBar(self.stdout) if verbosity else None
        seconds = volume.Volume(
            count, seed=seed, batch_size=batch_size, photo_files=photo_files, progress=progress
        ).run()
        if verbosity:
            rate = count / seconds if seconds else 0
            self.stdout.write(
                f"Generated {count} benchmark articles in {seconds:.0f} s ({rate:.0f} a second), "
                f"slugs {volume.MARK}…; tables analysed."
            )


class ProgressBar:
    """`[#####.....]  45000 / 100000 articles, 52 s to go` on one line of a terminal; elsewhere (a log)
    a line at every tenth."""

    def __init__(self, out, width=30):
        self.out, self.width, self.shown = out, width, -1
        self.terminal = out.isatty()
        self.started = time.monotonic()

    def __call__(self, done, total):
        now = time.monotonic()
        tenth = done * 10 // max(total, 1)
        if not self.terminal and tenth == self.shown:
            return
        self.shown = tenth
        filled = self.width * done // max(total, 1)
        rate = done / max(now - self.started, 1e-9)
        left = f", {(total - done) / rate:.0f} s to go" if done < total and rate else ""
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {done:>7} / {total} articles{left}"
        if self.terminal:
            self.out.write(f"\r{line}", ending="\n" if done == total else "")
            self.out.flush()
        else:
            self.out.write(line)
