"""The newsroom's article list at archive scale: what ArticleAdmin uses so that the list and its
search cost the same at 100,000 articles as at 1,000.

- No COUNT(*) of the archive on every load: the unfiltered list is counted from PostgreSQL's
  statistics (`pg_class.reltuples`, kept by ANALYZE and autovacuum); a filtered or searched list is
  counted as far as COUNT_UP_TO and then says «mer enn 500», so a common word costs what a rare one
  does; and no count of the whole table beside it (ArticleAdmin.show_full_result_count).
- Search is the readers' full-text search (news/search.py: the words of the headline, lead and
  body, Norwegian stemming) or the name of an author, never `icontains` over every body, and finds
  no row twice, so the list needs no DISTINCT.
- The rows shown read only the columns the list shows (never the body or the search vector), and
  their categories' paths come from one query of the small category tree, not one per row; once
  rendered, the rows and the filters are kept for the news generation (news/cache.py).
"""

from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property, partial, reduce
from operator import and_

from django.conf import settings
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Q
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from clusters.models import Cluster

from .cache import generation, remember_here
from .models import Article, Category, authors_by_name
from .search import IsAnyOf, is_postgresql, words

ESTIMATE_FROM = 10_000  # fewer rows than this are counted exactly
# A filtered or searched list is counted this far: 10 pages of 50. A newsroom looking further refines
# its search; counting the 80,000 articles that say "Oslo" would cost more than the rest of the page.
COUNT_UP_TO = 500

# What the list's columns read (ArticleAdmin.list_display); an image's size goes with its file.
SHOWN_FIELDS = [
    "headline", "status", "publish_at", "byline", "category",
    "lead_photo__image", "lead_photo__width", "lead_photo__height", "lead_photo__renditions",
]  # fmt: skip


class ArchivePaginator(Paginator):
    """Django's paginator, counting the unfiltered archive from the planner's statistics on PostgreSQL,
    and a filtered list no further than COUNT_UP_TO (`more_than_count` then says there are more)."""

    @cached_property
    def count(self):
        if self.is_filtered:
            return min(self.counted, COUNT_UP_TO)
        if is_postgresql():
            # The statistics change with ANALYZE, not with each article: read once per generation.
            table = self.object_list.model._meta.db_table
            estimate = remember_here("estimated-rows", table, partial(estimated_rows, table))
            if estimate >= ESTIMATE_FROM:
                return estimate
        return super().count

    @property
    def more_than_count(self):
        return self.is_filtered and self.counted > COUNT_UP_TO

    @property
    def is_filtered(self):
        return bool(self.object_list.query.where)

    @cached_property
    def counted(self):
        """The rows, counted up to one past COUNT_UP_TO: a common word stops there instead of counting
        half the archive; unordered, so PostgreSQL need not sort what it counts."""
        return self.object_list.order_by()[: COUNT_UP_TO + 1].count()


def estimated_rows(table):
    """How many rows PostgreSQL's statistics say `table` holds (-1: never analysed)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table])
        row = cursor.fetchone()
    return row[0] if row else -1


class ArticleChangeList(ChangeList):
    """The page's articles, found by their primary keys alone, then read as the list shows them (only
    their columns, their clusters and authors by name, each category and those above it from the
    category tree) when the rows are rendered: a page whose rows are cached is never read (`rows_key`,
    `filters_key`: templates/admin/news/article/change_list.html). Actions get whole articles:
    get_queryset()."""

    def get_results(self, request):
        super().get_results(request)
        # A narrow sort lets PostgreSQL take a word's 1,500 matches from the full-text index; sorting
        # whole rows made walking the archive by date look cheaper, and it read 3,000 rows (100 ms).
        page = list(self.result_list.values_list("pk", flat=True))
        self.result_list = ShownRows(page, self.shown)
        # The rendered filters and rows are the same for everyone who lists this page in this news
        # generation (any save of what they show starts a new one) and language, the rows for everyone
        # with the same columns (the actions' checkboxes).
        self.filters_key = [generation(), get_language(), request.get_full_path()]
        self.rows_key = [*self.filters_key, *self.list_display, *page]
        self.cache_seconds = settings.PUBLIC_CACHE_SECONDS  # for changes made around save()

    def shown(self, page):
        shown = self.apply_select_related(self.root_queryset).only(*SHOWN_FIELDS)
        rows = shown.prefetch_related(authors_by_name()).in_order(page)
        clusters = defaultdict(list)  # names, not Cluster objects: a third of the cost of a prefetch
        for pk, name in Cluster.objects.filter(articles__in=page).values_list("articles", "name"):
            clusters[pk].append(name)
        tree = category_tree(Category.objects.order_by())
        for article in rows:
            article.category = tree.get(article.category_id)
            article.cluster_names = clusters[article.pk]
        return rows


class ShownRows(Sequence):
    """A page's rows, read when first used; its length is known without them (the actions' counter)."""

    def __init__(self, pks, read):
        self.pks, self.read = pks, read

    def __len__(self):
        return len(self.pks)

    def __getitem__(self, index):
        return self.rows[index]

    def __iter__(self):
        return iter(self.rows)

    @cached_property
    def rows(self):
        return self.read(self.pks)


def category_tree(categories):
    """`categories` (all of them, in the order wanted) by primary key, each with its parent linked:
    their paths («Helseblogg › Kosthold») without a query per level (categories are few)."""
    categories = {category.pk: category for category in categories.only("name", "slug", "parent")}
    for category in categories.values():
        category.parent = categories.get(category.parent_id)
    return categories


def action_checkbox(article):
    """Django's checkbox for the list's actions, written out: rendering its widget template for each
    row cost more than all the row's other columns together. The same HTML."""
    label = format_html(_("Select this object for an action - {}"), str(article))
    return format_html(
        '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
        helpers.ACTION_CHECKBOX_NAME,
        article.pk,
        label,
    )


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
