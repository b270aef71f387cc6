"""
Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every test here is marked `browser`. Without Chromium (or, for the audits, without the npm
packages or Java) they are skipped with the reason; on CI (CI=true) a missing tool is an error
instead, so that the browser tests never vanish from CI unnoticed.
"""

import os
import shutil
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import Error as PlaywrightError

from clusters.models import Cluster
from news import demo as demo_content
from tests.builders import category, make_article

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the test
# thread are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ON_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-dev-shm-usage",
]
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

DEMO_ARTICLE = "klynger-seg-for-helseteknologi"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def missing(reason):
    """Skip with `reason`, or fail on CI, where every browser test must run."""
    if ON_CI:
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.hookimpl(tryfirst=True)  # before `-m browser` / `-m "not browser"` selects
def pytest_collection_modifyitems(config, items):
    chromium_found = os.access(CHROMIUM, os.X_OK)
    reason = f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if not chromium_found:
                if ON_CI:
                    raise pytest.UsageError(f"CI=true and {reason}: the browser tests must run on CI.")
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_FLAGS],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    site = {"base_url": live_server.url, "locale": "nb-NO", "timezone_id": "Europe/Oslo"}
    return {**browser_context_args, **site}


@pytest.fixture(autouse=True)
def _site_with_media(settings):
    """The live server serves the test's uploaded media too (see tests/browser/urls.py)."""
    settings.ROOT_URLCONF = "tests.browser.urls"


@pytest.fixture
def demo(db):
    """The real demo content (`manage.py load_demo`): the source article, its clusters and tiers."""
    category(demo_content.ARTICLE["category"])  # made by a data migration, which load_demo expects
    with override_settings(DEBUG=True):  # load_demo runs on a local setup only; the live server does not
        call_command("load_demo", verbosity=0)


@pytest.fixture
def reader_news(demo):
    """The demo content plus enough news for two pages: NCE Eyde (NCE), Seafood (NCE), Subsea (GCE)."""
    by_slug = {cluster.slug: cluster for cluster in Cluster.objects.all()}
    about = {"nce-eyde": 25, "seafood-innovation-cluster": 2, "gce-subsea": 3}
    return {
        slug: [
            make_article(headline=f"{by_slug[slug].name} melder nytt, nr. {n}", clusters=[by_slug[slug]]).slug
            for n in range(1, count + 1)
        ]
        for slug, count in about.items()
    }


@pytest.fixture(scope="session")
def axe_js():
    if not AXE_JS.exists():
        missing(f"axe-core not installed ({AXE_JS} missing: run `npm ci`)")
    return AXE_JS


@pytest.fixture(scope="session")
def vnu_jar():
    if not VNU_JAR.exists():
        missing(f"the Nu HTML Checker is not installed ({VNU_JAR} missing: run `npm ci`)")
    if not shutil.which("java"):
        missing("no `java` on PATH for the Nu HTML Checker (apt-get install default-jre-headless)")
    return VNU_JAR


@pytest.fixture
def screenshot():
    """`screenshot(page, name)` saves a full-page PNG to test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return take


# Leaving a page can still send a request: the article form saves the text being typed by beacon on
# `pagehide`. Closing the browser at teardown sends it while the database is being emptied for the
# next test, and the live server's write then deadlocks the flush. So every page is left first, and
# the live server given a moment to answer, before anything is torn down.
LEAVING_SECONDS = 0.5


def leave(pages):
    left = False
    for page in pages:
        try:
            page.goto("about:blank", timeout=5000)
            left = True
        except PlaywrightError:  # closed already, with its context or browser: nothing to leave
            pass
    if left:
        time.sleep(LEAVING_SECONDS)


@pytest.fixture
def page(page):
    yield page
    leave([page])


@pytest.fixture
def new_context(new_context):
    contexts = []

    def make(**kwargs):
        contexts.append(new_context(**kwargs))
        return contexts[-1]

    yield make
    leave([page for context in contexts for page in context.pages])
