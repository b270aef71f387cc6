"""Photo files in storage: each belongs to one photo's one version and is never overwritten; a save
that rolls back leaves none behind; a file no longer used stays while the history can restore it,
and prune_photo_files deletes it after."""

import contextlib
import io
import itertools
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from reversion.models import Revision, Version

from news.models import Photo
from tests.admin_forms import form_data
from tests.builders import (
    image_bytes,
    image_upload,
    make_journalist,
    make_photo,
    make_user,
    media_files,
    post_photo,
)

pytestmark = pytest.mark.django_db

RED, BLUE = (220, 20, 20), (20, 20, 220)


@pytest.fixture
def journalist_client(client):
    client.force_login(make_journalist())
    return client


def files_of(photo):
    return [photo.image.name] + [r["name"] for r in photo.renditions]


def contents(names):
    found = {}
    for name in names:
        with default_storage.open(name) as f:
            found[name] = f.read()
    return found


def colour_of(name):
    with default_storage.open(name) as f, Image.open(f) as image:
        return image.convert("RGB").getpixel((5, 5))


def change_url(photo):
    return reverse("admin:news_photo_change", args=[photo.pk])


def upload_then_replace(client):
    """A photo uploaded in the admin as «rettet.jpg», then corrected with «rettet.png» (the same name
    in another format): what its files held before, and its files after."""
    post_photo(client, "rettet.jpg", image_bytes("JPEG", size=(900, 600), color=RED))
    photo = Photo.objects.latest("pk")
    before = contents(files_of(photo))
    png = image_bytes("PNG", size=(900, 600), color=BLUE)
    post_photo(client, "rettet.png", png, "image/png", url=change_url(photo), caption="Rettet bilde")
    photo.refresh_from_db()
    return photo, before, files_of(photo)


def revisions(photo):
    return [v.revision for v in Version.objects.get_for_object(photo).order_by("pk")]


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def age(settings, names, days):
    """Set the files' modified time `days` back."""
    when = days_ago(days).timestamp()
    for name in names:
        os.utime(Path(settings.MEDIA_ROOT) / name, (when, when))


def stray(settings, name, days):
    """A file nothing refers to, last modified `days` ago."""
    name = default_storage.save(name, ContentFile(b"gammel fil"))
    age(settings, [name], days)
    return name


def prune(*args):
    out = io.StringIO()
    call_command("prune_photo_files", *args, stdout=out)
    return out.getvalue()


def restore(client, photo, revision):
    version = Version.objects.get(revision=revision)
    url = reverse("admin:news_photo_revision", args=[photo.pk, version.pk])
    data = {key: value for key, value in form_data(client.get(url)).items() if key != "image"}
    return client.post(url, data)


# Every file belongs to one photo's one version


@pytest.mark.parametrize(
    "first, second",
    [(("IMG_0042.jpg", "JPEG"), ("IMG_0042.JPG", "JPEG")), (("dup.jpg", "JPEG"), ("dup.png", "PNG"))],
    ids=["same name in another case", "same name in another format"],
)
def test_two_uploads_with_the_same_name_never_share_or_replace_a_file(
    journalist_client, storage, first, second
):
    post_photo(journalist_client, first[0], image_bytes(first[1], color=RED))
    red = Photo.objects.get()
    before = contents(files_of(red))

    post_photo(journalist_client, second[0], image_bytes(second[1], color=BLUE))

    blue = Photo.objects.exclude(pk=red.pk).get()
    assert set(files_of(red)).isdisjoint(files_of(blue))
    assert contents(files_of(red)) == before


def test_the_stored_name_is_the_uploads_slugified_with_a_random_part_and_the_true_extension(
    journalist_client,
):
    post_photo(journalist_client, "Bjørn på tur (1).html", image_bytes("JPEG"), "text/html")

    photo = Photo.objects.get()
    assert re.fullmatch(r"photos/\d{4}/\d{2}/bjrn-pa-tur-1-[0-9a-f]{8}\.jpg", photo.image.name)
    assert all(r["name"].startswith(f"renditions/{photo.image.name}/") for r in photo.renditions)


def test_replacing_a_photos_file_writes_new_files_and_keeps_every_old_one(journalist_client, storage):
    other = make_photo()
    others = contents(files_of(other))

    photo, before, after = upload_then_replace(journalist_client)

    assert set(after).isdisjoint(before)
    assert contents(before) == before
    assert contents(files_of(other)) == others


def test_rebuilding_gives_photos_that_shared_renditions_their_own_and_overwrites_nothing():
    red = make_photo(image=image_upload("dup.jpg", color=RED))
    blue = make_photo(image=image_upload("dup.png", fmt="PNG", color=BLUE))
    Photo.objects.filter(pk=blue.pk).update(renditions=red.renditions)  # as the old naming left them
    before = contents(files_of(red))

    call_command("rebuild_renditions", stdout=io.StringIO())

    red.refresh_from_db()
    blue.refresh_from_db()
    assert contents(files_of(red)) == before
    assert set(files_of(blue)).isdisjoint(files_of(red))
    assert all(abs(colour_of(r["name"])[2] - BLUE[2]) < 12 for r in blue.renditions)


def test_rebuilding_all_writes_new_files_beside_the_old_ones(storage):
    photo = make_photo()
    before = contents(files_of(photo))

    call_command("rebuild_renditions", "--all", stdout=io.StringIO())

    photo.refresh_from_db()
    assert {r["name"] for r in photo.renditions}.isdisjoint(before)
    assert contents(before) == before


def test_a_rebuild_that_fails_changes_no_row_and_leaves_no_new_file(settings):
    first, second = make_photo(), make_photo()
    for name in files_of(first)[1:]:
        default_storage.delete(name)
    default_storage.delete(second.image.name)
    Photo.objects.update(renditions=[])
    files = media_files(settings)

    with pytest.raises(CommandError, match=f"Bilde {second.pk}"):
        call_command("rebuild_renditions", stdout=io.StringIO())

    assert media_files(settings) == files
    assert [p.renditions for p in Photo.objects.all()] == [[], []]


# Nothing is left behind by a save that fails or rolls back


def test_a_photo_saved_in_a_transaction_that_rolls_back_leaves_no_file(settings, storage):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_photo()
        raise RuntimeError

    assert media_files(settings) == []


def test_a_rollback_to_a_savepoint_deletes_only_the_files_saved_after_it(
    settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        kept = make_photo()
        with contextlib.suppress(RuntimeError), transaction.atomic():
            make_photo()
            raise RuntimeError

    assert media_files(settings) == sorted(files_of(kept))


def test_a_storage_failure_midway_through_the_renditions_leaves_no_file_and_no_row(settings, monkeypatch):
    save, calls = FileSystemStorage._save, itertools.count()

    def failing_on_the_fourth_file(storage, name, content):
        if next(calls) == 3:
            raise OSError("Lagringen svarer ikke.")
        return save(storage, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", failing_on_the_fourth_file)

    with pytest.raises(OSError):
        make_photo()

    assert media_files(settings) == []
    assert not Photo.objects.exists()


def test_a_row_that_cannot_be_written_leaves_no_file(settings):
    existing = make_photo()
    files = media_files(settings)

    with pytest.raises(IntegrityError):
        make_photo(pk=existing.pk)

    assert media_files(settings) == files


# prune_photo_files


def test_pruning_deletes_old_files_nothing_uses_and_keeps_the_rest(settings):
    photo = make_photo()
    age(settings, files_of(photo), 400)
    forgotten = [
        stray(settings, "photos/2020/01/glemt.jpg", 40),
        stray(settings, "renditions/x.jpg/480.webp", 40),
    ]
    in_progress = stray(settings, "photos/2026/01/pagaende.jpg", 1)

    output = prune()

    assert media_files(settings) == sorted([*files_of(photo), in_progress])
    assert "2 av 7 gamle bildefiler er slettet." in output
    assert all(name not in output for name in forgotten), "names only at verbosity 2"


def test_the_files_of_a_replaced_version_stay_for_the_window_after_the_replacement(
    journalist_client, settings
):
    photo, before, after = upload_then_replace(journalist_client)
    first, second = revisions(photo)
    age(settings, [*before, *after], 100)
    Revision.objects.filter(pk=first.pk).update(date_created=days_ago(100))
    Revision.objects.filter(pk=second.pk).update(date_created=days_ago(10))

    prune()
    assert all(default_storage.exists(name) for name in [*before, *after])

    Revision.objects.filter(pk=second.pk).update(date_created=days_ago(40))
    prune()
    assert not any(default_storage.exists(name) for name in before)
    assert all(default_storage.exists(name) for name in after)


def test_a_deleted_photos_files_stay_for_the_window_after_the_deletion(journalist_client, client, settings):
    post_photo(journalist_client, "slettes.jpg", image_bytes())
    photo = Photo.objects.get()
    Revision.objects.update(date_created=days_ago(100))
    age(settings, files_of(photo), 100)
    client.force_login(make_user(is_superuser=True))
    client.post(reverse("admin:news_photo_delete", args=[photo.pk]), {"post": "yes"})
    assert not Photo.objects.exists()

    prune()
    assert all(default_storage.exists(name) for name in files_of(photo))

    LogEntry.objects.update(action_time=days_ago(40))
    prune()
    assert media_files(settings) == []


def test_a_dry_run_lists_what_it_would_delete_and_deletes_nothing(settings):
    name = stray(settings, "photos/2020/01/glemt.jpg", 40)

    output = prune("--dry-run", "--verbosity", "2")

    assert name in output
    assert "1 av 1 gamle bildefiler ville blitt slettet." in output
    assert default_storage.exists(name)


def test_pruning_is_silent_at_verbosity_zero(settings):
    stray(settings, "photos/2020/01/glemt.jpg", 40)

    assert prune("--verbosity", "0") == ""
    assert media_files(settings) == []


def test_the_window_is_the_setting_unless_the_option_says_otherwise(settings):
    settings.PHOTO_FILE_RETENTION_DAYS = 5
    stray(settings, "photos/a.jpg", 10)
    newer = stray(settings, "photos/b.jpg", 3)

    prune()
    assert media_files(settings) == [newer]

    prune("--older-than", "1")
    assert media_files(settings) == []


def test_a_negative_window_is_refused():
    with pytest.raises(CommandError, match="--older-than må være 0 eller mer"):
        prune("--older-than", "-1")


def test_a_photos_whole_life_works_on_a_storage_that_is_no_file_system(journalist_client, settings):
    settings.STORAGES = settings.STORAGES | {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}
    }

    photo, before, after = upload_then_replace(journalist_client)
    call_command("rebuild_renditions", "--all", stdout=io.StringIO())
    prune("--older-than", "0")

    photo.refresh_from_db()
    assert all(default_storage.exists(name) for name in files_of(photo) + after)
    assert not any(default_storage.exists(name) for name in before)
    assert media_files(settings) == []


# Restoring an old version


def test_restoring_an_old_version_gives_back_its_own_files(journalist_client, storage):
    photo, before, after = upload_then_replace(journalist_client)

    response = restore(journalist_client, photo, revisions(photo)[0])

    assert response.status_code == 302
    photo.refresh_from_db()
    assert files_of(photo) == list(before)
    assert contents(before) == before


def test_restoring_a_version_whose_renditions_were_pruned_makes_them_again(journalist_client, storage):
    photo, before, after = upload_then_replace(journalist_client)
    original, *renditions = before
    for name in renditions:
        default_storage.delete(name)

    response = restore(journalist_client, photo, revisions(photo)[0])

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.image.name == original
    assert all(default_storage.exists(name) for name in files_of(photo))
    assert all(r["name"].startswith(f"renditions/{original}/") for r in photo.renditions)


def test_restoring_a_version_whose_files_were_pruned_asks_for_a_new_upload(journalist_client, settings):
    photo, before, after = upload_then_replace(journalist_client)
    first, second = revisions(photo)
    age(settings, [*before, *after], 100)
    Revision.objects.filter(pk=first.pk).update(date_created=days_ago(100))
    Revision.objects.filter(pk=second.pk).update(date_created=days_ago(40))
    prune()

    response = restore(journalist_client, photo, first)

    assert response.status_code == 200
    assert "Bildefilen finnes ikke lenger" in " ".join(response.context["adminform"].form.errors["image"])
    photo.refresh_from_db()
    assert files_of(photo) == after
