import re
from collections import defaultdict
from datetime import datetime, time
from functools import cache, partial
from operator import attrgetter, itemgetter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Collate, Greatest
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from clusters.models import PLACING_KINDS, Announcement, Cluster, Decision, Tier, slug_url
from clusters.timeline import Period, period_on
from helseinfo.prepared import Prepared
from textrules import clean
from textrules.collation import NORWEGIAN, norwegian
from textrules.models import CleanTextModel
from textrules.slugs import validate_unreserved

from . import images
from .cache import generation, news_changed, remember_here
from .register import register_today
from .richtext import BODY_EXTENSIONS, SanitizedProseEditorField, sanitize_html
from .search import among, update_search_vector
from .slugs import save_with_unique_slug


class Category(CleanTextModel):
    name = models.CharField(_("navn"), max_length=100)
    slug = models.SlugField(_("adresse"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("overordnet kategori"),
        help_text=_("F.eks. ligger «Kosthold» under «Helseblogg»."),
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    is_press_release = models.BooleanField(
        _("pressemeldinger"),
        default=False,
        help_text=_("Saker i kategorien merkes som pressemelding, så lesere skiller dem fra journalistikk."),
    )
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        # A tree: each top category, by its order and name, is followed by its subcategories.
        ordering = [
            Coalesce("parent__order", "order"),
            Collate(Coalesce("parent__name", "name"), NORWEGIAN),
            Coalesce("parent", "pk"),
            F("parent").asc(nulls_first=True),
            "order",
            norwegian("name"),
        ]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategorier")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="category_not_its_own_parent",
                violation_error_message=_("En kategori kan ikke ligge under seg selv."),
            )
        ]

    def __str__(self):
        """«Helseblogg › Kosthold»: the path from the top of the tree."""
        return " › ".join(category.name for category in reversed(self.ancestry()))

    def clean(self):
        if self.pk and self.parent_id and self.pk in {c.pk for c in self.parent.ancestry()}:
            message = _("En kategori kan ikke ligge under seg selv eller under en av sine underkategorier.")
            raise ValidationError({"parent": message})

    # Every walk of the tree stops at a category it has seen: a cycle written around clean() and the
    # constraint (A › B › A) must not hang a page.

    def ancestry(self):
        """This category and those above it, nearest first."""
        found, seen, category = [], set(), self
        while category is not None and category.pk not in seen:
            found.append(category)
            seen.add(category.pk)
            category = category.parent if category.parent_id else None
        return found

    def with_descendants(self, parents=None):
        """The primary keys of this category and every category beneath it. `parents`: {pk: parent's
        pk} of every category, where the caller keeps them (category_parents()); else a query a level."""
        if parents is None:

            def beneath(level):
                return Category.objects.filter(parent__in=level).values_list("pk", flat=True)

        else:
            children = defaultdict(list)
            for pk, parent_id in parents.items():
                children[parent_id].append(pk)

            def beneath(level):
                return [child for pk in level for child in children[pk]]

        found, level = [self.pk], [self.pk]
        while level:
            level = [pk for pk in beneath(level) if pk not in found]
            found += level
        return found


def category_parents():
    """{category pk: its parent's pk or None}, kept for the news generation (categories are few)."""
    return remember_here(
        "category-parents", 1, lambda: {pk: row.parent_id for pk, row in kept_rows(Category).items()}
    )


# Words that make a photo credit an organisation's: agencies, companies and public bodies.
ORGANISATION_WORDS = {
    "afp", "ap", "as", "asa", "getty", "helse", "images", "innovasjon", "kommune", "ntb", "reuters",
    "scanpix", "sykehus", "universitet",
}  # fmt: skip


class Photo(CleanTextModel):
    """A picture uploaded once; caption and credit travel with it to every article using it."""

    class CreditKind(models.TextChoices):
        AUTO = "auto", _("automatisk, ut fra krediteringen")
        PERSON = "person", _("en person")
        ORGANISATION = "organisation", _("en organisasjon eller et byrå")

    image = models.ImageField(
        _("bildefil"), upload_to="photos/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    caption = models.TextField(
        _("bildetekst"),
        blank=True,
        help_text=_("Hvem og hva bildet viser, f.eks. «Fra venstre: Ole Johan Borge i Innovasjon Norge …»."),
    )
    credit = models.CharField(
        _("kreditering"),
        max_length=200,
        blank=True,
        help_text=_("Fotograf / byrå, f.eks. «Terje Borud / Innovasjon Norge». Vises som «Foto: …»."),
    )
    credit_kind = models.CharField(
        _("krediteringen gjelder"),
        max_length=12,
        choices=CreditKind,
        default=CreditKind.AUTO,
        help_text=_(
            "For søkemotorene. «Automatisk»: det etter «/» er et byrå, og det samme er forkortelser "
            "(NTB) og navn med ord som «Innovasjon», «Scanpix» eller «kommune»; resten er personer."
        ),
    )
    alt_text = models.CharField(
        _("alternativ tekst"),
        max_length=300,
        help_text=_("Beskriver bildet for den som ikke ser det. Ikke en kopi av bildeteksten."),
    )
    renditions = models.JSONField(_("versjoner"), default=list, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("lastet opp av"),
    )
    created = models.DateTimeField(_("lastet opp"), auto_now_add=True)
    # The point to keep in frame where the picture is cropped, as fractions of its width and height.
    focal_x = models.FloatField(
        _("fokuspunkt, vannrett"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 er venstre kant, 1 høyre kant. Klikk i bildet for å velge."),
    )
    focal_y = models.FloatField(
        _("fokuspunkt, loddrett"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 er øverste kant, 1 nederste kant."),
    )

    class Meta:
        ordering = ["-created"]
        verbose_name = _("bilde")
        verbose_name_plural = _("bilder")
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="photo_focal_point_inside",
                violation_error_message=_("Fokuspunktet må ligge inne i bildet (mellom 0 og 1)."),
            )
        ]

    def __str__(self):
        return self.caption[:60] or self.alt_text[:60] or self.image.name

    def save(self, *args, **kwargs):
        """Store a new upload normalised (upright, camera and GPS metadata gone) under new names, and
        make renditions wherever they are missing (a restored old version, a rebuild). Files are
        written before the row; should the transaction roll back, they are deleted."""
        with transaction.atomic():
            written = images.deleted_on_rollback()
            if self.image and not self.image._committed:
                original, encoded = images.prepare(self.image)
                self.image.save(original.name, original, save=False)
                written.append(self.image.name)
                self.renditions = images.store_renditions(self.image.name, encoded, written)
            elif self.image and not self.renditions_complete():
                self.renditions = images.make_renditions(self.image, written)
            super().save(*args, **kwargs)

    def credit_creators(self):
        """Who made the photo, from the credit: a list of (CreditKind, name), person or organisation."""
        return self.creators(self.credit, self.credit_kind)

    @classmethod
    def creators(cls, credit, kind=CreditKind.AUTO):
        """Who a credit line names (a photo's credit, an article's byline): [(CreditKind, name)], each
        of `kind`, or with AUTO each part guessed, «Kari Nordmann / NTB» a person and an agency."""
        if kind != cls.CreditKind.AUTO:
            return [(kind, credit)] if credit else []
        parts = [part.strip() for part in credit.split("/") if part.strip()]
        agency = [(cls.CreditKind.ORGANISATION, parts.pop())] if len(parts) > 1 else []
        return [(cls.guess_credit_kind(part), part) for part in parts] + agency

    @classmethod
    def guess_credit_kind(cls, name):
        """An organisation if the name is an acronym in capitals or has an ORGANISATION_WORDS word."""
        if name.isupper() or ORGANISATION_WORDS & set(re.findall(r"\w+", name.lower())):
            return cls.CreditKind.ORGANISATION
        return cls.CreditKind.PERSON

    def renditions_complete(self):
        """True when the recorded renditions are the current widths and formats, all in storage."""
        return bool(self.width and self.height) and images.renditions_complete(
            self.image.name, self.width, self.height, self.renditions
        )

    # What templates use: <img src="{{ photo.fallback_url }}" srcset="{{ photo.jpeg_srcset }}"
    # sizes="{{ photo.sizes }}" width="{{ photo.width }}" height="{{ photo.height }}">, with a
    # <source type="image/webp" srcset="{{ photo.webp_srcset }}"> before it. No query, no file access.
    sizes = "(min-width: 48rem) 46rem, 100vw"

    def srcset(self, fmt):
        """`url 480w, url 800w, …` for one format ("webp" or "jpeg")."""
        return ", ".join(f"{r['url']} {r['width']}w" for r in self.rendition_list(fmt))

    @property
    def webp_srcset(self):
        return self.srcset("webp")

    @property
    def jpeg_srcset(self):
        return self.srcset("jpeg")

    @property
    def fallback_url(self):
        """A JPEG about 1200 pixels wide: for `src`, feeds and Open Graph."""
        return self.rendition_url("jpeg", 1200)

    @property
    def thumbnail_url(self):
        """The narrowest JPEG's URL (rendition_url("jpeg", 0)), found without the lists of every
        format when they are not made yet: the newsroom's list shows fifty photos, each once."""
        if "_rendition_lists" in self.__dict__:
            return self.rendition_url("jpeg", 0)
        jpegs = [r for r in self.renditions if r["format"] == "jpeg"]
        if not jpegs:
            return self.image.url if self.image else ""
        return images.storage_url(min(jpegs, key=itemgetter("width"))["name"])

    @property
    def focal_classes(self):
        """CSS classes that keep the focal point in frame where the picture is cropped (object-fit:
        cover): `focal-x-35 focal-y-20`, in steps of 5 %; classes, as the CSP allows no inline style."""
        return f"focal-x-{round(self.focal_x * 20) * 5} focal-y-{round(self.focal_y * 20) * 5}"

    def rendition_list(self, fmt):
        """This photo's renditions in one format, narrowest first, each with its `url` (not to be
        changed: a page asks for them several times, and gets the same lists)."""
        return self.rendition_lists.get(fmt, [])

    @property
    def rendition_lists(self):
        """{format: rendition_list(format)}, worked out once for the renditions this photo has now."""
        known = self.__dict__.get("_rendition_lists")
        # Renditions are replaced, never changed in place (save(), refresh_from_db()): a new list is new.
        if known is None or known[0] is not self.renditions:
            lists = {}
            for r in sorted(self.renditions, key=lambda r: r["width"]):
                lists.setdefault(r["format"], []).append(r | {"url": images.storage_url(r["name"])})
            known = self.__dict__["_rendition_lists"] = (self.renditions, lists)
        return known[1]

    def rendition(self, fmt, width):
        """The widest rendition not wider than `width` (else the narrowest), or None."""
        return widest_within(self.rendition_list(fmt), width)

    def rendition_url(self, fmt, width):
        """The URL of `rendition(fmt, width)`; the original's if there are no renditions."""
        rendition = self.rendition(fmt, width)
        if rendition is None:
            return self.image.url if self.image else ""
        return rendition["url"]


def widest_within(renditions, width):
    """Of `renditions`, narrowest first, the widest not wider than `width` (else the narrowest), or None."""
    fitting = [r for r in renditions if r["width"] <= width]
    if fitting:
        return fitting[-1]
    return renditions[0] if renditions else None


def display_name(user):
    """A colleague by name, as readers and the newsroom see them: the full name, else the username.

    User is Django's model, not one of ours: its names are cleaned here, where they are shown.
    """
    return clean(user.get_full_name() or user.get_username())


def display_name_of(username, first_name, last_name):
    """display_name() of a user's row (author_rows()), as Django's User.get_full_name() joins it."""
    return clean(f"{first_name} {last_name}".strip() or username)


# What an article card shows (news_tags.article_card() and picture()), and the foreign keys a related
# manager sets on each row it reads (`announcement.articles`): deferred, each would cost a query.
CARD_FIELDS = [
    "headline", "slug", "lead", "status", "publish_at", "announcement", "category",
    "lead_photo__image", "lead_photo__width", "lead_photo__height", "lead_photo__alt_text",
    "lead_photo__renditions", "lead_photo__focal_x", "lead_photo__focal_y",
]  # fmt: skip


class ArticleQuerySet(models.QuerySet):
    # The publication rule. Article.state says the same of one article.

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def scheduled(self):
        """Published, but the publish time has not come: readers do not see it yet."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__gt=timezone.now())

    def published(self, now=None):
        """What readers may see: published, and the publish time (by `now`, default: now) has come."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=now or timezone.now())

    def in_order(self, pks):
        """The articles with the primary keys `pks`, in that order, in one query however the keys were
        found (the archive index, a ranking); keys no longer in this queryset are left out."""
        pks = list(pks)
        return in_key_order(self.order_by().in_bulk(pks).values(), pks)

    def with_modified(self):
        """Each article's `modified` from the database, for lists: what Article.modified says."""
        corrected = Correction.objects.filter(article=OuterRef("pk")).order_by("-created").values("created")
        return self.annotate(
            modified=Greatest("publish_at", "updated", Coalesce(Subquery(corrected[:1]), "publish_at"))
        )

    def about(self, clusters):
        """Articles linked to any of `clusters` (primary keys or instances): a semi-join on the links,
        so no duplicate rows to remove and the newest-first index can stop after one page."""
        links = Article.clusters.through.objects.filter(article=OuterRef("pk"), cluster__in=clusters)
        return self.filter(Exists(links))

    def in_tier(self, tier):
        """Articles about a cluster that was in `tier` on the day they were published (TierThen)."""
        return self.filter(Exists(TierThen.objects.filter(article=OuterRef("pk"), tier=tier)))

    def holding_label(self, label):
        """Articles about a cluster that held `label` on the day they were published."""
        held = Q(pk__in=[])
        for cluster_id, period in label_periods(label):
            links = Article.clusters.through.objects.filter(article=OuterRef("pk"), cluster=cluster_id)
            during = Q(publish_at__gte=day_start(period.starts_on))
            if period.ends_on:
                during &= Q(publish_at__lt=day_start(period.ends_on))
            held |= Q(Exists(links)) & during
        return self.filter(held)

    def for_cards(self):
        """With everything an article card shows (the article_card tag), in a fixed number of
        queries whatever the number of articles and clusters: the articles with their photo, then their
        links to clusters (with_register_clusters()); their categories are the kept ones (with_kept()).
        Only the columns a card shows are read: twenty cards' rows cost half as much."""
        cards = self.select_related("lead_photo").only(*CARD_FIELDS)
        return cards.with_register_clusters().with_kept("category")

    def with_register_clusters(self):
        """Each article with its clusters (`article.clusters.all()`) as the register shows them today,
        from its links and the clusters kept for the news generation: a prefetch would read the
        clusters again for every list, and build a related manager per article."""
        return self._attaching(attach_card_clusters, "clusters")

    def with_author_names(self):
        """Each article with its authors (`article.authors.all()`) as display_name() shows them, from
        their links and the names kept for the generation: a prefetch reads whole users and builds a
        related manager for each article, three times the cost for a feed's thirty."""
        return self._attaching(attach_author_names, "authors")

    def with_kept(self, *fields):
        """Each article's `fields`, foreign keys to a few rows that change seldom ("category",
        "announcement"), set from all those rows kept for the news generation (kept_rows()) instead of
        joined: the join cost every list and article page a third of a millisecond, most of it
        PostgreSQL's planning, to read the same few rows again."""
        articles = self
        for name in fields:
            articles = articles._attaching(KEPT_RELATIONS[name])
        return articles

    _attached = ()  # what _fetch_all() sets on the articles it reads, as a prefetch would

    def _attaching(self, attach, links=None):
        """`attach` run on the articles once read. On PostgreSQL their rows bring the keys of their
        `links` (linked_keys()), which costs less than the query of the links that attach makes
        otherwise (linked())."""
        articles = self._chain()
        if attach not in articles._attached:
            articles._attached = (*articles._attached, attach)
            if links and connections[articles.db].vendor == "postgresql":
                articles = articles.annotate(**{LINKS[links][1]: linked_keys(links)})
        return articles

    def _clone(self):
        clone = super()._clone()
        clone._attached = self._attached
        return clone

    def _fetch_all(self):
        fetching = self._result_cache is None
        super()._fetch_all()
        if fetching and self._result_cache and issubclass(self._iterable_class, models.query.ModelIterable):
            for attach in self._attached:
                attach(self._result_cache)


def prefetched(article):
    """The article's prefetch cache, where a related manager's all() finds its rows."""
    if not hasattr(article, "_prefetched_objects_cache"):
        article._prefetched_objects_cache = {}
    return article._prefetched_objects_cache


def attach_author_names(articles):
    """Set each article's authors (`article.authors.all()`, as a prefetch would), in the order they
    were added, each a user with only the names display_name() shows (authors_kept())."""
    User = get_user_model()
    found = author_rows(linked("authors", articles))
    for article in articles:
        prefetched(article)["authors"] = [
            User(pk=pk, username=username, first_name=first_name, last_name=last_name)
            for pk, username, first_name, last_name in found[article.pk]
        ]


def attach_card_clusters(articles):
    """Set each article's clusters (`article.clusters.all()`, as a prefetch would): register_clusters()."""
    found = register_clusters(linked("clusters", articles))
    for article in articles:
        prefetched(article)["clusters"] = found[article.pk]


def kept_rows(model):
    """{primary key: row} of every row of `model`, kept for the news generation: for models whose
    rows are few and start a new generation when saved (news/cache.py SHOWN)."""
    return remember_here("kept-rows", model._meta.label, model.objects.in_bulk)


def attach_kept(name, articles):
    """Set each article's foreign key `name` to its row among kept_rows(), as select_related() would.
    A row the kept ones lack (made since this request's generation was read) is read when asked for."""
    field = Article._meta.get_field(name)
    rows = kept_rows(field.related_model)
    for article in articles:
        key = getattr(article, field.attname)
        if key is None or key in rows:
            field.set_cached_value(article, rows.get(key))


KEPT_RELATIONS = {name: partial(attach_kept, name) for name in ("category", "announcement")}


# Article links read with the articles (ArticleQuerySet._attaching()): the relation, its key column in
# the link table, and the annotation that holds the keys on PostgreSQL.
LINKS = {"clusters": ("cluster_id", "linked_clusters"), "authors": ("user_id", "linked_authors")}


@cache
def linked_keys(name):
    """The keys an article links to through the relation `name`, in the order the links were added,
    as an array in the article's row: PostgreSQL only. Built once: annotate() resolves a copy."""
    column, _ = LINKS[name]
    links = getattr(Article, name).through.objects.filter(article=OuterRef("pk"))
    return ArraySubquery(links.order_by("pk").values(column))


def linked(name, articles):
    """{article pk: the keys it links to through `name` ("clusters", "authors"), in the order added},
    for `articles` (instances, or values() rows with their "pk"): from the arrays their rows came with
    (linked_keys()), else from one query of the links."""
    column, annotation = LINKS[name]
    rows = [
        (row["pk"], row.get(annotation))
        if isinstance(row, dict)
        else (row.pk, getattr(row, annotation, None))
        for row in articles
    ]
    if rows and rows[0][1] is not None:  # an array, empty for an article without links
        return dict(rows)
    links = getattr(Article, name).through.objects.filter(article__in=[pk for pk, _ in rows])
    found = defaultdict(list)
    for article_id, key in links.order_by("pk").values_list("article_id", column):
        found[article_id].append(key)
    return found


def author_rows(links):
    """{article pk: (pk, username, first name, last name) of each of its authors} from {article pk:
    author pks} (linked()), the names from authors_kept(); an author it lacks is read."""
    kept = authors_kept()
    if missing := {pk for pks in links.values() for pk in pks} - kept.keys():
        kept = kept | author_names(missing)
    return defaultdict(
        list, {article: [kept[pk] for pk in pks if pk in kept] for article, pks in links.items()}
    )


def authors_kept():
    """{user pk: (pk, username, first name, last name)} of everyone who signs an article, kept for
    the news generation: a user's or a byline's change starts a new one (news/cache.py)."""
    return remember_here("authors", 1, partial(author_names, None))


def author_names(pks):
    """author_rows()' names of the users `pks` (None: of every user who signs an article)."""
    users = get_user_model().objects.order_by()
    if pks is None:
        users = users.filter(pk__in=Article.authors.through.objects.values("user_id"))
    else:
        users = users.filter(pk__in=pks)
    return {row[0]: row for row in users.values_list("pk", "username", "first_name", "last_name")}


def register_clusters(links):
    """{article pk: its clusters, in the register's order} from {article pk: cluster pks}
    (linked()), as the register kept for the generation names them today (register_today())."""
    clusters = register_today().by_pk
    found = defaultdict(list)
    for article_id, keys in links.items():
        # A cluster added since the generation began is shown from the next.
        found[article_id] = sorted(
            (clusters[key] for key in keys if key in clusters), key=attrgetter("order")
        )
    return found


class Article(CleanTextModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("utkast")
        PUBLISHED = "published", _("publisert")

    class State(models.TextChoices):
        """Where an article is on its way to readers: the status, with the publish time considered."""

        DRAFT = "draft", _("utkast")
        SCHEDULED = "scheduled", _("planlagt")
        PUBLISHED = "published", _("publisert")

    class Origin(models.TextChoices):
        NORWAY = "norge", _("Norge")
        ABROAD = "utland", _("utlandet")

    headline = models.CharField(_("tittel"), max_length=200)
    slug = models.SlugField(
        _("adresse"),
        max_length=200,
        unique=True,
        blank=True,
        validators=[validate_unreserved],
        help_text=_("Lages av tittelen. Endres ikke etter publisering: lesere deler lenken."),
    )
    lead = models.TextField(
        _("ingress"), blank=True, help_text=_("Én til tre setninger som oppsummerer saken.")
    )
    body = SanitizedProseEditorField(
        _("brødtekst"), extensions=BODY_EXTENSIONS, sanitize=sanitize_html, blank=True
    )
    category = models.ForeignKey(
        Category, models.PROTECT, null=True, blank=True, related_name="articles", verbose_name=_("kategori")
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="articles",
        limit_choices_to={"is_staff": True},
        verbose_name=_("forfattere"),
    )
    byline = models.CharField(
        _("byline"),
        max_length=200,
        blank=True,
        help_text=_("Valgfri fritekst, f.eks. «NTB» eller en gjesteskribent."),
    )
    source_name = models.CharField(
        _("kilde"), max_length=200, blank=True, help_text=_("F.eks. «Pressemelding fra Innovasjon Norge».")
    )
    source_url = models.URLField(_("kildens adresse"), blank=True)
    origin = models.CharField(_("fra"), max_length=10, choices=Origin, default=Origin.NORWAY)
    lead_photo = models.ForeignKey(
        Photo, models.PROTECT, null=True, blank=True, related_name="articles", verbose_name=_("hovedbilde")
    )
    photo_caption = models.TextField(
        _("bildetekst i denne saken"), blank=True, help_text=_("Tom: bildets egen bildetekst brukes.")
    )
    clusters = models.ManyToManyField(Cluster, blank=True, related_name="articles", verbose_name=_("klynger"))
    announcement = models.ForeignKey(
        Announcement,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("kunngjøring"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("publiseringstid"),
        default=timezone.now,
        db_index=True,
        help_text=_("Et tidspunkt fram i tid planlegger saken: den vises for lesere først da."),
    )
    created = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated = models.DateTimeField(_("sist endret"), auto_now=True)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    version = models.PositiveIntegerField(_("versjon"), default=1, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("artikkel")
        verbose_name_plural = _("artikler")
        permissions = [("publish_article", _("Kan publisere artikler"))]
        indexes = [
            # The lists' order within published(); with the category, facet counts read only the index.
            models.Index(fields=["status", "-publish_at", "-id", "category"], name="article_published_idx"),
            # Facet counts: published articles in id order, merged with the cluster links (stored in
            # article order) without reading the table.
            models.Index(fields=["id", "status", "publish_at", "category"], name="article_facets_idx"),
            # Each save's words go into the index at once, not into a pending list that every search
            # reads until VACUUM merges it (migration 0017).
            GinIndex(fields=["search_vector"], name="article_search_idx", fastupdate=False),
            # The sitemap's pages of 1,000 articles, from the index alone (PostgreSQL; elsewhere
            # without the included columns).
            models.Index(
                fields=["status", "-publish_at", "-id"],
                include=["slug", "updated"],
                name="article_sitemap_idx",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        save_with_unique_slug(self, self.headline, partial(super().save, *args, **kwargs))
        update_search_vector(Article.objects.filter(pk=self.pk))
        TierThen.objects.refresh(Q(article=self.pk), articles=[self.pk])  # the publish time may have moved
        news_changed(articles=[self.pk])

    def get_absolute_url(self):
        return slug_url("news:article", self.slug)

    def delete(self, *args, **kwargs):
        pk = self.pk
        result = super().delete(*args, **kwargs)
        news_changed(articles=[pk])
        return result

    @property
    def state(self):
        """The publication rule for this one article, as drafts(), scheduled() and published() say it."""
        if self.status == self.Status.DRAFT:
            return self.State.DRAFT
        return self.State.PUBLISHED if self.publish_at <= timezone.now() else self.State.SCHEDULED

    @property
    def is_visible(self):
        return self.state == self.State.PUBLISHED

    @property
    def is_scheduled(self):
        return self.state == self.State.SCHEDULED

    @property
    def status_label(self):
        """«utkast», «planlagt» or «publisert», as the newsroom says it."""
        return self.state.label

    # The publish gate, passed in the admin form and by the list's bulk action alike.

    def publishing_problems(self, *, by):
        """What stops `by` from publishing this article, in words a journalist acts on."""
        problems = []
        if not by.has_perm("news.publish_article"):
            problems.append(_("Du har ikke tilgang til å publisere."))
        if not self.lead.strip():
            problems.append(_("Saken mangler ingress."))
        if not self.category_id:
            problems.append(_("Saken mangler kategori."))
        if self.lead_photo_id and not self.lead_photo.alt_text.strip():
            problems.append(_("Hovedbildet mangler alternativ tekst."))
        if self.lead_photo_id and not self.lead_photo.credit.strip():
            problems.append(_("Hovedbildet mangler kreditering (fotograf / byrå)."))
        return problems

    def publish(self, *, by):
        """Publish now, or at the planned time if that is later; refused while there are problems."""
        if problems := self.publishing_problems(by=by):
            raise ValidationError(problems, code="not_publishable")
        self.status = self.Status.PUBLISHED
        self.publish_at = max(self.publish_at, timezone.now())

    def unpublish(self):
        self.status = self.Status.DRAFT

    def claim_version(self, opened):
        """The edit lock: move the version on from `opened`, the one the editor began from, and say
        whether that worked. It fails if someone saved since; being one conditional update, it lets
        exactly one of two saves begun from one version through. Call it in the saving transaction."""
        if not Article.objects.filter(pk=self.pk, version=opened).update(version=F("version") + 1):
            return False
        self.version = opened + 1
        return True

    @property
    def is_press_release(self):
        return bool(self.category_id and self.category.is_press_release)

    @property
    def caption(self):
        return self.photo_caption or (self.lead_photo.caption if self.lead_photo_id else "")

    @property
    def author_names(self):
        """Who signs the article, wherever it is shown: its authors, then the byline."""
        names = [display_name(user) for user in self.authors.all()]
        return [*names, self.byline] if self.byline else names

    @cached_property
    def modified(self):
        """When readers last saw the article change: its publication, or a later edit or correction
        (an edit before publication is no change readers saw). with_modified() sets it on each row of
        a list, from the database."""
        return max([self.publish_at, self.updated, *(c.created for c in self.corrections.all())])

    def related(self, limit=4):
        """The `limit` newest other published articles sharing a cluster, or else the category, with
        what a list of them shows (headline, time, press release or not). Which they are comes from
        the archive index (news/facets.py), whatever the clusters' age or size; their rows, one query."""
        from .facets import archive_index, union  # the index is built from these models

        index = archive_index()
        if cluster_ids := [c.pk for c in self.clusters.all()]:
            sharing = union(index.clusters.get(pk, 0) for pk in cluster_ids)
        elif self.category_id:
            sharing = index.categories.get(self.category_id, 0)
        else:
            return []
        pks = index.pks(sharing & index.published & ~(1 << self.pk), 0, limit)
        return related_rows(pks)


class KeptRows:
    """Rows of articles by primary key, kept in this process for the news generation (any save of
    what they show starts a new one), up to `limit` of them; a request reads only those it has not
    met. The related articles of most articles are the same few newest of a cluster or category."""

    def __init__(self, read, limit):
        self.read, self.limit = read, limit
        self.token, self.rows = None, {}

    def __call__(self, pks):
        """The rows of `pks` in that order; keys of articles no longer found are left out."""
        token = generation()
        if token != self.token or len(self.rows) >= self.limit:
            self.token, self.rows = token, {}
        rows = self.rows
        if missing := [pk for pk in pks if pk not in rows]:
            rows.update((article.pk, article) for article in self.read(missing))
        return [rows[pk] for pk in pks if pk in rows]


def read_related_rows(pks):
    """What a list of related articles shows of each: headline, link, time, press release or not."""
    fields = ("headline", "slug", "publish_at", "category")
    return Article.objects.only(*fields).with_kept("category").in_order(pks)


related_rows = KeptRows(read_related_rows, limit=5_000)


def cards_by_key(articles, now, pks):
    """The published articles (at `now`) with the primary keys `pks`, as cards (for_cards()), unordered."""
    return articles.published(now).for_cards().filter(among(pks)).order_by()


# Built and compiled once per process (helseinfo/prepared.py): a third of reading a page's cards.
prepared_cards = Prepared(cards_by_key, now=timezone.now(), pks=[0])


def published_cards(pks):
    """The published articles with the primary keys `pks`, as cards, in that order: what
    `Article.objects.published().for_cards().in_order(pks)` gives, its query compiled once."""
    if not (pks := list(pks)):
        return []
    return in_key_order(prepared_cards(Article, now=timezone.now(), pks=pks), pks)


def in_key_order(rows, pks):
    """`rows` (model instances) in the order of their primary keys in `pks`; a key without a row is
    left out."""
    found = {row.pk: row for row in rows}
    return [found[pk] for pk in pks if pk in found]


class TierThenQuerySet(models.QuerySet):
    def refresh(self, scope=None, articles=None):
        """Work out again the rows of the article-cluster links in `scope` (a Q on `article` and
        `cluster`; None: every link), from the links, the publish times and the decisions. `articles`:
        the primary keys of the only articles `scope` covers, where the caller knows them."""
        scope = scope or Q()
        links = Article.clusters.through.objects.filter(scope)
        links = list(links.values_list("article_id", "cluster_id", "article__publish_at"))
        placing = Decision.objects.filter(kind__in=PLACING_KINDS, cluster__in={link[1] for link in links})
        periods = placing.periods()
        rows = []
        for article_id, cluster_id, publish_at in links:
            period = period_on(periods.get(cluster_id, []), Period.TIER, timezone.localdate(publish_at))
            if period:
                rows.append(TierThen(article_id=article_id, cluster_id=cluster_id, tier=period.obj))
        with transaction.atomic():
            self.filter(scope).delete()
            self.bulk_create(rows, batch_size=2000)
        news_changed(articles=articles)


class TierThen(CleanTextModel):
    """The tier a cluster was in on the day an article about it was published: the tier then, which
    the program filter, its facet counts, the tier pages and the feeds go by. One row per link whose
    cluster had a tier that day; kept by TierThen.objects.refresh() whenever a link, a publish time,
    a decision or a tier's dates change (news/signals.py), or rebuilt by `manage.py refresh_tiers_then`."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="tiers_then")
    cluster = models.ForeignKey(Cluster, models.CASCADE, related_name="+")
    tier = models.ForeignKey(Tier, models.CASCADE, related_name="+")

    objects = TierThenQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "cluster"], name="one_tier_then_per_link")]
        indexes = [models.Index(fields=["tier", "article"], name="tier_then_idx")]

    def __str__(self):
        return f"{self.cluster} ({self.tier})"


def day_start(day):
    """The instant `day` begins in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def label_periods(label):
    """[(cluster pk, Period)]: every period a cluster has held `label`."""
    periods = Decision.objects.filter(label=label).periods()
    return [(pk, period) for pk, found in periods.items() for period in found]


class Correction(CleanTextModel):
    """A dated correction (rettelse) appended to a published article; never removed."""

    article = models.ForeignKey(
        Article, models.CASCADE, related_name="corrections", verbose_name=_("artikkel")
    )
    text = models.TextField(_("rettelse"), help_text=_("Hva som var feil, og hva som er riktig."))
    created = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("skrevet av"),
    )

    class Meta:
        ordering = ["created"]
        verbose_name = _("rettelse")
        verbose_name_plural = _("rettelser")

    def __str__(self):
        return self.text[:80]


class UnsavedEdits(CleanTextModel):
    """What one person has typed in an article form and not yet saved (news/autosave.py): kept in the
    background, never published, and never touching the article's row or its edit-lock version."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, models.CASCADE, null=True, blank=True, related_name="+")  # None: new
    fields = models.JSONField()  # {posted field name: [values]}, as the form would post them
    labels = models.JSONField(default=dict)  # {field name: {value: text}} for choices loaded on demand
    opened_version = models.PositiveIntegerField(null=True)  # the edit-lock version the form was opened at
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ulagrede endringer")
        verbose_name_plural = _("ulagrede endringer")
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="unsaved_edits_per_article"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(article=None), name="unsaved_edits_per_new_article"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.article or '–'}"
