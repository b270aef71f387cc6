"""Autosave in the article form: what a journalist types is kept in the background (UnsavedEdits),
per person and article, and offered back when the form is opened again.

Nothing here publishes, writes the article's row or moves its edit-lock version: the kept edits carry
the version the form was opened at, so a restored form is refused on saving, as any stale form is,
if someone else saved in between. The browser's side is static/newsroom/autosave.js.
"""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _

from textrules import clean

from .models import Article, UnsavedEdits

MAX_BYTES = 1024 * 1024  # a long article's HTML is some tens of kilobytes
MAX_VALUES = 500  # per field: the checked authors, the chosen clusters
SAVE_EVERY_SECONDS = 3


class TooLarge(ValueError):
    pass


def posted_names(form_class):
    """The names the form's fields are posted under (a date and time field as name_0 and name_1)."""
    names = []
    for name, field in form_class.base_fields.items():
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            names += [f"{name}{suffix}" for suffix in widget.widgets_names]
        else:
            names.append(name)
    return names


def parse(raw, names):
    """The posted `edits` (JSON: {"fields": {name: [text]}, "labels": {name: {value: text}}}) with
    only the form's own `names` kept and every text cleaned; ValueError for anything else."""
    if len(raw) > MAX_BYTES:
        raise TooLarge
    data = json.loads(raw)
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
        raise ValueError
    fields = {name: _texts(values) for name, values in data["fields"].items() if name in names}
    labels = data.get("labels", {})
    if not fields or not isinstance(labels, dict):
        raise ValueError
    labels = {name: _labels(choices) for name, choices in labels.items() if name in names}
    return fields, labels


def _texts(values):
    if (
        not isinstance(values, list)
        or len(values) > MAX_VALUES
        or not all(isinstance(v, str) for v in values)
    ):
        raise ValueError
    return [clean(value) for value in values]


def _labels(choices):
    if not isinstance(choices, dict) or len(choices) > MAX_VALUES:
        raise ValueError
    return {
        clean(value): clean(text, multiline=False) for value, text in choices.items() if isinstance(text, str)
    }


def opened_version(fields, article):
    """The edit-lock version the form was opened at; required of a form for an existing article."""
    value = (fields.get("lock_version") or [""])[0]
    if article is None:
        return None
    if not value.isdigit():
        raise ValueError
    return int(value)


def may_edit(model_admin, request, article):
    """Whether the person may change `article`, or add one (None): who may keep edits or preview."""
    if article is None:
        return model_admin.has_add_permission(request)
    return model_admin.has_change_permission(request, article)


class AutosaveAdmin:
    """For ArticleAdmin: the autosave endpoint, the kept edits in the form's context, and their removal
    once the article is saved."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("autosave/", view(self.autosave_view), name="news_article_autosave"),
            path("<int:object_id>/autosave/", view(self.autosave_view), name="news_article_autosave"),
            *super().get_urls(),
        ]

    def autosave_view(self, request, object_id=None):
        """Keep (POST `edits`) or forget (POST `discard`) this person's unsaved edits of one article,
        or of a new one. 400 for a payload that is not the form's, 413 beyond MAX_BYTES (a request
        beyond DATA_UPLOAD_MAX_MEMORY_SIZE is refused by Django first, with a 400)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=object_id) if object_id else None
        if not may_edit(self, request, article):
            raise PermissionDenied
        if "discard" in request.POST:
            UnsavedEdits.objects.filter(user=request.user, article=article).delete()
            return HttpResponse(status=204)
        try:
            fields, labels = parse(
                request.POST.get("edits", ""), posted_names(self.get_form(request, article))
            )
            version = opened_version(fields, article)
        except TooLarge:
            return HttpResponse(_("Endringene er for store til å lagres automatisk."), status=413)
        except ValueError:
            return HttpResponseBadRequest(_("Ugyldige endringer."))
        if article and article.version > version and article.last_edited_by_id == request.user.pk:
            # The person's own save since the form was opened (a late request after "Lagre").
            return HttpResponse(_("Saken er lagret etter at skjemaet ble åpnet."), status=409)
        edits, _created = UnsavedEdits.objects.update_or_create(
            user=request.user,
            article=article,
            defaults={"fields": fields, "labels": labels, "opened_version": version},
        )
        return JsonResponse({"updated": edits.updated.isoformat()})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["autosave"] = self.autosave_context(request, obj, type(context["adminform"].form))
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def autosave_context(self, request, article, form_class):
        # A form shown again after a refused save is rendered in a transaction set to roll back
        # (ArticleAdmin): no queries then. It already holds what was typed, and only those who may
        # edit get that far.
        shown_again = request.method == "POST"
        if not shown_again and not may_edit(self, request, article):
            return None  # a view-only form has nothing to keep
        args = [article.pk] if article else []
        kept = (
            None if shown_again else UnsavedEdits.objects.filter(user=request.user, article=article).first()
        )
        config = {
            "url": reverse("admin:news_article_autosave", args=args),
            "names": posted_names(form_class),
            "key": f"helseinfo:unsaved:{request.user.pk}:{article.pk if article else 'new'}",
            "every": SAVE_EVERY_SECONDS,
        }
        if article:
            config["saved"] = article.updated.isoformat()
        if kept:
            config["kept"] = {
                "fields": kept.fields,
                "labels": kept.labels,
                "updated": kept.updated.isoformat(),
            }
        return {"config": config}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Saved: the edits kept of this form are in the article now.
        UnsavedEdits.objects.filter(user=request.user, article=obj if change else None).delete()
