"""Demo and benchmark commands write only to a local setup: debug on and a database on this machine."""

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from clusters.models import Cluster
from news.management.local import is_local
from news.models import Article
from tests.builders import make_cluster

pytestmark = pytest.mark.django_db

POSTGRES = "django.db.backends.postgresql"
COMMANDS = {
    "create_demo_editor": {},
    "load_demo": {},
    "generate_volume": {"yes": True, "count": 5},
}


@pytest.mark.parametrize(
    ("engine", "host", "local"),
    [
        ("django.db.backends.sqlite3", "", True),
        (POSTGRES, "127.0.0.1", True),
        (POSTGRES, "localhost", True),
        (POSTGRES, "::1", True),
        (POSTGRES, "", True),  # libpq's default: the Unix socket
        (POSTGRES, "/var/run/postgresql", True),
        (POSTGRES, "db.helseinfo.no", False),
        (POSTGRES, "10.0.0.5", False),
        (POSTGRES, "127.0.0.1.helseinfo.no", False),
    ],
)
def test_a_local_database_is_sqlite_or_on_this_machine(engine, host, local):
    assert is_local({"ENGINE": engine, "HOST": host}) is local


def nothing_written():
    return not (get_user_model().objects.exists() or Article.objects.exists() or Cluster.objects.count() > 1)


@pytest.fixture
def one_cluster():
    make_cluster()  # generate_volume would otherwise stop for want of clusters


@pytest.mark.parametrize("command", COMMANDS)
def test_with_debug_off_every_demo_command_refuses(command, settings, one_cluster):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="bare for et lokalt oppsett"):
        call_command(command, verbosity=0, **COMMANDS[command])

    assert nothing_written()


@pytest.mark.parametrize("command", COMMANDS)
def test_with_debug_on_a_database_elsewhere_is_refused_before_anything_is_written(
    command, settings, one_cluster
):
    settings.DEBUG = True

    # Only the configuration says "elsewhere": the open test connection is used either way.
    with mock.patch.dict(connection.settings_dict, ENGINE=POSTGRES, HOST="db.helseinfo.no"):
        with pytest.raises(CommandError, match="DJANGO_DEBUG=true"):
            call_command(command, verbosity=0, **COMMANDS[command])

    assert nothing_written()
