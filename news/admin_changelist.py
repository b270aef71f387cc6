"""The newsroom's article list at archive scale: what ArticleAdmin uses so that the list and its
search cost the same at 100,000 articles as at 1,000.

- No COUNT(*) of the archive on every load: the unfiltered list is counted from PostgreSQL's
  statistics (`pg_class.reltuples`, kept by ANALYZE and autovacuum); a filtered or searched list is
  counted as far as COUNT_UP_TO and then says «mer enn 500», so a common word costs what a rare one
  does; and no count of the whole table beside it (ArticleAdmin.show_full_result_count).
- Search is the readers' full-text search (news/search.py: the words of the headline, lead and
  body, Norwegian stemming) or the name of an author, never `icontains` over every body, and finds
  no row twice, so the list needs no DISTINCT. Its count takes the matches from the full-text index,
  a page walked in date order its newest matches (search.UnseenWhenAll).
- The rows shown read only the columns the list shows (never the body or the search vector), and
  their categories' paths come from one query of the small category tree, not one per row; once
  rendered, the rows and the filters are kept for the news generation (news/cache.py).
"""

import datetime
from collections.abc import Sequence
from functools import cached_property, partial, reduce
from operator import and_, itemgetter
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import ResultList, _coerce_field_name, results
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    lookup_field,
)
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db import connection, connections, models
from django.db.models import F, Q
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from helseinfo.prepared import Prepared
from textrules import dates

from .cache import generation, remember_here
from .models import Article, Category, in_key_order
from .search import IsAnyOf, UnseenWhenAll, among, is_postgresql, words

ESTIMATE_FROM = 10_000  # fewer rows than this are counted exactly
# A filtered or searched list is counted this far: 10 pages of 50. A newsroom looking further refines
# its search; counting the 80,000 articles that say "Oslo" would cost more than the rest of the page.
COUNT_UP_TO = 500
# A filtered or searched list of at most this many rows has them all found first, from the indexes, and
# its page is sorted from their keys. Else PostgreSQL walks the archive by date to the page, testing
# each row: for a word in one article of a hundred it unpacked 5,000 rows' search vectors (30-55 ms),
# where finding the word's 1,000 articles and sorting them takes 5 ms. A more common word's page is
# near the start of that walk.
SORTED_UP_TO = 3_000

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
        """The rows, counted up to one past COUNT_UP_TO (on PostgreSQL, past the greater of it and
        SORTED_UP_TO): a common word stops there instead of counting half the archive."""
        if not is_postgresql():
            return self.object_list.order_by()[: COUNT_UP_TO + 1].count()
        return len(self.first_rows)

    @cached_property
    def found(self):
        """(primary key, publish time) of every row of a filtered list of at most SORTED_UP_TO rows
        (PostgreSQL); else None."""
        if is_postgresql() and self.is_filtered and len(self.first_rows) <= SORTED_UP_TO:
            return self.first_rows
        return None

    @cached_property
    def first_rows(self):
        """(primary key, publish time in microseconds or None) of up to one past SORTED_UP_TO or
        COUNT_UP_TO rows, whichever is greater, in no order, so that PostgreSQL need not sort what it
        counts. The time comes from the rows PostgreSQL reads for their keys anyway: a page in date
        order is sorted from these (ArticleChangeList.page_keys()), without reading the rows again."""
        unordered = self.object_list.order_by()
        # Read with a LIMIT, PostgreSQL walked the table for a word in one article of ten, expecting
        # 5,000 rows to hold 501 matches and pricing each match as free, though it unpacks the row's
        # search vector from TOAST (20-30 ms); the full-text index finds them in 2-3 ms. Planned
        # without the limit (a materialised CTE), the rows are found the way finding all would be.
        # The admin's other lists on this paginator (an article's history) have no publish time.
        timed = "publish_at" in {field.name for field in unordered.model._meta.concrete_fields}
        sql, params = unordered.values("pk", *["publish_at"] if timed else []).query.sql_with_params()
        # Integers: 3,000 of them are read in a fraction of the time of as many datetimes.
        time = "(extract(epoch FROM publish_at) * 1000000)::bigint" if timed else "NULL::bigint"
        with connections[unordered.db].cursor() as cursor:
            first = f"SELECT pk, {time} AS time FROM found LIMIT %s"
            cursor.execute(
                f"WITH found AS MATERIALIZED ({sql})"
                f" SELECT array_agg(pk), array_agg(time) FROM ({first}) AS first",
                [*params, max(SORTED_UP_TO, COUNT_UP_TO) + 1],
            )
            keys, times = cursor.fetchone()
            return list(zip(keys or [], times or [], strict=True))


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
        page = list(self.page_keys())
        self.result_list = ShownRows(page, self.shown)
        # The rendered filters and rows are the same for everyone who lists this page in this news
        # generation (any save of what they show starts a new one) and language, the rows for everyone
        # with the same columns (the actions' checkboxes).
        self.filters_key = [generation(), get_language(), request.get_full_path()]
        self.rows_key = [*self.filters_key, *self.list_display, *page]
        self.cache_seconds = settings.PUBLIC_CACHE_SECONDS  # for changes made around save()

    def page_keys(self):
        """The primary keys of the page's rows, in the list's order: for a list whose rows the
        paginator found (ArchivePaginator.found), sorted from their keys alone, without testing the
        filters again on each row; in Python, where the order is by publish time and key alone (the
        list's own, newest first)."""
        keys = self.result_list.values_list("pk", flat=True)
        if (found := self.paginator.found) is None:
            return keys
        query = self.result_list.query
        ordering = self.queryset.query.order_by
        if set(ordering) <= set(SORTABLE):
            return sorted_keys(found, ordering)[query.low_mark : query.high_mark]
        rows = self.root_queryset.filter(among([pk for pk, _ in found])).order_by(*ordering)
        return rows.values_list("pk", flat=True)[query.low_mark : query.high_mark]

    def url_for_result(self, result):
        """The row's change page, as Django reverses it for every row: reversed once here."""
        start, end = self.change_url
        return f"{start}{result.pk}{end}"

    @cached_property
    def change_url(self):
        """The change page's URL before and after the article's key."""
        start, _, end = super().url_for_result(Article(pk=0)).rpartition("/0/")
        return f"{start}/", f"/{end}"

    def shown(self, page):
        rows = in_key_order(shown_rows(self.model, self.root_queryset.db, pks=page), page)
        tree = categories()
        for article in rows:
            article.category = tree.get(article.category_id)
            article.cluster_names = [cluster.name for cluster in article.clusters.all()]
        return rows


def read_shown(articles, pks):
    """The articles `pks` with what the list's columns show: only their columns and photo, their
    authors' and clusters' keys in their rows and the names kept for the news generation (no query of
    the links, no related managers), in no order."""
    articles = articles.select_related("lead_photo").only(*SHOWN_FIELDS)
    return articles.with_author_names().with_register_clusters().filter(among(pks)).order_by()


# Built and compiled once per process (helseinfo/prepared.py): a fifth of reading the page's rows.
shown_rows = Prepared(read_shown, pks=[0])


# The orderings page_keys() sorts in Python: each names an item of ArchivePaginator.found's rows, with
# its direction.
SORTABLE = {"pk": (0, False), "-pk": (0, True), "publish_at": (1, False), "-publish_at": (1, True)}


def sorted_keys(rows, ordering):
    """The primary keys of `rows` ((pk, publish time) pairs) in `ordering` (names of SORTABLE; the
    first that names an item decides, as in SQL)."""
    keys = list(dict.fromkeys(SORTABLE[name][0] for name in ordering))
    directions = {SORTABLE[name][0]: SORTABLE[name][1] for name in reversed(ordering)}
    rows = list(rows)
    for item in reversed(keys):  # stable sorts, the last key first
        rows.sort(key=itemgetter(item), reverse=directions[item])
    return [pk for pk, _ in rows]


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


def categories():
    """Every category by primary key with its parent linked (category_tree()), kept for the news
    generation: the same on every page of the list."""
    return remember_here("category-tree", 1, lambda: category_tree(Category.objects.order_by()))


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
    label = _("Select this object for an action - {}").format(escape(str(article)))
    return mark_safe(
        f'<input type="checkbox" name="{escape(helpers.ACTION_CHECKBOX_NAME)}" value="{escape(article.pk)}"'
        f' class="action-select" aria-label="{label}">'
    )


def search(queryset, term):
    """ModelAdmin.get_search_results() for articles: those with the words of `term`, or by an author
    whose name has every word of it ("Kari", "Nordmann", "kari nordmann", a user name)."""
    term = term.strip()
    if not term:
        return queryset, False
    found = words(term, UnseenWhenAll)
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


class Column:
    """One column of a changelist's rows as Django's `items_for_result` writes it, with what is the
    same on every row (how the value is found, the cell's classes, its empty value) worked out once."""

    def __init__(self, cl, index, name, link):
        model_admin = cl.model_admin
        self.name, self.link, self.model_admin = name, link, model_admin
        self.classes = [f"field-{_coerce_field_name(name, index)}"]
        self.empty = model_admin.get_empty_value_display()
        self.method, self.moment = None, False
        try:
            self.field = _get_non_gfk_field(cl.lookup_opts, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            self.field = None
            if callable(name):
                self.method = name
            elif hasattr(model_admin, name) and name != "__str__":
                self.method = getattr(model_admin, name)
            if self.method:
                self.empty, self.boolean = shown_as(self.method, self.empty)
            if name == "action_checkbox":
                self.classes = ["action-checkbox"]
        else:
            self.foreign = isinstance(self.field.remote_field, models.ManyToOneRel)
            if isinstance(self.field, models.DateField | models.TimeField | models.ForeignKey):
                self.classes.append("nowrap")
            # A time as Django's DATETIME_FORMAT writes it, without its format machinery for each row
            # (a tenth of the rows' cost): where the language's format is the one textrules writes.
            self.moment = (
                isinstance(self.field, models.DateTimeField)
                and not self.field.flatchoices
                and get_format("DATETIME_FORMAT") == dates.MOMENT_FORMAT
            )

    def cell(self, obj):
        """The cell's content and its classes for `obj`."""
        field, empty, classes, boolean = self.field, self.empty, self.classes, False
        try:
            if self.method:
                value, boolean = self.method(obj), self.boolean
            elif field is None:  # a model attribute, property or path: Django's own lookup
                _field, attr, value = lookup_field(self.name, obj, self.model_admin)
                empty, boolean = shown_as(attr, empty)
            else:
                value = getattr(obj, self.name)
        except ObjectDoesNotExist:
            return empty, classes
        if isinstance(value, str) and value.strip() == "":
            value = ""
        if field is None or field.auto_created:
            if isinstance(value, datetime.date | datetime.time):
                classes = [*classes, "nowrap"]
            return display_for_value(value, empty, boolean), classes
        if self.foreign:
            return (empty if value is None else value), classes
        if self.moment and value is not None and timezone.is_aware(value):
            return dates.moment(value), classes
        return display_for_field(value, field, empty, avoid_link=self.link), classes


def shown_as(attr, empty):
    """A column's empty value and whether it is a yes/no icon, as its callable or property says."""
    if isinstance(attr, property) and hasattr(attr, "fget"):
        return getattr(attr, "empty_value_display", empty), getattr(attr.fget, "boolean", False)
    return getattr(attr, "empty_value_display", empty), getattr(attr, "boolean", False)


def rows(cl):
    """Django's `results(cl)`, the same HTML, for a list without editable columns (Django's own
    otherwise): each column worked out once (Column), and the links' preserved filters once, where
    Django resolves every row's URL to find them again."""
    if cl.formset:
        return list(results(cl))
    columns, first = [], True
    for index, name in enumerate(cl.list_display):
        column = Column(cl, index, name, link_in_column(cl, name, first))
        column.tag = "th" if column.link and first else "td"
        first = first and not column.link
        columns.append(column)
    link = row_links(cl)
    found = []
    for obj in cl.result_list:
        cells = []
        for column in columns:
            content, classes = column.cell(obj)
            content = conditional_escape(content)
            if column.link:
                content = link(obj, content)
            cells.append(mark_safe(f'<{column.tag} class="{" ".join(classes)}">{content}</{column.tag}>'))
        found.append(ResultList(None, cells))
    return found


def link_in_column(cl, name, first):
    """Whether the column links to the row's change page (admin_list.items_for_result's rule)."""
    if cl.list_display_links is None:
        return False
    if first and not cl.list_display_links:
        return True
    return name in cl.list_display_links


def row_links(cl):
    """A function writing a row's link to its change page around the cell's content, with the list's
    filters preserved: the same on every row, so add_preserved_filters() runs once, not per row."""
    preserved = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}
    key = str(cl.to_field) if cl.to_field else cl.lookup_opts.pk.attname
    query = None

    def link(obj, content):
        nonlocal query
        try:
            url = cl.url_for_result(obj)
        except NoReverseMatch:
            return content
        if "?" in url or "#" in url:  # a URL of its own making: merged as Django merges it
            url = add_preserved_filters(preserved, url)
        else:
            if query is None:
                query = urlsplit(add_preserved_filters(preserved, url)).query
            url = f"{url}?{query}" if query else url
        opener = format_html(' data-popup-opener="{}"', obj.serializable_value(key)) if cl.is_popup else ""
        return format_html('<a href="{}"{}>{}</a>', url, opener, content)

    return link
