import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from helseinfo.admin import HideLinkRowsMixin
from helseinfo.history import HistoryAdmin

from .admin_forms import RetireForm, TierForm
from .models import Announcement, Cluster, Decision, Label, Region, Tier, today

# A cluster's and an announcement's own fields are kept at every save. Their decisions are not
# followed: restoring an old version never takes away a decision recorded since.
reversion.register(Cluster)
reversion.register(Announcement)


class ProtectedDeleteMixin(HideLinkRowsMixin):
    """Say plainly why a row in use cannot be deleted, on the delete page and in the bulk action."""

    protected_message = None

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            messages.error(request, self.protected_message)
        return deleted, model_count, perms_needed, protected


def offered_tiers(chosen):
    """The tiers an editor may pick for a decision: those not retired today, and any already `chosen`."""
    return Tier.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today()) | chosen).distinct()


@admin.register(Tier)
class TierAdmin(ProtectedDeleteMixin, admin.ModelAdmin):
    form = TierForm
    list_display = ["short_name", "name", "in_force", "order", "decision_count", "label_link"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    fieldsets = [
        (
            None,
            {
                "description": _(
                    "Et programnivå er et nivå i klyngeprogrammet (som Arena, NCE eller GCE). Når det er "
                    "lagret, plasseres klynger i det med beslutninger, på kunngjøringen eller på klyngens "
                    "egen side. Et nivå som ikke lenger skal brukes, avvikles fra listen med handlingen "
                    "«Avvikle programnivå»: det slettes ikke, for historikken skal bevares."
                ),
                "fields": ["name", "short_name", "slug", "description", "order", ("starts_on", "ends_on")],
            },
        )
    ]
    actions = ["retire", "make_label"]
    protected_message = _(
        "Programnivået er brukt i beslutninger og kan ikke slettes: klyngenes historikk skal bevares. "
        "Avvikle det heller fra en dato (handlingen «Avvikle programnivå» i listen)."
    )

    def get_queryset(self, request):
        tiers = super().get_queryset(request).select_related("label")
        return tiers.annotate(decision_count=Count("decisions"))

    @admin.display(description=_("beslutninger"), ordering="decision_count")
    def decision_count(self, tier):
        return tier.decision_count

    @admin.display(description=_("gjelder"), ordering="starts_on")
    def in_force(self, tier):
        start = date_format(tier.starts_on) if tier.starts_on else None
        if tier.ends_on is None:
            return _("fra %(day)s") % {"day": start} if start else _("gjelder")
        end = _("avviklet fra %(day)s") % {"day": date_format(tier.ends_on)}
        return f"{start} – {end}" if start else end

    @admin.display(description=_("merke"))
    def label_link(self, tier):
        label = getattr(tier, "label", None)
        if label is None:
            return "–"
        url = reverse("admin:clusters_label_change", args=[label.pk])
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.action(description=_("Avvikle programnivå (fra en dato)"), permissions=["change"])
    def retire(self, request, queryset):
        form = RetireForm(request.POST if "apply" in request.POST else None, tiers=list(queryset))
        if form.is_valid():
            day = form.cleaned_data["ends_on"]
            for tier in form.tiers:
                tier.ends_on = day
                tier.save(update_fields=["ends_on"])
                self.log_change(request, tier, _("Avviklet fra %(day)s.") % {"day": day.isoformat()})
            messages.success(
                request,
                _("%(names)s avvikles fra %(day)s. Flytt klyngene med beslutninger med samme dato.")
                % {"names": ", ".join(str(tier) for tier in form.tiers), "day": date_format(day)},
            )
            return None
        return TemplateResponse(
            request,
            "admin/clusters/tier/retire.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Avvikle programnivå"),
                "opts": self.model._meta,
                "tiers": form.tiers,
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Gjør om til merke (avviklede programnivåer)"), permissions=["add_label"])
    def make_label(self, request, queryset):
        for tier in queryset.select_related("label"):
            if tier.ends_on is None:
                message = _("%(tier)s er ikke avviklet: avvikle det først, så kan det bli et merke.")
                messages.error(request, message % {"tier": tier})
            elif getattr(tier, "label", None) is not None:
                message = _("%(tier)s er allerede merket «%(label)s».")
                messages.warning(request, message % {"tier": tier, "label": tier.label})
            elif (label := label_for(tier)).from_tier_id not in (None, tier.pk):
                message = _("Merket «%(label)s» finnes alt og lever videre etter %(other)s.")
                messages.error(request, message % {"label": label, "other": label.from_tier})
            else:
                label.from_tier = tier
                label.full_clean()
                label.save()
                url = reverse("admin:clusters_label_change", args=[label.pk])
                message = _(
                    'Merket «<a href="{}">{}</a>» lever videre etter {}. Klynger får det med beslutningen '
                    "«fikk merke», på klyngens side eller på en kunngjøring."
                )
                messages.success(request, format_html(str(message), url, label, tier))

    def has_add_label_permission(self, request):
        return request.user.has_perm("clusters.add_label")


def label_for(tier):
    """The label a retired tier lives on as: the one of its name, or a new one named and described as it."""
    existing = Label.objects.filter(name__iexact=tier.name).select_related("from_tier").first()
    return existing or Label(name=tier.name, slug=free_label_slug(tier.slug), description=tier.description)


def free_label_slug(slug):
    """`slug`, or `slug-2`, `slug-3` … if a label already has it."""
    taken = set(Label.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
    candidates = (slug if n == 1 else slugify(f"{slug}-{n}") for n in range(1, len(taken) + 2))
    return next(candidate for candidate in candidates if candidate not in taken)


@admin.register(Label)
class LabelAdmin(ProtectedDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "from_tier", "decision_count"]
    list_select_related = ["from_tier"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "from_tier"]
    protected_message = _(
        "Merket er brukt i beslutninger og kan ikke slettes: klyngenes historikk skal bevares."
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(decision_count=Count("decisions"))

    @admin.display(description=_("beslutninger"), ordering="decision_count")
    def decision_count(self, label):
        return label.decision_count

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "from_tier":
            kwargs["queryset"] = Tier.objects.filter(ends_on__isnull=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Region)
class RegionAdmin(ProtectedDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    protected_message = _("Regionen har klynger og kan ikke slettes. Fjern den fra klyngene først.")

    def get_deleted_objects(self, objs, request):
        # A cluster's regions are a many-to-many field: the database would let the region go.
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        in_use = Cluster.objects.filter(regions__in=objs).distinct()
        if in_use and not protected:
            messages.error(request, self.protected_message)
        protected = [*protected, *(f"{Cluster._meta.verbose_name.capitalize()}: {c}" for c in in_use)]
        return deleted, model_count, perms_needed, protected


class CurrentTierFilter(admin.SimpleListFilter):
    """Clusters by their tier today; every tier in force is a choice, no code per tier.

    A list of other rows linked to clusters subclasses it and says what being `about` them means.
    """

    title = _("nåværende programnivå")
    parameter_name = "programniva"

    def lookups(self, request, model_admin):
        return [(tier.slug, str(tier)) for tier in Tier.objects.current()]

    def queryset(self, request, queryset):
        tier = Tier.objects.filter(slug=self.value()).first() if self.value() else None
        return self.about(queryset, Cluster.objects.in_tier(tier).values("pk")) if tier else queryset

    def about(self, queryset, clusters):
        return queryset.filter(pk__in=clusters)


class DecisionInlineBase(admin.StackedInline):
    """Decisions, entered where they are announced or on the cluster's own page. A retired tier is not
    offered, unless a decision shown already names it. Stacked: a tabular inline's fields have no labels."""

    model = Decision
    autocomplete_fields = ["announcement"]
    ordering = ["effective_on", "pk"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if "tier" in formset.form.base_fields:
            chosen = Q(decisions__in=obj.decisions.all()) if obj and obj.pk else Q(pk__in=[])
            formset.form.base_fields["tier"].queryset = offered_tiers(chosen)
        return formset

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cluster", "tier", "label", "announcement")


class ClusterDecisionInline(DecisionInlineBase):
    verbose_name = _("beslutning")
    verbose_name_plural = _("historikk i klyngeprogrammet")
    fields = ["effective_on", "kind", "tier", "label", "former_name", "announcement", "source_url", "note"]
    extra = 1


@admin.register(Cluster)
class ClusterAdmin(ProtectedDeleteMixin, HistoryAdmin):
    list_display = ["name", "current_tier", "region_names", "members"]
    list_filter = [CurrentTierFilter, "regions"]
    search_fields = ["name", "former_names"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name",
        "slug",
        "former_names",
        "regions",
        "description",
        "website",
        ("members", "members_as_of"),
        "leader",
    ]
    inlines = [ClusterDecisionInline]
    protected_message = _(
        "Klyngen har historikk i klyngeprogrammet og kan ikke slettes. Historikken skal bevares."
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_current_tier().prefetch_related("regions")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "regions":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("programnivå nå"), ordering="current_tier_short_name")
    def current_tier(self, cluster):
        return cluster.current_tier_short_name or "–"

    @admin.display(description=_("regioner"))
    def region_names(self, cluster):
        return ", ".join(region.name for region in cluster.regions.all()) or "–"


class AnnouncementDecisionInline(DecisionInlineBase):
    fields = ["cluster", "kind", "tier", "label", "former_name", "effective_on", "note"]
    autocomplete_fields = ["cluster"]
    extra = 3


@admin.register(Announcement)
class AnnouncementAdmin(HistoryAdmin):
    list_display = ["title", "date", "announced_by", "decision_count"]
    date_hierarchy = "date"
    search_fields = ["title", "announced_by", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", ("date", "date_note"), "announced_by", "summary", "source_url"]}),
        (_("Programmet"), {"fields": [("budget_nok", "budget_year"), "active_projects"]}),
    ]
    inlines = [AnnouncementDecisionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(decision_count=Count("decisions"))

    @admin.display(description=_("beslutninger"), ordering="decision_count")
    def decision_count(self, announcement):
        return announcement.decision_count
