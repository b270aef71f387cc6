"""What is shared and expensive about the news, kept in the shared cache (Redis in production).

Every entry is keyed by the news generation: a token in the cache that any change readers could see
replaces. Saving an article (Article.save()), and saving or deleting anything else a page shows (an
article's links and corrections, photos, categories, authors, the cluster register: `watch_changes()`)
starts a new generation at once, and again when the transaction commits, so that what other processes
cached in between does not outlive it. A generation also lapses when the next scheduled article comes
due and at midnight (a cluster's tier is the tier of the day). Any process that changes the news
thereby makes every process recompute. Changes that bypass save() (bulk `update()`, raw SQL) show
within PUBLIC_CACHE_SECONDS, the time public pages may be cached by browsers anyway.

`remember()` keeps a computed value for the generation; the full-page cache (helseinfo/pagecache.py)
keeps whole pages for it.
"""

import hashlib
import time
import uuid
from datetime import datetime, timedelta
from datetime import time as day_start

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

# (token, when it lapses); before the lapse was kept, the key "news:generation" held a bare token.
GENERATION_KEY = "news:generation:v2"

# How long one process may hold the others back while it computes a value; how long they wait for
# it before computing it themselves (a crashed process must not stall the site); how often they look.
LOCK_SECONDS = 30
WAIT_SECONDS = 5
POLL_SECONDS = 0.02

# Besides articles, what public pages show: saving or deleting one starts a new generation.
SHOWN = [
    "news.Article",
    "news.Correction",
    "news.Category",
    "news.Photo",
    "clusters.Tier",
    "clusters.Label",
    "clusters.Region",
    "clusters.Cluster",
    "clusters.Announcement",
    "clusters.Decision",
    settings.AUTH_USER_MODEL,  # authors' names
]


def generation():
    """The current generation's token."""
    return _current(cache.get(GENERATION_KEY))


def generation_and(key):
    """The current generation's token and the cached value of `key` (or None): one round trip."""
    found = cache.get_many([GENERATION_KEY, key])
    return _current(found.get(GENERATION_KEY)), found.get(key)


def _current(record):
    """The token of `record` (token, lapses at), or of the generation that replaces it."""
    if record is None:
        token = uuid.uuid4().hex
        cache.add(GENERATION_KEY, (token, lapses_at()), None)
        return (cache.get(GENERATION_KEY) or (token,))[0]
    token, lapses = record
    # At the lapse one process renews the generation; the others go on with the old one meanwhile.
    if timezone.now() >= lapses and cache.add(f"{GENERATION_KEY}:renewing:{token}", True, LOCK_SECONDS):
        token = _new_generation()
    return token


def lapses_at():
    """When a generation stops being right without any change: the next scheduled article comes
    due, or the day ends."""
    from .models import Article  # the models import this module

    due = Article.objects.scheduled().aggregate(next=Min("publish_at"))["next"]
    tomorrow = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), day_start.min))
    return min(due, tomorrow) if due else tomorrow


def _new_generation(lapses=None):
    token = uuid.uuid4().hex
    cache.set(GENERATION_KEY, (token, lapses or lapses_at()), None)
    return token


def news_changed(*, schedule=True):
    """Start a new generation, now and when the transaction commits.

    `schedule=False` for a change that cannot bring the next scheduled article forward (anything but
    saving an article): the current lapse is kept, without a query, until the commit.
    """
    record = cache.get(GENERATION_KEY)
    _new_generation(None if schedule or record is None else record[1])
    # Once per transaction is enough: a bulk delete calls this for every row.
    if not any(_new_generation in callback for callback in connection.run_on_commit):
        transaction.on_commit(_new_generation)


def watch_changes():
    """Connect the receivers that start a new generation (from NewsConfig.ready()): saves and deletes
    of the SHOWN models, and changes to the links between them (an article's clusters, say)."""
    for model in map(apps.get_model, SHOWN):
        post_save.connect(_saved, sender=model, dispatch_uid="news-changed")
        post_delete.connect(_deleted, sender=model, dispatch_uid="news-changed")
        if model._meta.app_label != "auth":
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(_linked, sender=field.remote_field.through, dispatch_uid="news-changed")


def _saved(sender, instance, update_fields=None, **kwargs):
    if sender._meta.label == "news.Article":
        return  # Article.save() starts one itself, with the schedule
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login
    news_changed(schedule=False)


def _deleted(sender, **kwargs):
    news_changed(schedule=False)


def _linked(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        news_changed(schedule=False)


def remember(name, parts, compute):
    """`compute()`'s value for `parts`, computed once per generation, by one process at a time.

    `compute` returns (value, valid_until): a datetime after which the value is wrong, or None. While
    one process computes a value (after a publish, say), the others asking for it wait for that value
    instead of each running the same query, for up to WAIT_SECONDS. Without a reachable cache every
    process computes its own.
    """
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = f"news:{name}:{generation()}:{digest}"
    lock = f"{key}:computing"
    give_up = time.monotonic() + WAIT_SECONDS
    while True:
        found = cache.get(key)
        if found is not None and (found[1] is None or timezone.now() < found[1]):
            return found[0]
        if cache.add(lock, True, LOCK_SECONDS):
            try:
                return _compute(key, compute)
            finally:
                cache.delete(lock)
        if not cache.has_key(lock) or time.monotonic() >= give_up:
            return _compute(key, compute)
        time.sleep(POLL_SECONDS)


def _compute(key, compute):
    value, valid_until = compute()
    cache.set(key, (value, valid_until), settings.PUBLIC_CACHE_SECONDS)
    return value
