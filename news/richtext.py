"""The article body: what the editor offers and what survives sanitising, from one list."""

import nh3
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "HardBreak": True,
    "History": True,
}

_allowlist = allowlist_from_extensions(expand_extensions(BODY_EXTENSIONS))
_attributes = {tag: set(attrs) - {"rel", "target"} for tag, attrs in _allowlist["attributes"].items()}
_cleaner = nh3.Cleaner(
    tags=_allowlist["tags"],
    attributes=_attributes,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
)


def sanitize_html(html):
    """Allowlist the body: no script, handler, style, iframe, form or javascript:/data: URL."""
    return _cleaner.clean(html or "").strip()
