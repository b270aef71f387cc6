"""
Make every photo's renditions again from its stored original.

Renditions are made once, when a photo is saved. Run this after changing the widths or formats in
news/images.py, or after restoring media from a backup. Rendition names are fixed by the original's
name and the width, so running it twice gives the same files and the same rows.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from news import images
from news.models import Photo

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Lag alle bildeversjoner (renditions) på nytt, med fremdriftsindikator."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Vis hva som ville blitt gjort.")

    @transaction.atomic
    def handle(self, *args, dry_run=False, verbosity=1, **options):
        photos = Photo.objects.order_by("pk")
        total = photos.count()
        for done, photo in enumerate(photos.iterator(), start=1):
            if not dry_run:
                try:
                    photo.renditions = images.make_renditions(photo.image)
                except OSError as error:
                    raise CommandError(f"Bilde {photo.pk} ({photo.image.name}): {error}") from error
                photo.save(update_fields=["renditions"])
            if verbosity:
                self._progress(done, total)
        if verbosity:
            photos_word = "bilde" if total == 1 else "bilder"
            verb = "ville fått" if dry_run else "har fått"
            self.stdout.write(f"\n{total} {photos_word} {verb} nye versjoner.")

    def _progress(self, done, total):
        filled = BAR_WIDTH * done // total
        self.stdout.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}", ending="")
        self.stdout.flush()
