"""The article body: what the editor offers and what survives sanitising, from one list."""

import re

import nh3
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from django_prose_editor.fields import ProseEditorField

from textrules import clean

BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    # Without autolink the link mark is not inclusive: typing after a link does not extend it.
    "Link": {"enableTarget": False, "autolink": False, "protocols": ["http", "https", "mailto"]},
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
# What the editor posts when it is empty.
EMPTY_ELEMENT = re.compile(r"<(\w+)></\1>")


def sanitize_html(html):
    """Allowlist the body: no script, handler, style, iframe, form or javascript:/data: URL.

    Control characters go first: one removed after sanitising could complete "java\\x01script:".
    """
    html = _cleaner.clean(clean(html or "")).strip()
    return "" if EMPTY_ELEMENT.fullmatch(html) else html


class SanitizedProseEditorField(ProseEditorField):
    """The editor's field, sanitised on every save (admin, commands, the ORM), where the library
    sanitises only in full_clean()."""

    def pre_save(self, model_instance, add):
        value = self.sanitize(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value
