"""The test suite's settings: the one settings module with its testing flag on."""

import os

os.environ["DJANGO_TESTING"] = "true"

from .settings import *  # noqa: E402, F403
