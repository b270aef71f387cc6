"""Lists whose order is known as primary keys (from the archive index, or a ranking), for Django's
paginator to slice: a page reads only its own rows, whatever the list's length or the page's depth."""

from collections.abc import Sequence


class KeyedPages(Sequence):
    """`count` articles in the order of `keys(start, stop)`: the primary keys at those positions. The
    rows come from `queryset` (an ArticleQuerySet; its select_related and prefetches add theirs), which
    need not repeat the filter that found the keys, or from `rows(keys)` where the caller has a quicker
    way to read what that queryset would (news.models.published_cards())."""

    def __init__(self, queryset, keys, count, rows=None):
        self.queryset, self.keys, self.count = queryset, keys, count
        self.rows = rows or queryset.in_order

    def __len__(self):
        return self.count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(self.count)
        return self.page(start, stop)

    def page(self, start, stop):
        return self.rows(self.keys(start, stop))
