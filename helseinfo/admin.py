"""The newsroom's admin site, and what every ModelAdmin of the newsroom shares."""

from functools import partial

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import get_script_prefix
from django.utils.text import capfirst
from django.utils.translation import get_language

from .memo import Bounded


class NewsroomAdminSite(admin.AdminSite):
    site_header = "Helseinfo – nyhetsdesken"
    site_title = "Helseinfo nyhetsdesk"
    index_title = "Nyhetsdesken"
    site_url = "/"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The apps and models each kind of user may see (get_app_list()), by what they depend on; a
        # process meets few: the newsroom's roles.
        self.kept_app_lists = Bounded(200)

    def get_app_list(self, request, app_label=None):
        """Django's list of the apps and models the user may see, built once in this process for each
        set of permissions, language and script prefix: every page of the admin has it in its context
        (the sidebar), and building it asks every ModelAdmin four questions of permission, about 1.3 ms
        of the article list. Every ModelAdmin here answers them from the user's permissions alone."""
        user = request.user
        if user.is_active and user.is_superuser:
            perms = "superuser"  # has_perm() is True without reading any permission
        else:
            perms = frozenset(user.get_all_permissions())  # has_perm() reads them anyway
        key = (app_label, perms, get_language(), get_script_prefix())
        app_list = self.kept_app_lists.get_or_make(key, partial(super().get_app_list, request, app_label))
        # Each page its own lists and dicts: what a view or template changes stays on its page.
        return [{**app, "models": [dict(model) for model in app["models"]]} for app in app_list]


class NewsroomAdminConfig(AdminConfig):
    """django.contrib.admin with the newsroom's site as admin.site."""

    default_site = "helseinfo.admin.NewsroomAdminSite"


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
