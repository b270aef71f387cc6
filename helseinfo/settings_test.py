"""The test suite's settings: production's, with what tests need on top.

Production settings refuse to load without a secret key, allowed hosts and a site address; tests
provide them here (an environment that sets them wins), then swap in what makes tests fast and
self-contained.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-" + "k" * 50)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("DJANGO_HTTPS", "false")

from .settings import *  # noqa: E402, F403
from .settings import BASE_DIR, STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Media in the test's own folder even if the shell has MEDIA_S3_* set: S3 tests use their own bucket.
STORAGES = STORAGES | {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".test-media"
