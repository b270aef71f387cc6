"""Querysets built and compiled to SQL once per process, then run with new values.

A page that reads one row by its address builds the same chain of filter(), select_related() and
annotate() for every request, and Django compiles it to the same SQL each time: on an article page
that was 1.3-1.7 ms of about 8; a list's twenty cards, 0.9 ms of 2.5; a feed's rows, 2 ms of 4.7.
`Prepared(build, slug="", now=datetime)` calls `build` once per database with stand-ins for the values
that change from call to call (text, integers, times, lists of primary keys), and compiles the
queryset once; each call then runs that SQL with its own values. The rows come through Django's own
iterables: model instances (select_related(), annotations, the queryset's hooks after it reads) or
values() rows, exactly as the built queryset would have made them.

A prepared queryset is only for reading as it is: any further filter(), count() or get() clones its
query, and the clone is the queryset built anew for the call's values, compiled as usual. Where a
stand-in does not come through to the SQL's parameters unchanged (SQLite writes times as text), the
queryset is built and compiled on each call, as without this module.
"""

import copy
import datetime
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.sql import Query

# Two stand-ins for each kind of value, distinctive, so that no constant of a query equals one, and
# unlike each other in case, spaces and time zone, so that a value changed on its way to the SQL
# (made lower case, stripped, converted) shows. A list is of primary keys (integers), one and then two
# of them: SQL written for the number of keys (`IN (%s, %s)`) differs between the two, and is built
# on each call; an array parameter (news.search.among() on PostgreSQL) is one value, whatever its length.
STAND_INS = {
    str: lambda name, n: (f"\x00{name}\x00", f" \x00{name.upper()}-2\x00 ")[n],
    int: lambda name, n: -(2**62) - n - 2 * sum(map(ord, name)),
    list: lambda name, n: [-(2**62) - k - 2 * sum(map(ord, name)) for k in range(n + 1)],
    datetime.datetime: lambda name, n: datetime.datetime(
        1901,
        2,
        3,
        4,
        5,
        6,
        sum(map(ord, name)) % 999_999 + n,
        tzinfo=datetime.timezone(datetime.timedelta(hours=5 * n)),
    ),
}


class PreparedQuery(Query):
    """A query whose compiler is handed out ready-made, with the SQL compiled once and this call's
    parameters. A copy of it (for another filter, a count, an update) is the query built anew for
    this call's values, an ordinary one."""

    ready = None  # (the compiler that compiled it, its SQL, this call's parameters, the query built anew)

    def clone(self):
        if self.ready is not None:
            return self.ready[3]().clone()
        return super().clone()

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        if self.ready is None:
            return super().get_compiler(using, connection, elide_empty)
        compiled, sql, params, _ = self.ready
        compiler = copy.copy(compiled)  # with the select and klass_info it set as it compiled
        compiler.connection = connection or connections[using]  # this thread's
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        return compiler


class Prepared:
    def __init__(self, build, **values):
        """`build(queryset, **values)`: the queryset to run, from `queryset` (a model's default
        manager's, all rows) and the values of one call; `values`: an example of each, for its kind."""
        self.build = build
        self.kinds = {name: type(value) for name, value in values.items()}
        self.compiled = {}  # (model, database alias) -> (queryset, compiler, sql, params with slots) or None

    def __call__(self, model, using=DEFAULT_DB_ALIAS, **values):
        """The queryset that `build` makes of `model`'s rows for `values`, not yet read."""
        key = (model, using)
        if key not in self.compiled:
            self.compiled[key] = self.compile(model, using)
        if self.compiled[key] is None:
            return self.built(model, using, values)
        queryset, compiler, sql, params = self.compiled[key]
        prepared = queryset._clone()  # with the queryset's state; its query an ordinary copy
        params = tuple(values[p.name] if isinstance(p, Slot) else p for p in params)
        prepared.query.ready = (compiler, sql, params, lambda: self.built(model, using, values).query)
        return prepared

    def built(self, model, using, values):
        return self.build(model._default_manager.db_manager(using).all(), **values)

    def compile(self, model, using):
        """The queryset built with stand-ins, its compiler, SQL and parameters with a Slot for each
        value; None where the values do not come through to the parameters as they are."""
        compiled = []
        for n in (0, 1):
            stand_ins = {name: STAND_INS[kind](name, n) for name, kind in self.kinds.items()}
            base = model._default_manager.db_manager(using).get_queryset()
            queryset = self.build(base.__class__(model, query=PreparedQuery(model), using=using), **stand_ins)
            compiler = queryset.query.get_compiler(using)
            sql, params = compiler.as_sql()
            params = [
                next((Slot(name) for name, value in stand_ins.items() if same(p, value)), p) for p in params
            ]
            if {p.name for p in params if isinstance(p, Slot)} != set(stand_ins):
                return None
            compiled.append((queryset, compiler, sql, params))
        if compiled[0][2:] != compiled[1][2:]:  # the SQL, the constants and where each value goes
            return None
        return compiled[0]


@dataclass(frozen=True)
class Slot:
    """Where a call's value goes among a prepared query's parameters."""

    name: str


def same(param, stand_in):
    return type(param) is type(stand_in) and param == stand_in
