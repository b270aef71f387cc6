"""Where uploaded photos are stored: the local file system, or S3-compatible object storage when
MEDIA_S3_BUCKET is set (README.md, "Media"). Read once by settings.py; a half-configured object
storage stops the process with ImproperlyConfigured instead of failing at the first upload.

Every media file is written once under a name of its own and never overwritten (news/images.py), so
objects are sent with a far-future, immutable Cache-Control, and their public URLs are plain (no
signature, no expiry): pages build them without asking the storage anything.
"""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
FILE_SYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
# Names are unique per version of a photo: a CDN and browsers may keep each file for a year.
CACHE_CONTROL = "public, max-age=31536000, immutable"
BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
ACLS = {"public-read", "private", "none"}


def s3_configured(environ):
    return any(key.startswith("MEDIA_S3_") and value for key, value in environ.items())


def media_storage(environ, https):
    """(the STORAGES["default"] entry, the origin photos are served from or None) from `environ`.

    The origin is None for the file system (same origin as the site); otherwise it is what the
    Content-Security-Policy must allow for images.
    """
    if not s3_configured(environ):
        return {"BACKEND": FILE_SYSTEM_BACKEND}, None

    def get(name):
        return environ.get(name, "").strip()

    bucket, endpoint, region = get("MEDIA_S3_BUCKET"), get("MEDIA_S3_ENDPOINT_URL"), get("MEDIA_S3_REGION")
    public_url = get("MEDIA_S3_PUBLIC_URL").rstrip("/")
    if not bucket:
        raise ImproperlyConfigured(
            "MEDIA_S3_BUCKET is not set, but other MEDIA_S3_ variables are. Set the bucket to store "
            "photos in object storage, or unset every MEDIA_S3_ variable to store them in MEDIA_ROOT."
        )
    if not BUCKET_NAME.fullmatch(bucket):
        raise ImproperlyConfigured(
            f"MEDIA_S3_BUCKET {bucket!r} is not a valid bucket name (3 to 63 lower-case letters, "
            "digits, dots and hyphens)."
        )
    if not endpoint and not region:
        raise ImproperlyConfigured(
            "MEDIA_S3_BUCKET is set without MEDIA_S3_ENDPOINT_URL or MEDIA_S3_REGION. Set "
            "MEDIA_S3_REGION for Amazon S3, or MEDIA_S3_ENDPOINT_URL for another S3-compatible store."
        )
    if endpoint:
        _check_url("MEDIA_S3_ENDPOINT_URL", endpoint)

    access_key = get("MEDIA_S3_ACCESS_KEY_ID") or get("AWS_ACCESS_KEY_ID")
    secret_key = get("MEDIA_S3_SECRET_ACCESS_KEY") or get("AWS_SECRET_ACCESS_KEY")
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "Only half of the object storage's key pair is set: set both MEDIA_S3_ACCESS_KEY_ID and "
            "MEDIA_S3_SECRET_ACCESS_KEY (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)."
        )
    if endpoint and not access_key:
        # Only Amazon's own S3 can take credentials from the machine (an instance role).
        raise ImproperlyConfigured(
            "MEDIA_S3_ENDPOINT_URL is set without credentials: set MEDIA_S3_ACCESS_KEY_ID and "
            "MEDIA_S3_SECRET_ACCESS_KEY."
        )

    if public_url:
        _check_url("MEDIA_S3_PUBLIC_URL", public_url)
    elif endpoint:
        public_url = f"{endpoint.rstrip('/')}/{bucket}"  # path-style, as the endpoint serves it
    else:
        public_url = f"https://{bucket}.s3.{region}.amazonaws.com"
    public = urlsplit(public_url)
    if https and public.scheme != "https":
        raise ImproperlyConfigured(
            f"Photos would be served from {public_url}, over plain HTTP, to a site on HTTPS: browsers "
            "block such images. Set MEDIA_S3_PUBLIC_URL to an https:// address (a CDN, or the proxy)."
        )

    # Without a CDN in front, objects must be readable by anyone; behind one, the CDN reads them with
    # its own access and the bucket stays private.
    acl = get("MEDIA_S3_ACL") or ("none" if get("MEDIA_S3_PUBLIC_URL") else "public-read")
    if acl not in ACLS:
        raise ImproperlyConfigured(f"MEDIA_S3_ACL must be one of {', '.join(sorted(ACLS))}, not {acl!r}.")

    from botocore.config import Config  # only where object storage is used

    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": region or "us-east-1",
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "default_acl": None if acl == "none" else acl,
        "object_parameters": {"CacheControl": CACHE_CONTROL},
        # Public URLs, built without a request: plain, never signed or expiring.
        "querystring_auth": False,
        "custom_domain": public.netloc + public.path,
        "url_protocol": f"{public.scheme}:",
        # A name is never reused: the storage picks a new one rather than replace a file.
        "file_overwrite": False,
        # A dead or hung store fails a save in seconds (the journalist gets a form error), instead
        # of holding the request for botocore's default minute and five attempts.
        "client_config": Config(
            connect_timeout=3,
            read_timeout=15,
            retries={"mode": "standard", "total_max_attempts": 2},
            s3={"addressing_style": "path" if endpoint else "auto"},
            signature_version="s3v4",
        ),
    }
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}, f"{public.scheme}://{public.netloc}"


def _check_url(name, value):
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ImproperlyConfigured(f"{name} must be an http:// or https:// address, not {value!r}.")
