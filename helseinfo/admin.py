"""What every ModelAdmin of the newsroom shares."""

from django.apps import apps
from django.utils.text import capfirst


class HideLinkRowsMixin:
    """The delete page lists the rows that go with an object, but not the link rows of a
    many-to-many field (an article's authors, its clusters): Django names those in English, and
    deleting them takes nothing away but the link."""

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = [
            model._meta for model in apps.get_models(include_auto_created=True) if model._meta.auto_created
        ]
        prefixes = tuple(f"{capfirst(opts.verbose_name)}: " for opts in links)
        plurals = {opts.verbose_name_plural for opts in links}
        counts = {name: count for name, count in model_count.items() if name not in plurals}
        return _without(deleted, prefixes), counts, perms_needed, protected


def _without(nested, prefixes):
    """The nested list of the delete page without the entries that start with `prefixes`."""
    kept = []
    for item in nested:
        if isinstance(item, list):
            kept.append(_without(item, prefixes))
        elif not str(item).startswith(prefixes):
            kept.append(item)
    return [item for item in kept if item != []]
