"""
Delete the photo files nothing can use any more.

Saving a photo never deletes a file: replacing its picture, or deleting the photo, leaves the old
original and renditions in storage for the photo's history to restore. This removes the files under
photos/ and renditions/ that no photo uses and no version in the history window can bring back.

A version stays restorable for the window (PHOTO_FILE_RETENTION_DAYS, or --older-than) after it
stopped being the photo's current one: after the next version was saved or, for a deleted photo,
after the deletion. A file changed within the window is kept even if nothing refers to it yet: it
may belong to a save still in progress. Only Django's storage API is used, so this works the same
on object storage. Photo rows stay locked while files are deleted, so that no restore can pick a
file up in between; a version restored later, whose files are gone, asks for a new upload.
"""

from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from reversion.models import Version

from news.models import Photo

FOLDERS = ("photos", "renditions")


class Command(BaseCommand):
    help = "Slett bildefiler som verken et bilde eller en nylig versjon i historikken bruker."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            metavar="DAGER",
            help="Behold filer som var i bruk de siste DAGER dagene (ellers PHOTO_FILE_RETENTION_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Vis hva som ville blitt slettet.")

    def handle(self, *args, older_than=None, dry_run=False, verbosity=1, **options):
        days = settings.PHOTO_FILE_RETENTION_DAYS if older_than is None else older_than
        if days < 0:
            raise CommandError("--older-than må være 0 eller mer.")
        now = timezone.now()
        cutoff = now - timedelta(days=days)
        # Listed before the references are read: a file written after this is not a candidate.
        candidates = [
            name
            for folder in FOLDERS
            for name in stored_files(folder)
            if default_storage.get_modified_time(name) < cutoff
        ]
        with transaction.atomic():
            in_use = current_files() | restorable_files(cutoff, now)
            doomed = [name for name in candidates if name not in in_use]
            for name in doomed:
                if verbosity >= 2:
                    self.stdout.write(name)
                if not dry_run:
                    default_storage.delete(name)
        if verbosity:
            verb = "ville blitt slettet" if dry_run else "er slettet"
            self.stdout.write(f"{len(doomed)} av {len(candidates)} gamle bildefiler {verb}.")


def stored_files(folder):
    """Every file under `folder`, through the storage API (object storage has no real folders)."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for child in folders:
        yield from stored_files(f"{folder}/{child}")


def current_files():
    """The files photos use now, their rows locked until the files are deleted."""
    photos = Photo.objects.select_for_update().values_list("image", "renditions")
    return {name for image, renditions in photos for name in _names(image, renditions)}


def restorable_files(cutoff, now):
    """The files of every version that was still current after `cutoff`."""
    photo_type = ContentType.objects.get_for_model(Photo)
    alive = {str(pk) for pk in Photo.objects.values_list("pk", flat=True)}
    deleted = dict(
        LogEntry.objects.filter(content_type=photo_type, action_flag=DELETION)
        .order_by("action_time")
        .values_list("object_id", "action_time")
    )
    versions = (
        Version.objects.get_for_model(Photo)
        .select_related("revision")
        .order_by("object_id", "revision__date_created", "pk")
    )
    found = set()
    for object_id, group in groupby(versions, key=lambda version: version.object_id):
        group = list(group)
        last = group[-1].revision.date_created
        last_until = now if object_id in alive else max(last, deleted.get(object_id, last))
        until = [later.revision.date_created for later in group[1:]] + [last_until]
        for version, replaced in zip(group, until, strict=True):
            if replaced >= cutoff:
                fields = version.field_dict
                found |= _names(str(fields["image"]), fields["renditions"])
    return found


def _names(image, renditions):
    return {image, *(rendition["name"] for rendition in renditions)}
