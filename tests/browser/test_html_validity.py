"""The Nu HTML Checker on the reader's pages and on the HTML inside the feeds: no errors.

All documents go to one Java process (the JVM takes seconds to start).
"""

import json
import subprocess

import pytest
from defusedxml import ElementTree

from .test_accessibility import PUBLIC_PAGES

pytestmark = pytest.mark.django_db(transaction=True)

FEEDS = ["/nyheter/rss/", "/nyheter/atom/", "/nyheter/rss/?program=nce", "/klynger/health-technology/rss/"]
# Elements of RSS 2.0 and Atom whose text is HTML.
HTML_BEARING = {
    "description": None,
    "{http://purl.org/rss/1.0/modules/content/}encoded": None,
    "{http://www.w3.org/2005/Atom}summary": "html",
    "{http://www.w3.org/2005/Atom}content": "html",
}
DOCUMENT = (
    '<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>{title}</title></head>\n'
    "<body>{body}</body></html>"
)


def html_in_feed(xml):
    """The HTML fragments in a feed's items: RSS descriptions and content, Atom summaries and content."""
    root = ElementTree.fromstring(xml)
    for element in root.iter():
        if element.tag in HTML_BEARING and element.text and element is not root.find("channel/description"):
            if HTML_BEARING[element.tag] in (None, element.get("type", "text")):
                yield element.text


def nu_errors(vnu_jar, documents):
    """{name: [errors]} for every document (name -> path) with an error, checked in one JVM."""
    by_path = {str(path.resolve()): name for name, path in documents.items()}
    checked = subprocess.run(
        ["java", "-jar", vnu_jar, "--errors-only", "--format", "json", "--stdout", *documents.values()],
        capture_output=True,
        text=True,
        timeout=180,
    )
    errors = {}
    for message in json.loads(checked.stdout)["messages"]:
        url = message.get("url", "")
        name = by_path.get("/" + url.removeprefix("file:").lstrip("/"), url)
        where = f"line {message.get('lastLine', '?')}: " if "lastLine" in message else ""
        errors.setdefault(name, []).append(
            f"{where}{message['message']}  «{message.get('extract', '').strip()}»"
        )
    return errors


def test_pages_and_feed_html_have_no_nu_checker_errors(page, reader_news, vnu_jar, tmp_path):
    documents = {}
    for name, (url, status) in PUBLIC_PAGES.items():
        response = page.request.get(url)
        assert response.status == status, url
        documents[name] = tmp_path / f"page-{len(documents)}.html"
        documents[name].write_bytes(response.body())

    fragments = {}  # each distinct fragment once: the same article is in several feeds
    for feed in FEEDS:
        response = page.request.get(feed)
        assert response.ok, feed
        for n, fragment in enumerate(html_in_feed(response.body())):
            fragments.setdefault(fragment, f"{feed} item {n + 1}")
    assert fragments, "the feeds carry the articles' summaries"
    for fragment, name in fragments.items():
        documents[name] = tmp_path / f"feed-{len(documents)}.html"
        documents[name].write_text(DOCUMENT.format(title=name, body=fragment), encoding="utf-8")

    errors = nu_errors(vnu_jar, documents)
    assert not errors, "Nu HTML Checker errors:\n" + "\n".join(
        f"  {name}:\n" + "".join(f"      {e}\n" for e in found) for name, found in errors.items()
    )
