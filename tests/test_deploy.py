"""Production as deployed: Django's deployment checks pass with the production settings behind the
proxy, and the nginx configuration the template renders is one nginx accepts."""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
_spec = importlib.util.spec_from_file_location("render_nginx", ROOT / "deploy" / "render_nginx.py")
render_nginx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(render_nginx)

PRODUCTION = {
    "DJANGO_SECRET_KEY": "x7Jq2vLm9R-pZ0tYc4Wn8Ks3Hd6Fb1Ge5Ua_oNi2Vr7Ql0Mx9Te4Sy6Pw3Zk8Cj1Bh",
    "DJANGO_ALLOWED_HOSTS": "helseinfo.no,www.helseinfo.no",
    "DJANGO_HTTPS": "true",
    "DJANGO_TRUSTED_PROXIES": "1",
    "SITE_URL": "https://helseinfo.no",
    "DATABASE_URL": "postgres://helseinfo@db.internal:5432/helseinfo",
    "REDIS_URL": "redis://cache.internal:6379/0",
}
OBJECT_STORAGE = {
    "MEDIA_S3_BUCKET": "helseinfo-media",
    "MEDIA_S3_REGION": "eu-north-1",
    "MEDIA_S3_PUBLIC_URL": "https://media.helseinfo.no",
}


@pytest.mark.parametrize("media", [{}, OBJECT_STORAGE], ids=["media on the file system", "media in S3"])
def test_the_deployment_checks_pass_with_the_production_settings(media):
    """Nothing silenced: `check --deploy` reports no issue at all (it connects to no service)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MEDIA_", "AWS_"))}
    environ |= PRODUCTION | media
    environ.pop("DJANGO_SETTINGS_MODULE", None)  # manage.py's default: the production settings
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_an_app_server_worker_loads_the_app_with_what_loading_made_out_of_the_collectors_reach():
    """gunicorn's workers import helseinfo.wsgi: what that loads is frozen (gc.freeze()), so a full
    collection in the middle of a request walks only what requests made (it connects to no service)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MEDIA_", "AWS_"))}
    environ |= PRODUCTION
    script = "import gc, helseinfo.wsgi; print(gc.get_freeze_count(), len(gc.get_objects()))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stdout + result.stderr
    frozen, collected = map(int, result.stdout.split())
    assert frozen > 50_000 and collected < frozen / 10


def test_uploads_up_to_the_photo_limit_and_the_form_around_them_pass_the_proxy():
    assert render_nginx.body_size_limit(20 * 1024 * 1024) == "21m"
    assert render_nginx.body_size_limit(5 * 1024 * 1024 + 1) == "7m"


def nginx_or_skip():
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("nginx is not installed: CI must check the proxy's configuration")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    return nginx


@pytest.mark.parametrize(
    "media",
    [{"media_root": "media"}, {"s3_endpoint": "http://127.0.0.1:8333", "s3_bucket": "helseinfo-media"}],
    ids=["local media", "media from S3"],
)
@pytest.mark.parametrize("cache", [False, True], ids=["no cache", "proxy cache"])
def test_nginx_accepts_the_rendered_configuration(tmp_path, media, cache):
    nginx = nginx_or_skip()
    text = render_nginx.render(
        listen="127.0.0.1:8080",
        upstreams=["127.0.0.1:8001", "127.0.0.1:8002"],
        static_root=tmp_path / "static",
        cache=cache,
        **media,
    )
    config = render_nginx.write(tmp_path / "nginx", text)

    result = subprocess.run(
        [nginx, "-t", "-q", "-c", str(config), "-p", f"{tmp_path / 'nginx'}/", "-e", "logs/error.log"],
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode == 0, result.stderr
    assert not re.search(r"^#\[|@[A-Z_]+@", text, re.MULTILINE), "every section and value filled in"
    assert ("proxy_cache helseinfo_pages;" in text) == cache
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
    assert "proxy_next_upstream error timeout;" in text
    assert "client_max_body_size 21m;" in text
