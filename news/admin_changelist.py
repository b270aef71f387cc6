"""The newsroom's article list at archive scale: what ArticleAdmin uses so that the list and its
search cost the same at 100,000 articles as at 1,000.

- No COUNT(*) of the archive on every load: the unfiltered list is counted from PostgreSQL's
  statistics (`pg_class.reltuples`, kept by ANALYZE and autovacuum), a filtered or searched list
  exactly, which its indexes keep cheap; and no count of the whole table beside it
  (ArticleAdmin.show_full_result_count).
- Search is the readers' full-text search (news/search.py: the words of the headline, lead and
  body, Norwegian stemming) or the name of an author, never `icontains` over every body, and finds
  no row twice, so the list needs no DISTINCT.
"""

from functools import cached_property, reduce
from operator import and_

from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Q

from .models import Article
from .search import IsAnyOf, is_postgresql, words

ESTIMATE_FROM = 10_000  # fewer rows than this are counted exactly


class ArchivePaginator(Paginator):
    """Django's paginator, counting the unfiltered archive from the planner's statistics on PostgreSQL."""

    @cached_property
    def count(self):
        if is_postgresql() and not self.object_list.query.where:
            estimate = estimated_rows(self.object_list.model)
            if estimate >= ESTIMATE_FROM:
                return estimate
        return super().count


def estimated_rows(model):
    """How many rows PostgreSQL's statistics say the model's table holds (-1: never analysed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table]
        )
        row = cursor.fetchone()
    return row[0] if row else -1


def search(queryset, term):
    """ModelAdmin.get_search_results() for articles: those with the words of `term`, or by an author
    whose name has every word of it ("Kari", "Nordmann", "kari nordmann", a user name)."""
    term = term.strip()
    if not term:
        return queryset, False
    found = words(term)
    if authors := list(named(term)):
        found |= by_authors(authors)
    return queryset.filter(found), False


def named(term):
    """The primary keys of the staff users whose names have every word of `term` (staff are few)."""
    per_word = (
        Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(username__icontains=word)
        for word in term.split()
    )
    return get_user_model().objects.filter(reduce(and_, per_word), is_staff=True).values_list("pk", flat=True)


def by_authors(user_ids):
    links = Article.authors.through.objects.filter(user__in=user_ids).values("article")
    if is_postgresql():
        return Q(IsAnyOf(F("pk"), ArraySubquery(links)))
    return Q(pk__in=links)
