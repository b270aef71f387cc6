"""Settings come from the environment, and an insecure production start is refused."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "d = s.DATABASES['default']; "
    "print(d['ENGINE'], d['NAME'], d.get('HOST', ''), d.get('PORT', ''), d.get('USER', ''), sep='|'); "
    "print(s.CACHES['default']['BACKEND']); print(s.DEBUG, s.ALLOWED_HOSTS, s.TIME_ZONE, s.LANGUAGE_CODE)"
)


def run_settings(**env):
    """Load the settings in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    clean |= {"DJANGO_SETTINGS_MODULE": "helseinfo.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_sqlite_file_in_the_project_folder_is_the_default():
    result = run_settings(DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    engine, name, *_ = result.stdout.splitlines()[0].split("|")
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == ROOT / "db.sqlite3"


def test_postgresql_url_is_parsed():
    result = run_settings(DJANGO_DEBUG="true", DATABASE_URL="postgres://redaksjon@127.0.0.1:5433/helse")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "django.db.backends.postgresql|helse|127.0.0.1|5433|redaksjon"


def test_redis_url_selects_the_redis_cache():
    result = run_settings(DJANGO_DEBUG="true", REDIS_URL="redis://127.0.0.1:6379/1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "django.core.cache.backends.redis.RedisCache"


def test_local_memory_cache_without_redis():
    result = run_settings(DJANGO_DEBUG="true")
    assert result.stdout.splitlines()[1] == "django.core.cache.backends.locmem.LocMemCache"


def test_norwegian_bokmal_and_oslo_time():
    result = run_settings(DJANGO_DEBUG="true")
    assert result.stdout.splitlines()[2].endswith("Europe/Oslo nb")


def test_production_settings_from_the_environment():
    result = run_settings(
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="helseinfo.no, www.helseinfo.no",
        SITE_URL="https://helseinfo.no",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2].startswith("False ['helseinfo.no', 'www.helseinfo.no']")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "helseinfo.no"}, "DJANGO_SECRET_KEY is not set"),
        (
            {"DJANGO_SECRET_KEY": "django-insecure-abc", "DJANGO_ALLOWED_HOSTS": "helseinfo.no"},
            "DJANGO_SECRET_KEY",
        ),
        ({"DJANGO_SECRET_KEY": "x" * 50}, "DJANGO_ALLOWED_HOSTS is not set"),
        ({"DJANGO_DEBUG": "kanskje"}, "DJANGO_DEBUG must be true or false"),
        ({"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "helseinfo.no"}, "SITE_URL is not set"),
    ],
)
def test_refuses_to_start_insecurely(env, message):
    result = run_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def run_manage(*args, **env):
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "SITE_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_manage_py_in_a_developer_checkout_runs_in_debug_mode():
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_manage_py_with_a_production_secret_still_refuses_to_run_insecurely():
    result = run_manage("check", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr
