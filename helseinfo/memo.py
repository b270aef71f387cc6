"""Values made once in this process and kept by key."""


class Bounded(dict):
    """At most `limit` values by key, each made once: when full it empties and starts again, which for
    keys without end (a search's words) costs one making each, and for the usual few nothing."""

    def __init__(self, limit):
        super().__init__()
        self.limit = limit

    def get_or_make(self, key, make):
        value = self.get(key)
        if value is None:
            if len(self) >= self.limit:
                self.clear()
            value = self[key] = make()
        return value
