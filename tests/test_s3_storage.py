"""Photos in S3-compatible object storage (a real SeaweedFS server, tests/s3.py): configured by the
environment, refused when half-configured, public and cacheable for good, never read to render a
page, and a storage that is down is a form error for the journalist, not a server error."""

import io
import os
import subprocess
import sys
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from helseinfo.media_storage import CACHE_CONTROL, media_storage
from news.management.commands import prune_photo_files
from news.models import Photo
from tests.builders import (
    image_bytes,
    make_article,
    make_journalist,
    make_photo,
    make_user,
    media_files,
    post_photo,
)
from tests.s3 import free_port, s3_environment

pytestmark = pytest.mark.django_db

# The parts of the configuration, each checked on its own without a server.

COMPLETE = {
    "MEDIA_S3_BUCKET": "helseinfo-media",
    "MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:8333",
    "MEDIA_S3_ACCESS_KEY_ID": "key",
    "MEDIA_S3_SECRET_ACCESS_KEY": "secret",
}


def test_without_object_storage_photos_stay_on_the_file_system():
    storage, origin = media_storage({"DATABASE_URL": "postgres://x"}, https=True)

    assert storage == {"BACKEND": "django.core.files.storage.FileSystemStorage"} and origin is None


def test_object_storage_serves_public_immutable_files_under_plain_urls():
    storage, origin = media_storage(COMPLETE, https=False)

    options = storage["OPTIONS"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["querystring_auth"] is False and options["file_overwrite"] is False
    assert options["object_parameters"] == {"CacheControl": "public, max-age=31536000, immutable"}
    assert options["default_acl"] == "public-read"
    assert (options["url_protocol"], options["custom_domain"]) == ("http:", "127.0.0.1:8333/helseinfo-media")
    assert origin == "http://127.0.0.1:8333"


def test_behind_a_cdn_the_files_are_served_from_its_address_and_sent_without_an_acl():
    storage, origin = media_storage(
        COMPLETE | {"MEDIA_S3_PUBLIC_URL": "https://cdn.helseinfo.no/m/"}, https=True
    )

    options = storage["OPTIONS"]
    assert (options["url_protocol"], options["custom_domain"]) == ("https:", "cdn.helseinfo.no/m")
    assert options["default_acl"] is None
    assert origin == "https://cdn.helseinfo.no"


def test_amazon_s3_needs_only_a_bucket_and_a_region():
    env = {"MEDIA_S3_BUCKET": "helseinfo-media", "MEDIA_S3_REGION": "eu-north-1"}

    storage, origin = media_storage(env, https=True)

    assert storage["OPTIONS"]["custom_domain"] == "helseinfo-media.s3.eu-north-1.amazonaws.com"
    assert storage["OPTIONS"]["access_key"] is None, "credentials from the machine's role"
    assert origin == "https://helseinfo-media.s3.eu-north-1.amazonaws.com"


HALF_CONFIGURED = {
    "an endpoint without a bucket": (
        {k: v for k, v in COMPLETE.items() if k != "MEDIA_S3_BUCKET"},
        "MEDIA_S3_BUCKET is not set",
    ),
    "a bucket alone": (
        {"MEDIA_S3_BUCKET": "helseinfo-media"},
        "without MEDIA_S3_ENDPOINT_URL or MEDIA_S3_REGION",
    ),
    "an endpoint without credentials": (
        {"MEDIA_S3_BUCKET": "helseinfo-media", "MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:8333"},
        "without credentials",
    ),
    "half a key pair": (
        {k: v for k, v in COMPLETE.items() if k != "MEDIA_S3_SECRET_ACCESS_KEY"},
        "Only half of the object storage's key pair",
    ),
    "a bucket name S3 refuses": (
        COMPLETE | {"MEDIA_S3_BUCKET": "Helseinfo_Media"},
        "not a valid bucket name",
    ),
    "an endpoint that is no address": (COMPLETE | {"MEDIA_S3_ENDPOINT_URL": "127.0.0.1:8333"}, "http://"),
    "an unknown ACL": (COMPLETE | {"MEDIA_S3_ACL": "public"}, "MEDIA_S3_ACL must be one of"),
}


@pytest.mark.parametrize("environ, message", HALF_CONFIGURED.values(), ids=HALF_CONFIGURED.keys())
def test_a_half_configured_object_storage_stops_the_process_with_the_reason(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        media_storage(environ, https=False)


def test_photos_over_plain_http_on_an_https_site_are_refused():
    with pytest.raises(ImproperlyConfigured, match="browsers block such images"):
        media_storage(COMPLETE, https=True)


def test_the_settings_refuse_to_load_with_a_half_configured_object_storage():
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MEDIA_S3_")}
    environ |= {"MEDIA_S3_BUCKET": "helseinfo-media", "DJANGO_DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "-c", "import helseinfo.settings"],
        env=environ,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured: MEDIA_S3_BUCKET is set without MEDIA_S3_ENDPOINT_URL" in result.stderr


# On a real S3 server


@pytest.fixture
def journalist_client(client):
    client.force_login(make_journalist())
    return client


def get(url):
    """An anonymous GET, as a browser or a CDN fetches a photo: no credentials."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read()


def test_an_uploaded_photo_and_its_renditions_are_public_and_cacheable_for_good(
    journalist_client, s3_storage
):
    s3, bucket = s3_storage

    response = post_photo(journalist_client, "foto.jpg", image_bytes("JPEG", size=(900, 600)), caption="x")

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert media_files(None) == sorted([photo.image.name, *(r["name"] for r in photo.renditions)])
    for rendition in photo.renditions:
        url = default_storage.url(rendition["name"])
        assert "?" not in url, "plain URLs, never signed"
        status, headers, body = get(url)
        assert status == 200 and len(body) == rendition["bytes"]
        assert headers["Content-Type"] == {"webp": "image/webp", "jpeg": "image/jpeg"}[rendition["format"]]
        assert headers["Cache-Control"] == CACHE_CONTROL
    head = s3.head_object(Bucket=bucket, Key=photo.image.name)
    assert head["CacheControl"] == CACHE_CONTROL and head["ContentType"] == "image/jpeg"


def dead_storage(settings, bucket):
    """The default storage pointed at a port where nothing answers: object storage is down."""
    default, _origin = media_storage(s3_environment(f"http://127.0.0.1:{free_port()}", bucket), https=False)
    settings.STORAGES = settings.STORAGES | {"default": default}


def test_pages_and_feeds_are_rendered_without_asking_the_storage_anything(client, settings, s3_storage):
    s3, bucket = s3_storage
    article = make_article(headline="Sak med bilde", lead_photo=make_photo())
    dead_storage(settings, bucket)

    for url in [article.get_absolute_url(), reverse("news:list"), reverse("home"), reverse("news:rss")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f"/{bucket}/renditions/" in response.content.decode(), url


def test_an_upload_while_the_storage_is_down_is_a_form_error_that_keeps_the_text(
    journalist_client, settings, s3_storage
):
    s3, bucket = s3_storage
    dead_storage(settings, bucket)

    response = post_photo(
        journalist_client, "foto.jpg", image_bytes("JPEG"), caption="Bildeteksten som ble skrevet"
    )

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["image"])
    assert "bildelageret svarer ikke" in errors
    assert "Bildeteksten som ble skrevet" in response.content.decode()
    assert not Photo.objects.exists()
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_a_caption_edit_while_the_storage_is_down_is_a_form_error_too(
    journalist_client, settings, s3_storage
):
    s3, bucket = s3_storage
    photo = make_photo()
    dead_storage(settings, bucket)

    response = journalist_client.post(
        reverse("admin:news_photo_change", args=[photo.pk]),
        {"caption": "Ny bildetekst", "credit": photo.credit, "alt_text": photo.alt_text},
    )

    assert response.status_code == 200
    assert "bildelageret svarer ikke" in " ".join(response.context["adminform"].form.errors["image"])
    assert "Ny bildetekst" in response.content.decode()
    assert Photo.objects.get().caption == photo.caption


def test_a_photos_whole_life_on_object_storage(journalist_client, client, settings, s3_storage, monkeypatch):
    """Upload, replace, rebuild, delete: every file stays while the history may restore it, and
    prune_photo_files clears the bucket once nothing can use them."""
    post_photo(journalist_client, "forste.jpg", image_bytes("JPEG", size=(900, 600)))
    photo = Photo.objects.get()
    first = media_files(None)
    post_photo(
        journalist_client,
        "andre.png",
        image_bytes("PNG", size=(900, 600)),
        "image/png",
        url=reverse("admin:news_photo_change", args=[photo.pk]),
    )
    call_command("rebuild_renditions", "--all", stdout=io.StringIO())
    photo.refresh_from_db()
    assert set(first) < set(media_files(None)), "replacing and rebuilding overwrite nothing"

    call_command("prune_photo_files", stdout=io.StringIO())
    assert set(first) < set(media_files(None)), "kept for the history"

    journalist_client.logout()
    client.force_login(make_user(is_superuser=True))
    client.post(reverse("admin:news_photo_delete", args=[photo.pk]), {"post": "yes"})
    later = timezone.now() + timedelta(days=settings.PHOTO_FILE_RETENTION_DAYS + 1)
    monkeypatch.setattr(prune_photo_files.timezone, "now", lambda: later)
    out = io.StringIO()
    call_command("prune_photo_files", stdout=out)

    assert media_files(None) == []
    assert urlsplit(default_storage.url("x")).path.startswith(f"/{s3_storage[1]}/")
