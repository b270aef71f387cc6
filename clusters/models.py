from django.db import models
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from textrules.models import CleanTextModel
from textrules.slugs import validate_unreserved


class Tier(CleanTextModel):
    """A level of the Norwegian Innovation Clusters programme (GCE, NCE, Arena …)."""

    name = models.CharField(_("navn"), max_length=120, help_text=_("F.eks. «Global Centres of Expertise»."))
    short_name = models.CharField(_("kortnavn"), max_length=20, help_text=_("F.eks. «GCE»."))
    slug = models.SlugField(_("adresse"), max_length=60, unique=True, validators=[validate_unreserved])
    description = models.TextField(
        _("beskrivelse"),
        blank=True,
        help_text=_("F.eks. «program for godt etablerte klynger som er verdensledende innen sine områder»."),
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("programnivå")
        verbose_name_plural = _("programnivåer")

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("clusters:tier", kwargs={"slug": self.slug})


class Region(CleanTextModel):
    name = models.CharField(_("navn"), max_length=120, unique=True)
    slug = models.SlugField(_("adresse"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")

    def __str__(self):
        return self.name


class ClusterQuerySet(models.QuerySet):
    def with_current_tier(self):
        """Annotate `current_tier_id` and `current_tier_short_name` from each cluster's latest decision."""
        latest = Decision.objects.filter(cluster=OuterRef("pk")).order_by("-announcement__date", "-pk")
        return self.annotate(
            current_tier_id=Subquery(latest.values("tier")[:1]),
            current_tier_short_name=Subquery(latest.values("tier__short_name")[:1]),
        )

    def in_tier(self, tier):
        return self.with_current_tier().filter(current_tier_id=getattr(tier, "pk", tier))


class Cluster(CleanTextModel):
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("adresse"), max_length=200, unique=True, validators=[validate_unreserved])
    former_names = models.TextField(
        _("tidligere navn"),
        blank=True,
        help_text=_("Ett navn per linje, f.eks. «Oslo Medtech». Lesere finner klyngen også på disse."),
    )
    region = models.ForeignKey(Region, models.PROTECT, related_name="clusters", verbose_name=_("region"))
    description = models.TextField(_("beskrivelse"), blank=True)
    website = models.URLField(_("nettsted"), blank=True)
    members = models.PositiveIntegerField(_("antall medlemmer"), null=True, blank=True)
    members_as_of = models.DateField(
        _("medlemstall per"), null=True, blank=True, help_text=_("Datoen medlemstallet gjelder for.")
    )
    leader = models.CharField(_("leder"), max_length=200, blank=True)

    objects = ClusterQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("klynge")
        verbose_name_plural = _("klynger")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("clusters:cluster", kwargs={"slug": self.slug})

    @property
    def former_names_list(self):
        return [name.strip() for name in self.former_names.splitlines() if name.strip()]

    def history(self):
        """Every decision about this cluster, oldest first."""
        return self.decisions.select_related("tier", "announcement").order_by("announcement__date", "pk")


class Announcement(CleanTextModel):
    """A programme announcement (kunngjøring) that admits, advances or extends clusters."""

    title = models.CharField(_("tittel"), max_length=200)
    slug = models.SlugField(_("adresse"), max_length=200, unique=True, validators=[validate_unreserved])
    date = models.DateField(_("dato"))
    date_note = models.CharField(
        _("merknad om dato"),
        max_length=200,
        blank=True,
        help_text=_("Fyll ut når datoen er usikker, f.eks. «Dagen er ikke oppgitt i kilden»."),
    )
    announced_by = models.CharField(
        _("kunngjort av"),
        max_length=300,
        blank=True,
        help_text=_(
            "F.eks. «næringsminister Monica Mæland og kommunal- og moderniseringsminister Jan Tore Sanner»."
        ),
    )
    summary = models.TextField(_("sammendrag"), blank=True)
    source_url = models.URLField(_("kilde (adresse)"), blank=True)
    budget_nok = models.PositiveBigIntegerField(
        _("programbudsjett (kr)"), null=True, blank=True, help_text=_("F.eks. 137000000.")
    )
    budget_year = models.PositiveSmallIntegerField(_("budsjettår"), null=True, blank=True)
    active_projects = models.PositiveIntegerField(
        _("aktive klyngeprosjekter"), null=True, blank=True, help_text=_("Antall etter kunngjøringen.")
    )

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("kunngjøring")
        verbose_name_plural = _("kunngjøringer")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("clusters:announcement", kwargs={"slug": self.slug})


class Decision(CleanTextModel):
    """One cluster put in one tier by one announcement."""

    class Kind(models.TextChoices):
        ADMITTED = "admitted", _("tatt opp")
        ADVANCED = "advanced", _("rykket opp")
        EXTENDED = "extended", _("forlenget")

    announcement = models.ForeignKey(
        Announcement, models.CASCADE, related_name="decisions", verbose_name=_("kunngjøring")
    )
    cluster = models.ForeignKey(Cluster, models.PROTECT, related_name="decisions", verbose_name=_("klynge"))
    tier = models.ForeignKey(Tier, models.PROTECT, related_name="decisions", verbose_name=_("programnivå"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.ADMITTED)

    class Meta:
        ordering = ["announcement__date", "pk"]
        verbose_name = _("beslutning")
        verbose_name_plural = _("beslutninger")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "cluster"], name="one_decision_per_cluster_per_announcement"
            )
        ]

    def __str__(self):
        return f"{self.cluster} – {self.tier} ({self.get_kind_display()})"
