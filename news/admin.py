import logging
from functools import partial, partialmethod

import reversion
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from js_asset import Media

from helseinfo.history import HistoryAdmin

from . import admin_changelist, admin_desk, images
from .admin_filters import CategoryFilter, ClusterFilter, StatusFilter, TierFilter
from .admin_photos import PhotoLibraryAdmin
from .autosave import AutosaveAdmin
from .forms import ArticleForm, PhotoForm
from .models import Article, Category, Correction, Photo
from .preview import PreviewAdmin

logger = logging.getLogger(__name__)

admin.site.index = admin_desk.index_view(admin.site.index)  # the newsroom's start page

# Every save is kept. An article's clusters and authors are stored with it; its corrections are not
# followed, so restoring an old version never takes a correction away.
reversion.register(Article, exclude=["search_vector"])
reversion.register(Photo)


def thumbnail(photo):
    return format_html('<img src="{}" alt="" width="80" loading="lazy">', photo.thumbnail_url)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "press_release", "order"]
    list_select_related = ["parent"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description=_("pressemeldinger"), ordering="is_press_release")
    def press_release(self, category):
        # Django's yes/no icon is named "True" or "False" to screen readers.
        icon, text = ("yes", _("ja")) if category.is_press_release else ("no", _("nei"))
        return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)

    # A user who may only view a category sees the same «ja»/«nei», not the field's "True"/"False".

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        return ["press_release" if name == "is_press_release" else name for name in fields]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if self.has_change_permission(request, obj) else [*readonly, "press_release"]


@admin.register(Photo)
class PhotoAdmin(PhotoLibraryAdmin, HistoryAdmin):
    form = PhotoForm

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A photo that cannot be stored (object storage down) is a form error, not a server error:
        the save has rolled back, and the form comes back with what the journalist typed."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except images.STORAGE_ERRORS:
            if request.method != "POST":
                raise
            logger.exception("Photo not saved: the media storage failed")
            request.photo_storage_failed = True
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if getattr(request, "photo_storage_failed", False):
            return type(form.__name__, (StorageFailed, form), {})
        return form

    def save_model(self, request, obj, form, change):
        obj.uploaded_by = obj.uploaded_by or request.user
        super().save_model(request, obj, form, change)  # and the prefill notice (PhotoLibraryAdmin)


class StorageFailed:
    """For the photo form once more, after the storage failed to take the file: the same data, this error."""

    def clean_image(self):
        try:
            return super().clean_image()
        except images.STORAGE_ERRORS:  # an edit checks that the stored file is there: it cannot tell
            return self.cleaned_data["image"]

    def clean(self):
        cleaned_data = super().clean()
        self.add_error(
            "image" if "image" in self.fields else None,
            _(
                "Bildet kunne ikke lagres akkurat nå: bildelageret svarer ikke. Ingenting er lagret, men "
                "det du har skrevet står fortsatt i skjemaet. Velg filen på nytt og prøv igjen om litt."
            ),
        )
        return cleaned_data


class CorrectionInline(admin.StackedInline):
    """Corrections are appended, dated and signed; once made, nobody changes or deletes one here.

    Whoever may add corrections (journalists and editors) appends them. Stacked: the tabular layout
    has header cells with no text (the row-title and delete columns).
    """

    model = Correction
    fields = ["text", "created", "author"]
    readonly_fields = ["created", "author"]
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(AutosaveAdmin, PreviewAdmin, HistoryAdmin):
    form = ArticleForm
    fieldsets = [
        (_("Tekst"), {"fields": ["headline", "slug", "lead", "body"]}),
        (_("Bilde"), {"fields": ["lead_photo", "photo_caption"]}),
        (
            _("Klassifisering"),
            {"fields": ["category", "clusters", "announcement", "origin", "source_name", "source_url"]},
        ),
        (
            _("Publisering"),
            {"fields": ["status", "publish_at", "authors", "byline", "preview", "lock_version"]},
        ),
    ]
    readonly_fields = ["preview"]
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["clusters", "announcement"]  # the lead photo: the library's picker (ArticleForm)
    inlines = [CorrectionInline]

    list_display = [
        "headline",
        "status_label",
        "publish_at",
        "category",
        "cluster_names",
        "author_names",
        "thumbnail",
    ]
    list_select_related = ["lead_photo"]  # the categories: from their tree (ArticleChangeList)
    list_filter = [StatusFilter, CategoryFilter, ("clusters", ClusterFilter), TierFilter, "publish_at"]
    search_fields = ["headline", "lead", "body"]  # full-text and by author: admin_changelist.search()
    # No date_hierarchy: its year links read every row (DISTINCT over the archive); "publish_at" filters.
    actions = ["publish", "unpublish"]
    # The newsroom works on the newest articles, on the first page; a page costs its rows, so 50, not
    # Django's 100, and an older one is a search or a filter away.
    list_per_page = 50
    paginator = admin_changelist.ArchivePaginator
    show_full_result_count = False
    change_list_template = "admin/news/article/change_list.html"  # its rows and filters cached

    def get_search_results(self, request, queryset, search_term):
        return admin_changelist.search(queryset, search_term)

    def get_changelist(self, request, **kwargs):
        return admin_changelist.ArticleChangeList

    def action_checkbox(self, article):
        return admin_changelist.action_checkbox(article)

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, article):
        # Translated once: the list compares a lazy label with its empty values, translating it again
        # for each of them.
        return str(article.status_label)

    @admin.display(description=_("klynger"))
    def cluster_names(self, article):
        return ", ".join(article.cluster_names)  # ArticleChangeList reads them with the rows

    @admin.display(description=_("forfattere"))
    def author_names(self, article):
        return ", ".join(article.author_names)  # ArticleChangeList reads the authors with the rows

    @admin.display(description=_("bilde"))
    def thumbnail(self, article):
        return thumbnail(article.lead_photo) if article.lead_photo_id else ""

    @admin.display(description=_("forhåndsvisning"))
    def preview(self, article):
        if not article.pk or article.is_visible:
            return "–"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            article.get_absolute_url(),
            _("Forhåndsvis saken (bare redaksjonen ser den)"),
        )

    def view_on_site(self, article):
        return article.get_absolute_url() if article.is_visible else None

    # The form: authors default to the writer, the slug is fixed once readers have seen it.

    def get_changeform_initial_data(self, request):
        return {"authors": [request.user.pk]} | super().get_changeform_initial_data(request)

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "slug"] if self._slug_is_fixed(obj) else self.readonly_fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if self._slug_is_fixed(obj) else self.prepopulated_fields

    def _slug_is_fixed(self, obj):
        # Asked of the database: the form may already hold an unsaved change of status.
        return obj is not None and Article.objects.published().filter(pk=obj.pk).exists()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # Each form is made for the person saving: the publish gate asks what they may do.
        return type(form.__name__, (form,), {"__init__": partialmethod(form.__init__, user=request.user)})

    def render_change_form(self, request, context, *args, **kwargs):
        # The editor's import map is an inline script; under the CSP it runs with this request's nonce.
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        if request.method == "POST":
            # A form shown again saved nothing: undo the claim on the edit lock its validation made.
            transaction.set_rollback(True)
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        obj.last_edited_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for correction in formset.save(commit=False):
            correction.author = correction.author or request.user
            correction.save()
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.status == Article.Status.PUBLISHED and not form.cleaned_data.get("clusters"):
            messages.warning(
                request,
                _("Saken er ikke knyttet til noen klynge: lesere som følger en klynge, finner den ikke der."),
            )

    # History: restoring an old version writes its whole row, edit-lock version included. The live
    # version is put back in the same transaction, so a form opened before the restore is refused.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        with transaction.atomic():
            if object_id.isdigit():
                live = Article.objects.select_for_update().values_list("version", flat=True)
                extra_context = {"live_version": live.filter(pk=object_id).first()} | (extra_context or {})
            return super().revision_view(request, object_id, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if live := (extra_context or {}).get("live_version"):
            Article.objects.filter(pk=object_id).update(version=live)
        return super().changeform_view(request, object_id, form_url, extra_context)

    # Bulk actions: publishing from the list passes the same gate as the form.

    def has_publish_permission(self, request):
        return request.user.has_perm("news.publish_article")

    @admin.action(description=_("Publiser valgte artikler"), permissions=["publish"])
    def publish(self, request, queryset):
        publish = partial(Article.publish, by=request.user)
        count, refused = self._change_from_list(
            request, queryset.drafts(), publish, _("Publisert fra listen.")
        )
        messages.success(request, ngettext("%d artikkel publisert.", "%d artikler publisert.", count) % count)
        if refused:
            messages.error(request, _("Ikke publisert: %(list)s") % {"list": " · ".join(refused)})

    @admin.action(description=_("Avpubliser valgte artikler (gjør til utkast)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        published = queryset.filter(status=Article.Status.PUBLISHED)  # and scheduled
        count, refused = self._change_from_list(
            request, published, Article.unpublish, _("Avpublisert fra listen.")
        )
        messages.success(
            request, ngettext("%d artikkel avpublisert.", "%d artikler avpublisert.", count) % count
        )
        if refused:
            messages.error(request, _("Ikke avpublisert: %(list)s") % {"list": " · ".join(refused)})

    def _change_from_list(self, request, articles, change, message):
        """Apply `change` to each article and save it as the form does, claiming the edit lock (a form
        opened before is then refused). How many were saved, and why the others were not."""
        count, refused = 0, []
        with transaction.atomic():
            for article in articles:
                try:
                    change(article)
                except ValidationError as refusal:
                    refused.append(f"«{article}»: {' '.join(refusal.messages)}")
                    continue
                if not article.claim_version(article.version):
                    refused.append(f"«{article}»: {_('Saken ble lagret av noen andre i samme øyeblikk.')}")
                    continue
                article.last_edited_by = request.user
                article.save()
                self.log_change(request, article, str(message))
                count += 1
        return count, refused
