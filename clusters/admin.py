from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from helseinfo.admin import HideLinkRowsMixin

from .models import Announcement, Cluster, Decision, Region, Tier


class ProtectedDeleteMixin(HideLinkRowsMixin):
    """Say plainly why a row in use cannot be deleted, on the delete page and in the bulk action."""

    protected_message = None

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            messages.error(request, self.protected_message)
        return deleted, model_count, perms_needed, protected


@admin.register(Tier)
class TierAdmin(ProtectedDeleteMixin, admin.ModelAdmin):
    list_display = ["short_name", "name", "order", "decision_count"]
    list_editable = ["order"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    protected_message = _(
        "Programnivået er brukt i beslutninger og kan ikke slettes: klyngenes historikk skal bevares. "
        "Gi det heller nytt navn, eller la det stå uten nye beslutninger."
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(decision_count=Count("decisions"))

    @admin.display(description=_("beslutninger"), ordering="decision_count")
    def decision_count(self, tier):
        return tier.decision_count


@admin.register(Region)
class RegionAdmin(ProtectedDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    protected_message = _(
        "Regionen har klynger og kan ikke slettes. Flytt klyngene til en annen region først."
    )


class CurrentTierFilter(admin.SimpleListFilter):
    """Clusters by the tier of their latest decision; every Tier row is a choice, no code per tier.

    A list of other rows linked to clusters subclasses it and says what being `about` them means.
    """

    title = _("nåværende programnivå")
    parameter_name = "programniva"

    def lookups(self, request, model_admin):
        return [(tier.slug, str(tier)) for tier in Tier.objects.all()]

    def queryset(self, request, queryset):
        tier = Tier.objects.filter(slug=self.value()).first() if self.value() else None
        return self.about(queryset, Cluster.objects.in_tier(tier).values("pk")) if tier else queryset

    def about(self, queryset, clusters):
        return queryset.filter(pk__in=clusters)


class HistoryInline(admin.TabularInline):
    """The cluster's tier history, read-only: decisions are entered on their announcement."""

    model = Decision
    verbose_name = _("beslutning")
    verbose_name_plural = _("historikk i klyngeprogrammet")
    fields = ["date", "tier", "kind", "announcement_link"]
    readonly_fields = fields
    ordering = ["announcement__date", "pk"]
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("tier", "announcement")

    @admin.display(description=_("dato"))
    def date(self, decision):
        return decision.announcement.date

    @admin.display(description=_("kunngjøring"))
    def announcement_link(self, decision):
        url = reverse("admin:clusters_announcement_change", args=[decision.announcement_id])
        return format_html('<a href="{}">{}</a>', url, decision.announcement)


@admin.register(Cluster)
class ClusterAdmin(ProtectedDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "current_tier", "region", "members"]
    list_filter = [CurrentTierFilter, "region"]
    list_select_related = ["region"]
    search_fields = ["name", "former_names"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name",
        "slug",
        "former_names",
        "region",
        "description",
        "website",
        ("members", "members_as_of"),
        "leader",
    ]
    inlines = [HistoryInline]
    protected_message = _(
        "Klyngen har historikk i klyngeprogrammet og kan ikke slettes. Historikken skal bevares."
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_current_tier()

    @admin.display(description=_("programnivå nå"), ordering="current_tier_short_name")
    def current_tier(self, cluster):
        return cluster.current_tier_short_name or "–"


class DecisionInline(admin.TabularInline):
    model = Decision
    fields = ["cluster", "tier", "kind"]
    autocomplete_fields = ["cluster", "tier"]
    extra = 3


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "announced_by", "decision_count"]
    date_hierarchy = "date"
    search_fields = ["title", "announced_by", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", ("date", "date_note"), "announced_by", "summary", "source_url"]}),
        (_("Programmet"), {"fields": [("budget_nok", "budget_year"), "active_projects"]}),
    ]
    inlines = [DecisionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(decision_count=Count("decisions"))

    @admin.display(description=_("beslutninger"), ordering="decision_count")
    def decision_count(self, announcement):
        return announcement.decision_count
