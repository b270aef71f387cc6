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
    "print(s.CACHES['default']['BACKEND'], s.CACHES['default'].get('OPTIONS')); "
    "print(s.DEBUG, s.ALLOWED_HOSTS, s.TIME_ZONE, s.LANGUAGE_CODE); "
    "print(s.PASSWORD_HASHERS[0], s.AXES_ENABLED, s.SECURE_SSL_REDIRECT, s.TRUSTED_PROXY_COUNT)"
)
OWN_ENVIRONMENT = ("DJANGO_", "DATABASE_", "REDIS_", "SITE_")


def without_our_variables():
    return {k: v for k, v in os.environ.items() if not k.startswith(OWN_ENVIRONMENT)}


def run_settings(module="helseinfo.settings", **env):
    """Load the settings in a fresh interpreter with exactly this environment."""
    clean = without_our_variables() | {"DJANGO_SETTINGS_MODULE": module, **env}
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


def test_redis_url_selects_the_redis_cache_that_survives_an_outage_with_short_timeouts():
    result = run_settings(DJANGO_DEBUG="true", REDIS_URL="redis://127.0.0.1:6379/1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == (
        "helseinfo.cache.ResilientRedisCache {'socket_connect_timeout': 0.25, 'socket_timeout': 0.5}"
    )


def test_local_memory_cache_without_redis():
    result = run_settings(DJANGO_DEBUG="true")
    assert result.stdout.splitlines()[1] == "django.core.cache.backends.locmem.LocMemCache None"


def test_norwegian_bokmal_and_oslo_time():
    result = run_settings(DJANGO_DEBUG="true")
    assert result.stdout.splitlines()[2].endswith("Europe/Oslo nb")


def test_production_settings_from_the_environment():
    result = run_settings(
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="helseinfo.no, www.helseinfo.no",
        SITE_URL="https://helseinfo.no",
        DJANGO_TRUSTED_PROXIES="1",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2].startswith("False ['helseinfo.no', 'www.helseinfo.no']")
    assert not lines[3].startswith("django.contrib.auth.hashers.MD5"), "a strong password hasher"
    assert lines[3].endswith("True True 1"), "login throttling, HTTPS, one trusted proxy"


def test_the_test_flag_of_old_has_no_effect_on_the_production_settings():
    result = run_settings(DJANGO_TESTING="true", DJANGO_ALLOWED_HOSTS="helseinfo.no")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_the_test_settings_load_in_an_empty_environment_with_what_tests_need():
    result = run_settings("helseinfo.settings_test")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "django.core.cache.backends.locmem.LocMemCache None"
    assert lines[3] == "django.contrib.auth.hashers.MD5PasswordHasher True False 0", "axes stays on"


def test_the_test_settings_leave_the_environment_in_charge():
    result = run_settings("helseinfo.settings_test", DATABASE_URL="postgres://redaksjon@127.0.0.1:5433/helse")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "django.db.backends.postgresql|helse|127.0.0.1|5433|redaksjon"


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
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=without_our_variables() | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_manage_py_without_a_secret_key_refuses_instead_of_turning_debug_on(tmp_path):
    database = tmp_path / "elsewhere.sqlite3"
    result = run_manage("create_demo_editor", DATABASE_URL=f"sqlite:///{database}")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert not database.exists(), "nothing was written"


def test_manage_py_runs_in_debug_mode_when_told_to():
    result = run_manage("makemigrations", "--check", "--dry-run", DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_the_missing_migrations_check_of_make_lint_runs_on_the_test_settings():
    result = run_manage("makemigrations", "--check", "--dry-run", "--settings=helseinfo.settings_test")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_manage_py_with_a_production_secret_still_refuses_to_run_insecurely():
    result = run_manage("check", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr
