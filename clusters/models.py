import re
from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import BigIntegerField, Case, CharField, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from textrules.collation import norwegian
from textrules.models import CleanTextModel
from textrules.slugs import validate_unreserved

from .timeline import Period, period_on, timeline


def today():
    """The date in the site's time zone: what "now" means for a date in the register."""
    return timezone.localdate()


SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_slug_urls = {}  # (view name, script prefix, URLconf) -> its address with PLACEHOLDER for the slug
PLACEHOLDER = "slug-placeholder"


def slug_url(viewname, slug):
    """reverse(viewname, kwargs={"slug": slug}) for a slug of ASCII letters, digits, - and _, from
    the address reversed once per view: a list page links some fifty articles and clusters, and
    reverse() costs more than the rest of a link. Any other slug goes through reverse()."""
    if not SLUG.fullmatch(slug):
        return reverse(viewname, kwargs={"slug": slug})
    key = (viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    if (address := _slug_urls.get(key)) is None:
        address = _slug_urls[key] = reverse(viewname, kwargs={"slug": PLACEHOLDER})
    return address.replace(PLACEHOLDER, slug)


class TierQuerySet(models.QuerySet):
    def current(self, on=None):
        """The tiers in force on `on` (default: today)."""
        on = on or today()
        return self.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gt=on)
        )


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
    starts_on = models.DateField(
        _("gjelder fra"), null=True, blank=True, help_text=_("Første dag programnivået finnes. Tom: alltid.")
    )
    ends_on = models.DateField(
        _("avviklet fra"),
        null=True,
        blank=True,
        help_text=_(
            "Første dag programnivået ikke lenger gjelder. Klyngene i det står da uten programnivå til "
            "de flyttes; siden og gamle nyheter beholder det."
        ),
    )

    objects = TierQuerySet.as_manager()

    class Meta:
        ordering = ["order", norwegian("name"), "pk"]
        verbose_name = _("programnivå")
        verbose_name_plural = _("programnivåer")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="tier_ends_after_it_starts",
                violation_error_message=_("Et programnivå må avvikles etter at det begynner å gjelde."),
            )
        ]

    def __str__(self):
        return self.short_name

    @property
    def full_name(self):
        """The name a heading gives: «Global Centres of Expertise (GCE)», or the name alone if it is
        the short one."""
        return self.name if self.short_name == self.name else f"{self.name} ({self.short_name})"

    def get_absolute_url(self):
        return slug_url("clusters:tier", self.slug)

    @property
    def is_retired(self):
        return self.ends_on is not None and self.ends_on <= today()

    def applies_on(self, day):
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or day < self.ends_on
        )

    @property
    def last_day(self):
        """The last day a retired tier applied."""
        return self.ends_on - timedelta(days=1) if self.ends_on else None


class Label(CleanTextModel):
    """A brand a cluster qualifies for and holds for a period (often a retired tier's name); not a tier."""

    name = models.CharField(_("navn"), max_length=120, unique=True, help_text=_("F.eks. «Arena Pro»."))
    slug = models.SlugField(_("adresse"), max_length=60, unique=True, validators=[validate_unreserved])
    description = models.TextField(_("beskrivelse"), blank=True)
    from_tier = models.OneToOneField(
        Tier,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="label",
        verbose_name=_("fra programnivå"),
        help_text=_("Programnivået merket lever videre etter, om noe."),
    )

    class Meta:
        ordering = [norwegian("name"), "pk"]
        verbose_name = _("merke")
        verbose_name_plural = _("merker")

    def __str__(self):
        return self.name


class Region(CleanTextModel):
    name = models.CharField(_("navn"), max_length=120, unique=True)
    slug = models.SlugField(_("adresse"), max_length=120, unique=True)

    class Meta:
        ordering = [norwegian("name"), "pk"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")

    def __str__(self):
        return self.name


class ClusterQuerySet(models.QuerySet):
    def with_tier(self, on=None):
        """Annotate `tier_id` and `tier_short_name`: each cluster's tier on `on` (default: today)."""
        return self.annotate(**tier_annotations(on, "tier_id", "tier_short_name"))

    def with_current_tier(self):
        """Annotate `current_tier_id` and `current_tier_short_name`: each cluster's tier today."""
        return self.annotate(**tier_annotations(None, "current_tier_id", "current_tier_short_name"))

    def in_tier(self, tier, on=None):
        """The clusters in `tier` on `on` (default: today)."""
        return self.with_tier(on).filter(tier_id=getattr(tier, "pk", tier))

    def named_on(self, on=None):
        """Annotate `name_then`: the name each cluster bears on `on` (default: today). The editor types
        the new name when recording a rename; until the rename's date the former name stays in use."""
        pending = Decision.objects.filter(
            cluster=OuterRef("pk"), kind=DecisionKind.RENAMED, effective_on__gt=on or today()
        ).order_by("effective_on", "pk")
        return self.annotate(name_then=Coalesce(Subquery(pending.values("former_name")[:1]), F("name")))


def under_names_then(clusters):
    """The clusters of a `named_on()` queryset, each shown under the name it bore that day (a display
    copy: never save one)."""
    clusters = list(clusters)
    for cluster in clusters:
        cluster.name = cluster.name_then
    return clusters


def tier_annotations(on, id_name, short_name):
    """A cluster's tier on a day: that of its latest decision placing it (or taking it out) on or before
    the day, unless the tier was retired by then. A decision dated later has no effect yet."""
    on = on or today()
    latest = Decision.objects.filter(
        cluster=OuterRef("pk"), effective_on__lte=on, kind__in=Decision.PLACING_KINDS
    ).order_by("-effective_on", "-pk")

    def unless_retired(field, output_field):
        retired = When(tier__ends_on__lte=on, then=Value(None))
        return Case(retired, default=F(field), output_field=output_field)

    return {
        id_name: Subquery(latest.values(placed=unless_retired("tier_id", BigIntegerField()))[:1]),
        short_name: Subquery(latest.values(placed=unless_retired("tier__short_name", CharField()))[:1]),
    }


class Cluster(CleanTextModel):
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("adresse"), max_length=200, unique=True, validators=[validate_unreserved])
    former_names = models.TextField(
        _("tidligere navn"),
        blank=True,
        help_text=_(
            "Ett navn per linje, f.eks. «Oslo Medtech». Lesere finner klyngen også på disse. "
            "Et navnebytte registrert som beslutning legger det gamle navnet til her."
        ),
    )
    regions = models.ManyToManyField(
        Region,
        blank=True,
        related_name="clusters",
        verbose_name=_("regioner"),
        help_text=_("Der klyngen holder til, om kilden sier det. Tom: ukjent."),
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    website = models.URLField(_("nettsted"), blank=True)
    members = models.PositiveIntegerField(_("antall medlemmer"), null=True, blank=True)
    members_as_of = models.DateField(
        _("medlemstall per"), null=True, blank=True, help_text=_("Datoen medlemstallet gjelder for.")
    )
    leader = models.CharField(_("leder"), max_length=200, blank=True)

    objects = ClusterQuerySet.as_manager()

    class Meta:
        ordering = [norwegian("name"), "pk"]
        verbose_name = _("klynge")
        verbose_name_plural = _("klynger")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("clusters:cluster", self.slug)

    @property
    def former_names_list(self):
        return [name.strip() for name in self.former_names.splitlines() if name.strip()]

    def history(self):
        """Every decision about this cluster, oldest first, those dated later included."""
        return self.decisions.select_related("tier", "label", "announcement")

    def timeline(self, on=None):
        """The cluster's tier, label and name periods as of `on` (default: today), oldest first."""
        return timeline(self.history(), on or today())

    def tier_on(self, day):
        """The cluster's tier on `day`, or None."""
        period = period_on(self.timeline(day), Period.TIER, day)
        return period and period.obj


class DecisionKind(models.TextChoices):
    ADMITTED = "admitted", _("tatt opp")
    ADVANCED = "advanced", _("rykket opp")
    MOVED_DOWN = "moved_down", _("flyttet ned")
    EXTENDED = "extended", _("forlenget")
    LEFT = "left", _("gikk ut av programmet")
    LABEL_GRANTED = "label_granted", _("fikk merke")
    LABEL_WITHDRAWN = "label_withdrawn", _("mistet merke")
    RENAMED = "renamed", _("skiftet navn")


# What each kind of decision records besides the cluster and the date; the others leave it empty.
TIER_KINDS = [DecisionKind.ADMITTED, DecisionKind.ADVANCED, DecisionKind.MOVED_DOWN, DecisionKind.EXTENDED]
LABEL_KINDS = [DecisionKind.LABEL_GRANTED, DecisionKind.LABEL_WITHDRAWN]
NAME_KINDS = [DecisionKind.RENAMED]
PLACING_KINDS = [*TIER_KINDS, DecisionKind.LEFT]  # the decisions that say which tier a cluster is in
REQUIRED = [
    ("tier", TIER_KINDS, _("Velg programnivået.")),
    ("label", LABEL_KINDS, _("Velg merket.")),
    ("former_name", NAME_KINDS, _("Skriv navnet klyngen hadde før.")),
]


def kind_needs(field, present, kinds):
    """The condition that `field` is `present` for a decision of one of `kinds`, and empty otherwise."""
    return (Q(kind__in=kinds) & present) | (~Q(kind__in=kinds) & ~present)


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
        ordering = ["-date", norwegian("title"), "pk"]
        verbose_name = _("kunngjøring")
        verbose_name_plural = _("kunngjøringer")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("clusters:announcement", self.slug)


class DecisionQuerySet(models.QuerySet):
    def periods(self):
        """{cluster pk: [Period]} that these decisions make, every one in force, those dated later too:
        what is known of any day, past or to come."""
        by_cluster = defaultdict(list)
        for decision in self.select_related("tier", "label").order_by("effective_on", "pk"):
            by_cluster[decision.cluster_id].append(decision)
        return {pk: timeline(decisions, date.max) for pk, decisions in by_cluster.items()}


class Decision(CleanTextModel):
    """One event in a cluster's life in the programme, in force from its date."""

    Kind = DecisionKind
    TIER_KINDS, LABEL_KINDS, NAME_KINDS, PLACING_KINDS = TIER_KINDS, LABEL_KINDS, NAME_KINDS, PLACING_KINDS

    cluster = models.ForeignKey(Cluster, models.PROTECT, related_name="decisions", verbose_name=_("klynge"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.ADMITTED)
    effective_on = models.DateField(
        _("gjelder fra"),
        blank=True,
        help_text=_(
            "Dagen beslutningen får virkning. Tom: kunngjøringens dato. "
            "En dato fram i tid får virkning først da."
        ),
    )
    tier = models.ForeignKey(
        Tier,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("programnivå"),
        help_text=_("Nivået klyngen kom inn i (tatt opp, rykket opp, flyttet ned, forlenget)."),
    )
    label = models.ForeignKey(
        Label,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("merke"),
        help_text=_("Merket klyngen fikk eller mistet."),
    )
    former_name = models.CharField(
        _("tidligere navn"),
        max_length=200,
        blank=True,
        help_text=_("Ved navnebytte: navnet klyngen hadde fram til datoen."),
    )
    announcement = models.ForeignKey(
        Announcement,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("kunngjøring"),
        help_text=_("Kunngjøringen som er kilden, om det er én."),
    )
    source_url = models.URLField(_("kilde (adresse)"), blank=True)
    note = models.CharField(
        _("merknad"),
        max_length=300,
        blank=True,
        help_text=_("F.eks. «Oppgitt i årsrapporten for 2019»."),
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["effective_on", "pk"]
        verbose_name = _("beslutning")
        verbose_name_plural = _("beslutninger")
        constraints = [
            models.CheckConstraint(
                condition=kind_needs("tier", ~Q(tier=None), TIER_KINDS),
                name="decision_tier_by_kind",
                violation_error_message=_(
                    "Et programnivå hører til opptak, opprykk, nedflytting og forlengelse."
                ),
            ),
            models.CheckConstraint(
                condition=kind_needs("label", ~Q(label=None), LABEL_KINDS),
                name="decision_label_by_kind",
                violation_error_message=_("Et merke hører til beslutninger om merker."),
            ),
            models.CheckConstraint(
                condition=kind_needs("former_name", ~Q(former_name=""), NAME_KINDS),
                name="decision_former_name_by_kind",
                violation_error_message=_("Et tidligere navn hører til navnebytter."),
            ),
        ]

    def __str__(self):
        subject = self.tier or self.label or self.former_name
        return " – ".join(str(part) for part in [self.cluster, subject, self.get_kind_display()] if part)

    def clean(self):
        if self.effective_on is None and self.announcement:  # perhaps not saved yet: an inline's
            self.effective_on = self.announcement.date
        errors = {}
        if self.effective_on is None:
            errors["effective_on"] = _("Oppgi datoen beslutningen gjelder fra, eller velg en kunngjøring.")
        for field, kinds, message in REQUIRED:
            present = bool(getattr(self, field) if field == "former_name" else getattr(self, f"{field}_id"))
            if self.kind in kinds and not present:
                errors[field] = message
            elif self.kind not in kinds and present:
                errors[field] = _("Skal stå tomt for en beslutning av typen «%(kind)s».") % {
                    "kind": self.get_kind_display()
                }
        if self.tier_id and self.effective_on and not self.tier.applies_on(self.effective_on):
            errors.setdefault(
                "effective_on",
                _("%(tier)s gjaldt ikke %(day)s.")
                % {"tier": self.tier, "day": date_format(self.effective_on)},
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.effective_on is None and self.announcement:
            self.effective_on = self.announcement.date
        with transaction.atomic():
            super().save(*args, **kwargs)
            if self.kind == self.Kind.RENAMED and self.former_name not in self.cluster.former_names_list:
                names = [*self.cluster.former_names_list, self.former_name]
                Cluster.objects.filter(pk=self.cluster_id).update(former_names="\n".join(names))
                self.cluster.former_names = "\n".join(names)

    @property
    def source_link(self):
        """Where a reader reads about the decision: its announcement's page, else its source URL."""
        return self.announcement.get_absolute_url() if self.announcement_id else self.source_url
