"""The guard of the commands that write demo or benchmark data: they run on a local setup only."""

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

# A PostgreSQL host that is empty or a path is a Unix socket on this machine.
LOOPBACK = {"", "localhost", "127.0.0.1", "::1"}


def is_local(database):
    host = database.get("HOST") or ""
    return database["ENGINE"].endswith("sqlite3") or host in LOOPBACK or host.startswith("/")


def require_local_setup():
    """Refuse unless debug is on and the database is SQLite or a server on this machine.

    A known password or generated articles must never reach a shared database, whatever the shell
    the command happens to be run from has in its environment.
    """
    if not (settings.DEBUG and is_local(connection.settings_dict)):
        raise CommandError(
            "Demo- og testdata er bare for et lokalt oppsett: kjør med DJANGO_DEBUG=true mot SQLite eller "
            "en database på denne maskinen (127.0.0.1, localhost, ::1 eller en Unix-socket)."
        )
