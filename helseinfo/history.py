"""The admin's history (django-reversion): every saved version, compared and restored, in Norwegian."""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reversion_compare.admin import CompareVersionAdmin
from reversion_compare.helpers import html_diff

from helseinfo.admin import HideLinkRowsMixin

SHORT_TEXT = 80  # shorter text, on one line, is shown before → after rather than as a diff


class HistoryAdmin(HideLinkRowsMixin, CompareVersionAdmin):
    """Every saved version, newest first, to compare and restore; only those who may delete may recover.

    The comparison shows what an editor changed, by the field's label: related rows by name (the
    clusters added and removed, the category before and after), choices by their label. Fields the
    form does not offer (edit lock, timestamps) are bookkeeping and left out.
    """

    history_latest_first = True
    change_list_template = "admin/history_change_list.html"

    def compare_view(self, request, object_id, extra_context=None):
        # reversion-compare checks only that the user is staff.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return super().compare_view(request, object_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        context = {"can_recover": self.has_delete_permission(request)} | (extra_context or {})
        return super().changelist_view(request, context)

    def compare(self, obj, version1, version2):
        old, new = version1.field_dict, version2.field_dict
        diff = [
            {"field": field, "diff": self.compare_field(field, old[field.attname], new[field.attname])}
            for field in [*obj._meta.fields, *obj._meta.many_to_many]
            if field.editable
            and not field.primary_key
            and field.attname in old
            and field.attname in new
            and _comparable(field, old[field.attname]) != _comparable(field, new[field.attname])
        ]
        return diff, False  # every field is compared from the versions themselves

    def compare_field(self, field, old, new):
        if field.many_to_many:
            old, new = set(old), set(new)
            names = _names(field.related_model, old | new)
            return render_to_string(
                "reversion-compare/compare_rows.html",
                {
                    "removed": sorted(names[pk] for pk in old - new),
                    "added": sorted(names[pk] for pk in new - old),
                    "kept": sorted(names[pk] for pk in old & new),
                },
            )
        if field.many_to_one or field.one_to_one:
            names = _names(field.related_model, {old, new} - {None})
            old, new = names.get(old), names.get(new)
        elif isinstance(old, str) and isinstance(new, str) and not _short(old, new):
            return html_diff(old, new)
        else:
            old, new = _shown(field, old), _shown(field, new)
        return render_to_string("reversion-compare/compare_value.html", {"old": old, "new": new})


def _comparable(field, value):
    return {str(pk) for pk in value} if field.many_to_many else value


def _short(*texts):
    return all(len(text) <= SHORT_TEXT and "\n" not in text for text in texts)


def _names(model, pks):
    """Each row by its name today, keyed as the versions key it; a row deleted since is named so."""
    rows = model._base_manager.in_bulk(pks)
    return {pk: _name(rows[pk]) if pk in rows else _("slettet (nr. %(pk)s)") % {"pk": pk} for pk in pks}


def _name(row):
    full_name = getattr(row, "get_full_name", None)  # a person: the name readers see in a byline
    return (full_name and full_name()) or str(row)


def _shown(field, value):
    if value is None or value == "":
        return None
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    if isinstance(field, models.DateTimeField):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        return formats.date_format(value, "DATE_FORMAT")
    return value
