"""Hostile input for the property-based tests, and what every public response must be whatever it is fed.

The properties: never a server error; a status in ALLOWED_STATUSES; every body valid UTF-8; an HTML
page parses as HTML5 without a single parse error (a raw control character or noncharacter is one)
and its JSON-LD as JSON; a JSON feed parses as JSON; an XML feed or sitemap parses with a strict XML
parser; no header carries a control character; and no text, however it was given, ever becomes
markup of its own.
"""

import json
import operator
import re
from urllib.parse import quote_from_bytes

import html5lib
from django.urls import URLResolver, get_resolver, reverse
from hypothesis import strategies as st
from lxml import etree

ALLOWED_STATUSES = {200, 301, 302, 304, 400, 404}

# Markup that becomes an element or an attribute of its own wherever text reaches a page, feed or
# sitemap unescaped: in text, in a quoted or unquoted attribute, inside <script>, <title> or a comment.
MARKER_TAG = "fuzz-marker"
MARKER_ATTRIBUTE = "data-fuzz-marker"
INJECTIONS = [
    f"<{MARKER_TAG}>",
    f'"><{MARKER_TAG}>',
    f"'><{MARKER_TAG}>",
    f'" {MARKER_ATTRIBUTE}="1',
    f"' {MARKER_ATTRIBUTE}='1",
    f"x {MARKER_ATTRIBUTE}=1",
    f"</script><{MARKER_TAG}>",
    f"</title><{MARKER_TAG}>",
    f"</textarea><{MARKER_TAG}>",
    f"--><{MARKER_TAG}>",
    f"]]><{MARKER_TAG}>",
]

# Characters that break things, offered more often than a uniform draw would: controls (NUL, vertical
# tab, C1), unpaired surrogates, noncharacters, bidi and zero-width marks, line separators, BOM, and
# the syntax characters of HTML, XML, SQL LIKE patterns and search queries.
NASTY = (
    "\x00\x01\x08\x0b\x0c\x0e\x1f\x7f\x80\x85\x9f\ud800\udfff\ufffe\uffff\ufdd0\U0001fffe\U0010ffff"
    "\u200b\u200e\u200f\u202a\u202e\u2066\u2028\u2029\ufeff\r\n\t &<>\"'\\%_;:!|*()-"
)

# Words that name something already: an article titled «RSS» must not be hidden behind the feed.
RESERVED_WORDS = ["rss", "atom", "RSS", "Atom", "admin", "sitemap.xml", "healthz", "robots.txt", "side", "q"]


def texts(*, surrogates=True, exclude="", max_size=80):
    """Text as nobody types it: any code point (unpaired surrogates only if `surrogates`; none of
    `exclude`), the nasty ones weighted up, markup markers inside, now and then thousands of characters."""
    if not surrogates:
        exclude += "".join(c for c in NASTY if 0xD800 <= ord(c) <= 0xDFFF)
    alphabet = st.one_of(
        st.characters(exclude_categories=() if surrogates else ["Cs"], exclude_characters=exclude),
        st.sampled_from([c for c in NASTY if c not in exclude]),
    )
    plain = st.text(alphabet, max_size=max_size)
    return st.one_of(
        plain,
        st.builds(
            lambda before, marker, after: before + marker + after, plain, st.sampled_from(INJECTIONS), plain
        ),
        st.builds(
            operator.mul,
            st.sampled_from(["a", "æ", "\u202e", "<b>", "\x0b", "&amp;", " "]),
            st.integers(0, 6000),
        ),
        st.sampled_from(RESERVED_WORDS),
    )


def percent_encoded(value):
    """`value` (text, surrogates kept as their bytes, or bytes) with every byte percent-encoded."""
    if isinstance(value, str):
        value = value.encode("utf-8", "surrogatepass")
    return quote_from_bytes(value, safe="")


# Public URLs: every pattern outside the admin, by its URL name.


def public_url_names(resolver=None, namespace=""):
    """The name of every URL pattern readers can reach (the admin's excepted), e.g. "news:article"."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from public_url_names(pattern, inner)
        else:
            yield f"{namespace}{pattern.name}" if pattern.name else str(pattern.pattern)


def public_urls(*, article, cluster, tier, announcement):
    """One URL for each public URL name, the pages of single things being those of the given rows."""
    return {
        "home": reverse("home"),
        "healthz": reverse("healthz"),
        "robots_txt": reverse("robots_txt"),
        "sitemap": reverse("sitemap"),
        "sitemap_news": reverse("sitemap_news"),
        "sitemap_section": reverse("sitemap_section", kwargs={"section": "articles"}),
        "news:list": reverse("news:list"),
        "news:rss": reverse("news:rss"),
        "news:atom": reverse("news:atom"),
        "news:json": reverse("news:json"),
        "news:article": article.get_absolute_url(),
        "clusters:list": reverse("clusters:list"),
        "clusters:cluster": cluster.get_absolute_url(),
        "cluster_feed": reverse("cluster_feed", kwargs={"slug": cluster.slug}),
        "cluster_json_feed": reverse("cluster_json_feed", kwargs={"slug": cluster.slug}),
        "cluster_embed": reverse("cluster_embed", kwargs={"slug": cluster.slug}),
        "clusters:tier": tier.get_absolute_url(),
        "clusters:tiers": reverse("clusters:tiers"),
        "clusters:announcements": reverse("clusters:announcements"),
        "clusters:announcement": announcement.get_absolute_url(),
        # The password reset pages are under /admin/ but open to anyone.
        "admin_password_reset": reverse("admin_password_reset"),
        "password_reset_done": reverse("password_reset_done"),
        "password_reset_confirm": reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "x-y"}),
        "password_reset_complete": reverse("password_reset_complete"),
        **api_urls(article=article, cluster=cluster, tier=tier, announcement=announcement),
    }


def api_urls(*, article, cluster, tier, announcement):
    """The JSON API's URLs (/api/v1/), the same rows' where an address names one."""
    slugs = {"article": article, "cluster": cluster, "tier": tier, "announcement": announcement}
    single = {f"api:{name}": reverse(f"api:{name}", kwargs={"slug": row.slug}) for name, row in slugs.items()}
    lists = ["articles", "clusters", "tiers", "regions", "announcements", "api-root", "openapi-json"]
    region = cluster.regions.first()
    return (
        single
        | {f"api:{name}": reverse(f"api:{name}") for name in lists}
        | {"api:region": reverse("api:region", kwargs={"slug": region.slug if region else "ingen"})}
    )


# What every response must be.

# Characters XML 1.0 forbids outright; HTML5 calls them (and C1 controls, noncharacters) parse errors.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane << 16 | low) for plane in range(17) for low in (0xFFFE, 0xFFFF)
)
HTML_FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff{NONCHARACTERS}]")
HEADER_FORBIDDEN = re.compile("[\x00-\x1f\x7f]")
XML_PARSER = etree.XMLParser(recover=False, resolve_entities=False, no_network=True, huge_tree=False)


# HTML fragments that other sites insert into their pages (news.embed), not documents (its errors are).
EMBEDS = re.compile(r"/klynger/[^/?]+/innbygging/")


def check_response(response, url):
    """Assert everything that must hold of a public response to GET `url`, whatever the input."""
    where = f"GET {url[:300]} answered {response.status_code}"
    assert response.status_code in ALLOWED_STATUSES, where
    for name, value in response.headers.items():
        assert not HEADER_FORBIDDEN.search(value), f"{where}: a control character in the {name} header"
    if not response.content:
        return
    text = response.content.decode("utf-8")  # strictly: every body is UTF-8
    content_type = response["Content-Type"]
    if content_type.startswith("text/html"):
        check_html(text, where, fragment=response.status_code == 200 and bool(EMBEDS.match(url)))
    elif "xml" in content_type:
        check_xml(response.content, text, where)
    elif "json" in content_type:
        json.loads(text)
    else:
        assert content_type.startswith("text/plain"), f"{where}: unexpected {content_type}"
        assert not XML_FORBIDDEN.search(text), f"{where}: a control character in plain text"


def check_html(text, where, fragment=False):
    """No parse error (a control character or a noncharacter is one), nothing made of the input."""
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    document = parser.parseFragment(text) if fragment else parser.parse(text)
    if parser.errors:
        (line, column), code, data = parser.errors[0]
        raise AssertionError(
            f"{where}: not well-formed HTML5: {code} {data or ''}, {_context(text, line, column)}"
        )
    for element in document.iter():
        assert element.tag != MARKER_TAG, f"{where}: text became a <{MARKER_TAG}> element"
        assert MARKER_ATTRIBUTE not in element.attrib, f"{where}: text became a {MARKER_ATTRIBUTE} attribute"
        if element.tag == "script" and element.get("type") == "application/ld+json":
            json.loads(element.text)


def check_xml(content, text, where):
    """Well-formed to a strict parser, no forbidden character, nothing made of the input."""
    match = XML_FORBIDDEN.search(text)
    assert match is None, (
        f"{where}: {match.group()!r} in XML, at {text[max(match.start() - 60, 0) : match.end() + 20]!r}"
    )
    try:
        document = etree.fromstring(content, XML_PARSER)
    except etree.XMLSyntaxError as error:
        raise AssertionError(f"{where}: not well-formed XML: {error}") from None
    for element in document.iter(etree.Element):
        assert etree.QName(element).localname != MARKER_TAG, f"{where}: text became a <{MARKER_TAG}> element"


def _context(text, line, column):
    """Where a parse error is: at the first forbidden character if there is one (html5lib places
    those errors at the start of its buffer), else at the line and column it gives."""
    found = HTML_FORBIDDEN.search(text)
    if found:
        return f"at {text[max(found.start() - 80, 0) : found.end() + 20]!r}"
    lines = text.split("\n")  # html5lib counts lines by line feeds only
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    return f"at {source[max(column - 80, 0) : column + 40]!r}"
