"""The photo library: the photo list as a grid of thumbnails with search and filters, the edit page
with the picture (click it to set the focal point), and what the article form's photo picker asks of
it (a photo's card, and the upload made in the picker's window)."""

import json

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Trim
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Article, Photo, display_name


class UploadedByFilter(admin.SimpleListFilter):
    """Colleagues by name, only those who have uploaded photos (nobody may list the users)."""

    title = _("lastet opp av")
    parameter_name = "lastet_opp_av"

    def lookups(self, request, model_admin):
        uploaders = get_user_model().objects.filter(
            pk__in=Photo.objects.filter(uploaded_by__isnull=False).values("uploaded_by")
        )
        return sorted(((str(user.pk), display_name(user)) for user in uploaders), key=lambda c: c[1].lower())

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(uploaded_by=self.value())
        return queryset


class UsageFilter(admin.SimpleListFilter):
    title = _("bruk")
    parameter_name = "bruk"

    def lookups(self, request, model_admin):
        return [("ubrukt", _("ubrukt (ikke hovedbilde i noen sak)")), ("brukt", _("hovedbilde i en sak"))]

    def queryset(self, request, queryset):
        used = Exists(Article.objects.filter(lead_photo=OuterRef("pk")))
        return {"ubrukt": queryset.filter(~used), "brukt": queryset.filter(used)}.get(self.value(), queryset)


class LackingTextFilter(admin.SimpleListFilter):
    """Photos a published article cannot use yet (the publish gate asks for credit and alt text)."""

    title = _("mangler")
    parameter_name = "mangler"

    def lookups(self, request, model_admin):
        return [("tekst", _("kreditering eller alternativ tekst"))]

    def queryset(self, request, queryset):
        return lacking_text(queryset) if self.value() == "tekst" else queryset


def lacking_text(photos):
    """The photos without credit or alternative text (blank counts as none), annotated with
    `credit_trimmed` and `alt_trimmed` to say which."""
    trimmed = photos.annotate(credit_trimmed=Trim("credit"), alt_trimmed=Trim("alt_text"))
    return trimmed.filter(Q(credit_trimmed="") | Q(alt_trimmed=""))


class PhotoLibraryAdmin:
    """What PhotoAdmin (news/admin.py) is as a library. A mixin, put before the history admin."""

    # Shown as a grid (templates/admin/news/photo/change_list_results.html), not these columns.
    list_display = ["__str__", "credit", "created"]
    list_filter = [UsageFilter, LackingTextFilter, UploadedByFilter, "created"]
    list_per_page = 48
    search_fields = ["caption", "credit", "alt_text", "image"]
    search_help_text = _("Søk i bildetekst, kreditering, alternativ tekst og filnavn.")
    date_hierarchy = "created"
    popup_response_template = "admin/news/photo/popup_response.html"
    readonly_fields = ["picture"]

    class Media:
        css = {"all": ["newsroom/photo-library.css", "newsroom/focal.css"]}
        js = ["newsroom/focal-point.js", "newsroom/photo-grid.js"]

    @admin.display(description=_("bildet"))
    def picture(self, photo):
        """The picture, large enough to judge; a click in it sets the focal point (focal-point.js)."""
        return format_html(
            '<div class="focal-picker" data-focal-picker><img src="{}" alt="{}" width="{}" height="{}">'
            '<span class="focal-marker" hidden></span></div>'
            '<p class="help">{}</p>',
            photo.rendition_url("jpeg", 800),
            photo.alt_text,
            photo.width or "",
            photo.height or "",
            _(
                "Klikk på det viktigste i bildet for å sette fokuspunktet: der bildet beskjæres (f.eks. i "
                "sakslister), holdes dette punktet synlig."
            ),
        )

    def get_fieldsets(self, request, obj=None):
        text = ["image", "caption", "credit", "credit_kind", "alt_text"]
        if obj is None:
            return [(None, {"fields": text})]
        return [
            (None, {"fields": ["picture", ("focal_x", "focal_y"), *text]}),
        ]

    # The card the article form's picker shows for a chosen photo.

    def get_urls(self):
        card = path(
            "<path:object_id>/kort/",
            self.admin_site.admin_view(self.card_view),
            name="news_photo_card",
        )
        return [card, *super().get_urls()]

    def card_view(self, request, object_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if not object_id.isdigit():
            raise Http404
        return JsonResponse(photo_card(get_object_or_404(Photo, pk=object_id)))

    # Caption and credit read from the file are shown where the upload happened: on the photo's own
    # form after an upload on the photo page, beside the article's photo after one in the picker.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.prefilled:
            request.photo_prefilled = _("%(fields)s er hentet fra bildefilen. Kontroller teksten.") % {
                "fields": " og ".join(str(name).capitalize() for name in form.prefilled)
            }
            if IS_POPUP_VAR not in request.POST:
                messages.warning(request, request.photo_prefilled)

    def response_add(self, request, obj, post_url_continue=None):
        notice = getattr(request, "photo_prefilled", None)
        if IS_POPUP_VAR in request.POST:
            response = super().response_add(request, obj, post_url_continue)
            data = json.loads(response.context_data["popup_response_data"])
            response.context_data["popup_response_data"] = json.dumps(data | {"notice": notice or ""})
            return response
        if notice and "_addanother" not in request.POST:
            # Straight to the photo's form, where the text read from the file is to be checked.
            return HttpResponseRedirect(reverse("admin:news_photo_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)


def photo_card(photo):
    return {
        "id": photo.pk,
        "label": str(photo),
        "thumbnail": photo.thumbnail_url,
        "credit": photo.credit,
        "alt_text": photo.alt_text,
        "focal_classes": photo.focal_classes,
        "change_url": reverse("admin:news_photo_change", args=[photo.pk]),
    }
