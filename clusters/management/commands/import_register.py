"""
Bring the programme's history into the cluster register from a CSV file (docs/register-import.md).

A newsroom that starts using Helseinfo has years of announcements behind it; this loads them in one
go, and can be run again as the file grows: what the register already holds is left as it is, and a
second run of the same file changes nothing. The whole file is one transaction: a bad row anywhere,
and nothing is imported; every bad line is named with its number.
"""

import textwrap
from argparse import RawDescriptionHelpFormatter

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter
from django.db import transaction
from rich.console import Console
from rich.progress import track

from clusters.register_import import COLUMNS, ImportFailed, import_csv


class HelpFormatter(RawDescriptionHelpFormatter, DjangoHelpFormatter):
    pass


class Command(BaseCommand):
    help = (
        "Load or update tiers, regions, labels, clusters and decisions from a CSV file, one event per row.\n"
        "Idempotent and all-or-nothing; --dry-run says what would change. See docs/register-import.md."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        columns = "\n".join(
            textwrap.fill(text, 100, initial_indent=f"  {name:<14}", subsequent_indent=" " * 16)
            for name, text in COLUMNS.items()
        )
        epilog = (
            f"Columns (a header row names them; any order; comma- or semicolon-separated, UTF-8):\n{columns}"
        )
        return super().create_parser(prog_name, subcommand, formatter_class=HelpFormatter, epilog=epilog)

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file")
        parser.add_argument("--dry-run", action="store_true", help="report what would change; save nothing")

    def handle(self, *args, file, dry_run, verbosity, **options):
        try:
            with open(file, encoding="utf-8-sig", newline="") as csv_file:
                text = csv_file.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Kan ikke lese {file}: {error}") from error
        try:
            with transaction.atomic():
                importer = import_csv(text, progress=self.progress(verbosity))
                transaction.set_rollback(dry_run)
        except ImportFailed as failure:
            lines = "\n".join(f"  linje {line}: {message}" for line, message in failure.errors)
            raise CommandError(f"Ingenting er importert. Rett disse linjene i {file}:\n{lines}") from None
        if verbosity:
            self.report(importer, dry_run)

    def progress(self, verbosity):
        console = Console(stderr=True)
        quiet = not verbosity or not console.is_terminal
        return lambda rows: track(rows, description="Importerer", console=console, disable=quiet)

    def report(self, importer, dry_run):
        count = importer.rows
        if not importer.changes:
            self.stdout.write(f"{count} rader lest. Ingenting å endre: registeret har alt som står i filen.")
            return
        if dry_run:
            self.stdout.write(
                self.style.WARNING(f"Prøvekjøring, ingenting er lagret. {count} rader ville gitt:")
            )
        by_model = {}
        for (model, state), number in importer.changes.items():
            by_model.setdefault(str(model).capitalize(), []).append(f"{number} {state}")
        for model, counts in sorted(by_model.items()):
            self.stdout.write(f"  {model}: {', '.join(counts)}")
        if not dry_run:
            self.stdout.write(self.style.SUCCESS(f"{count} rader importert."))
