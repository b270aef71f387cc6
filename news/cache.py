"""What is shared and expensive about the news, kept in the shared cache (Redis in production).

Every entry is keyed by the news generation, a value in the cache that `Article.save()` and
`Article.delete()` replace (at once, and again when the transaction commits, so the admin's cluster
changes saved after the article count too). Any process that changes the news thereby makes every
process recompute. An entry also lapses when a scheduled article comes due, and after
PUBLIC_CACHE_SECONDS: changes that bypass save() (bulk `update()`, a renamed cluster found by `q`)
show within the time public pages may be cached by browsers anyway.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

GENERATION_KEY = "news:generation"


def generation():
    found = cache.get(GENERATION_KEY)
    if found is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        found = cache.get(GENERATION_KEY)
    return found


def _new_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def news_changed():
    _new_generation()
    transaction.on_commit(_new_generation)


def remember(name, parts, compute):
    """`compute()`'s value for `parts`, computed once per generation.

    `compute` returns (value, valid_until): a datetime after which the value is wrong, or None.
    """
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = f"news:{name}:{generation()}:{digest}"
    found = cache.get(key)
    if found is not None and (found[1] is None or timezone.now() < found[1]):
        return found[0]
    value, valid_until = compute()
    cache.set(key, (value, valid_until), settings.PUBLIC_CACHE_SECONDS)
    return value
