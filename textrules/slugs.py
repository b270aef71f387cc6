"""Words the site's own addresses use (rss, atom, nyheter, klynger, admin …): never a slug."""

import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.urls import URLResolver, get_resolver
from django.utils.translation import gettext_lazy as _

LITERAL = re.compile(r"[\w.-]+")


def is_reserved(slug):
    return slug.lower() in _literal_segments(get_resolver())


def validate_unreserved(slug):
    if is_reserved(slug):
        raise ValidationError(
            _("«%(value)s» brukes i nettstedets egne adresser, som /nyheter/rss/. Velg en annen adresse."),
            code="reserved",
            params={"value": slug},
        )


@lru_cache
def _literal_segments(resolver):
    """Every literal segment of the URLconf's routes, so a route added later is reserved at once. The
    admin's own routes are left out: they lie under /admin/, where no slug is."""
    return frozenset(_walk(resolver.url_patterns))


def _walk(patterns):
    for entry in patterns:
        yield from (s.lower() for s in str(entry.pattern).strip("^$").split("/") if LITERAL.fullmatch(s))
        if isinstance(entry, URLResolver) and entry.namespace != "admin":
            yield from _walk(entry.url_patterns)
