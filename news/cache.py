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
from contextvars import ContextVar
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


# A reader's request reads the generation once (helseinfo/pagecache.py) and keeps to it: one Redis
# round trip rather than one for every value it looks up, and a page made of one generation.
_pinned = ContextVar("news_generation", default=None)


def generation():
    """The current generation's token (the request's, where it keeps to one)."""
    return _pinned.get() or _current(cache.get(GENERATION_KEY))


def pin_generation(token):
    """Keep to the generation `token` in this request; reset_generation(what this returns) ends it."""
    return _pinned.set(token)


def reset_generation(pinned):
    _pinned.reset(pinned)


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


def _new_generation(lapses=None, articles=None, previous=None):
    """Start a generation. With `previous` (the token it replaces) and `articles`, record which
    articles the change touched, if this generation is the only one to follow `previous`: what
    changes() reads to patch the archive index instead of rebuilding it."""
    token = uuid.uuid4().hex
    if previous is not None and articles is not None:
        if cache.add(SUCCESSOR_KEY.format(previous), token, settings.PUBLIC_CACHE_SECONDS):
            cache.set(CHANGES_KEY.format(token), (previous, tuple(articles)), settings.PUBLIC_CACHE_SECONDS)
    cache.set(GENERATION_KEY, (token, lapses or lapses_at()), None)
    if _pinned.get() is not None:  # a request that changes the news reads what it changed
        _pinned.set(token)
    return token


# A generation's record of the articles whose change started it: (the token before, their pks). Kept
# only when the generation is the one successor of the token before, so that a chain of records read
# back from the current token names every article changed since an older one.
CHANGES_KEY = "news:changes:{}"
SUCCESSOR_KEY = "news:successor:{}"
PATCH_STEPS = 50  # generations a chain of records is followed back


def news_changed(*, schedule=True, articles=None):
    """Start a new generation, now and when the transaction commits.

    `schedule=False` for a change that cannot bring the next scheduled article forward (anything but
    saving an article): the current lapse is kept, without a query, until the commit. `articles`: the
    primary keys of the articles whose rows, links or tiers then the change touched, and none other
    (() for a change that touched no article: a photo, a region); None, the default: any may have.
    """
    record = cache.get(GENERATION_KEY)
    lapses = None if schedule or record is None else record[1]
    _new_generation(lapses, articles, previous=record and record[0])
    # Once per transaction is enough (a bulk delete calls this for every row), naming every article.
    renewal = next((c for _, c, _ in connection.run_on_commit if isinstance(c, _Renewal)), None)
    if renewal is not None:
        renewal.add(articles)
    else:
        renewal = _Renewal()
        renewal.add(articles)
        transaction.on_commit(renewal)  # outside a transaction: at once


class _Renewal:
    """The new generation a transaction starts when it commits, with the articles it changed."""

    def __init__(self):
        self.articles = set()

    def add(self, articles):
        self.articles = None if articles is None or self.articles is None else self.articles | set(articles)

    def __call__(self):
        record = cache.get(GENERATION_KEY)
        _new_generation(articles=self.articles, previous=record and record[0])


def changes(since, token):
    """The primary keys of the articles changed between the generations `since` and `token`, from
    their records; None where a step is unknown (a lapse, a change to anything, an expired record)."""
    changed = set()
    for _ in range(PATCH_STEPS):
        if token == since:
            return changed
        record = cache.get(CHANGES_KEY.format(token))
        if record is None:
            return None
        token, articles = record
        changed.update(articles)
    return None


def watch_changes():
    """Connect the receivers that start a new generation (from NewsConfig.ready()): saves and deletes
    of the SHOWN models, and changes to the links between them (an article's clusters, say)."""
    for model in map(apps.get_model, SHOWN):
        post_save.connect(_saved, sender=model, dispatch_uid="news-changed")
        post_delete.connect(_deleted, sender=model, dispatch_uid="news-changed")
        if model._meta.app_label != "auth":
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(_linked, sender=field.remote_field.through, dispatch_uid="news-changed")


# What a save of each model may change of the archive index (news/facets.py): its articles' rows,
# links and tiers then. Saving one of these changes none (a cluster's regions and the category tree
# are read apart from the index); saving a tier or a decision changes the tiers then of many.
LEAVES_ARTICLES = {
    "news.Correction",
    "news.Category",
    "news.Photo",
    "clusters.Label",
    "clusters.Region",
    "clusters.Cluster",
    "clusters.Announcement",
    settings.AUTH_USER_MODEL,
}


def _saved(sender, instance, update_fields=None, **kwargs):
    if sender._meta.label == "news.Article":
        return  # Article.save() starts one itself, with the schedule
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login
    news_changed(schedule=False, articles=() if sender._meta.label in LEAVES_ARTICLES else None)


def _deleted(sender, instance, **kwargs):
    # Deleting a category or a cluster updates or deletes rows of articles without their save().
    if sender._meta.label == "news.Article":
        articles = [instance.pk]
    elif sender._meta.label in LEAVES_ARTICLES - {"news.Category", "clusters.Cluster"}:
        articles = ()
    else:
        articles = None
    news_changed(schedule=False, articles=articles)


def _linked(sender, action, instance, reverse, pk_set=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from .models import Article

    if sender is Article.clusters.through:
        articles = None if reverse and pk_set is None else (pk_set if reverse else [instance.pk])
    else:  # an article's authors, a cluster's regions
        articles = ()
    news_changed(schedule=False, articles=articles)


def remember(name, parts, compute):
    """`compute()` for `parts`, computed once per generation, by one process at a time.

    A value is right for its generation: a generation lapses when the next scheduled article comes
    due, so values that depend on the time need no lapse of their own. While one process computes a
    value (after a publish, say), the others asking for it wait for that value instead of each running
    the same query, for up to WAIT_SECONDS. Without a reachable cache every process computes its own.
    """
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    # Held as (value,), so that None is a value too; "v3" since entries held (value, valid until).
    key = f"news:v3:{name}:{generation()}:{digest}"
    lock = f"{key}:computing"
    give_up = time.monotonic() + WAIT_SECONDS
    while True:
        found = cache.get(key)
        if found is not None:
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
    value = compute()
    cache.set(key, (value,), settings.PUBLIC_CACHE_SECONDS)
    return value


_here = {}  # (name, parts) -> (generation, value), in this process


def remember_here(name, parts, compute):
    """remember(), and kept in this process's memory for the generation too: for what nearly every
    request reads (the archive index, the register's choices), so it is fetched from the shared cache
    once per generation rather than once per request. `parts` must come from a small fixed set: one
    value is kept per (name, parts)."""
    token = generation()
    held = _here.get((name, repr(parts)))
    if held is not None and held[0] == token:
        return held[1]
    value = remember(name, parts, compute)
    _here[(name, repr(parts))] = (token, value)
    return value
