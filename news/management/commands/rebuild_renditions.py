"""
Make photos' renditions again from their stored originals, where they are not what they should be.

Renditions are made once, when a photo is saved. Run this after changing the widths or formats in
news/images.py, or after restoring media from a backup: it remakes the renditions of every photo
whose recorded renditions are not the current widths and formats in the original's own folder, or
are missing from storage, and leaves the others alone, so a second run changes nothing. `--all`
remakes every photo's (after changing the encoding quality, say).

New files never overwrite old ones, so no other photo's files, nor an old version's, are touched:
the renditions replaced stay for the photo's history until prune_photo_files removes them. One
transaction: if a photo fails, no row changes and the files written so far are deleted.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from news.models import Photo

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Lag bildeversjoner (renditions) på nytt der de mangler eller er utdaterte."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Vis hva som ville blitt gjort.")
        parser.add_argument(
            "--all", action="store_true", dest="everything", help="Lag versjoner på nytt for alle bilder."
        )

    @transaction.atomic
    def handle(self, *args, dry_run=False, everything=False, verbosity=1, **options):
        photos = Photo.objects.exclude(image="").order_by("pk")
        total, remade = photos.count(), 0
        for done, photo in enumerate(photos.iterator(), start=1):
            if everything or not photo.renditions_complete():
                remade += 1
                if not dry_run:
                    self._remake(photo)
            if verbosity:
                self._progress(done, total)
        if verbosity:
            photos_word = "bilde" if remade == 1 else "bilder"
            verb = "ville fått" if dry_run else "har fått"
            self.stdout.write(f"\n{remade} {photos_word} {verb} nye versjoner.")

    def _remake(self, photo):
        photo.renditions = []  # Photo.save makes them again
        try:
            photo.save(update_fields=["renditions"])
        except OSError as error:
            raise CommandError(f"Bilde {photo.pk} ({photo.image.name}): {error}") from error

    def _progress(self, done, total):
        filled = BAR_WIDTH * done // total
        self.stdout.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}", ending="")
        self.stdout.flush()
