"""Cursor pagination of a list of articles, in the list's own order.

A cursor is the position of the last article a page gave: its sort key, encoded so that a client
treats it as an opaque token. The next page is the articles after that key (a keyset, not an offset),
so an article published meanwhile neither repeats nor hides one. The list's order is the news list's:
newest first (`-publish_at`, `-pk`), or by relevance first when PostgreSQL searches (`rank`).
"""

import base64
import binascii
import json
import math
from datetime import UTC, datetime

from django.db.models import FloatField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from .errors import InvalidQuery

INVALID = _("Ugyldig markør. Bruk verdien av «next_cursor» fra forrige side.")


def is_ranked(queryset):
    return "rank" in queryset.query.annotations


def encode(article, ranked):
    key = [article.publish_at.isoformat(), article.pk]
    if ranked:
        key.insert(0, article.rank_key)
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def decode(cursor, ranked):
    """The key a cursor holds: (rank, publish_at, pk) or (publish_at, pk). InvalidQuery if it holds
    none, or one of the other order's."""
    try:
        *rank, published, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        published = datetime.fromisoformat(published)
        if (
            published.tzinfo is None
            or not _is_rank(rank, ranked)
            or type(pk) is not int
            or not 0 < pk < 2**63
        ):
            raise ValueError
        return (*rank, published.astimezone(UTC), pk)
    except (binascii.Error, ValueError, TypeError, UnicodeError, RecursionError, OverflowError):
        raise InvalidQuery({"cursor": [{"message": str(INVALID), "code": "invalid"}]}) from None


def _is_rank(rank, ranked):
    """A ranked list's key starts with a finite number or None (no rank); an unranked list's has none."""
    if not ranked:
        return rank == []
    return len(rank) == 1 and (rank[0] is None or type(rank[0]) in (int, float) and math.isfinite(rank[0]))


def after(queryset, cursor):
    """The articles of `queryset` that come after the cursor's article."""
    ranked = is_ranked(queryset)
    *rank, published, pk = decode(cursor, ranked)
    older = Q(publish_at__lt=published) | Q(publish_at=published, pk__lt=pk)
    if not ranked:
        return queryset.filter(older)
    if rank[0] is None:  # unranked rows come last (nulls last)
        return queryset.filter(Q(rank__isnull=True) & older)
    return queryset.filter(Q(rank__lt=rank[0]) | Q(rank__isnull=True) | Q(Q(rank=rank[0]) & older))


def page(queryset, cursor, size):
    """(the articles of this page, the cursor of the next page or None)."""
    ranked = is_ranked(queryset)
    if cursor:
        queryset = after(queryset, cursor)
    if ranked:
        # PostgreSQL's rank is a `real`, read into Python rounded: read it exactly, as a double, so
        # that the next page's comparisons with it (done in double precision) find it again.
        queryset = queryset.annotate(rank_key=Cast("rank", FloatField()))
    articles = list(queryset[: size + 1])
    if len(articles) <= size:
        return articles, None
    articles = articles[:size]
    return articles, encode(articles[-1], ranked)
