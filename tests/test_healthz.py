import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

GET_HEALTHZ = (
    "import django; django.setup(); from django.test import Client; "
    "r = Client().get('/healthz'); print(r.status_code, r.content.decode())"
)


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_without_a_stack_trace_when_the_database_is_unreachable():
    # A real connection attempt to a port where nothing listens.
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "helseinfo.settings_test",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/helseinfo",
    }
    result = subprocess.run(
        [sys.executable, "-c", GET_HEALTHZ], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "503 database unavailable"
