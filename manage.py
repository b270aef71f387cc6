#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helseinfo.settings")
    # A checkout with no secret key configured is a developer's: manage.py runs it in debug mode.
    # Production always sets DJANGO_SECRET_KEY, and the WSGI entry point never defaults to debug.
    if "DJANGO_SECRET_KEY" not in os.environ:
        os.environ.setdefault("DJANGO_DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
