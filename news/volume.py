"""
Benchmark data: an archive the size and shape of a real one, for `manage.py generate_volume`.

A cluster register (over sixty clusters in eighteen regions, each with its history in the programme
since 2006: admitted, advanced, moved down, extended, renamed, labelled, left), a category tree,
newsroom staff, and articles: headline, lead and a body of several paragraphs in bokmål
(news/volume_text.py), a lead photo on nine in ten, one to three authors or an agency byline, some
corrections, drafts and scheduled ones. Rows are bulk-created in batches; the photos are a few real
files made once through Photo.save() (renditions and all), which the other photo rows point at.

Everything generated is marked: slugs and user names start with `testdata-` (an article's with the
generator's version too), photo files' names too. Running it again with the same count and version
changes nothing; anything else replaces what it made before, and only that.
"""

import io
import random
import time
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection, reset_queries, transaction
from django.db.models import F
from django.utils import timezone
from PIL import Image, ImageDraw

from clusters.models import Announcement, Cluster, Decision, Label, Region, Tier

from . import demo
from .models import Article, Category, Correction, Photo, TierThen
from .search import article_vector, is_postgresql
from .slugs import norwegian_slugify as slugify
from .volume_text import FIRST_NAMES, LAST_NAMES, ORGANISATIONS, Writer

PREFIX = "testdata-"
VERSION = 4  # change it when the generator changes: `make bench` then makes its data again
MARK = f"{PREFIX}v{VERSION}-"
PHOTO_MARK = f"{PREFIX}bilde"
FIRST_DAY = date(2014, 6, 1)

REGIONS = [
    "Trøndelag", "Nordland", "Troms", "Finnmark", "Rogaland", "Vestfold", "Telemark", "Innlandet",
    "Østfold", "Akershus", "Buskerud", "Møre og Romsdal", "Hordaland", "Sogn og Fjordane", "Sunnmøre",
    "Haugalandet", "Sørlandet", "Helgeland",
]  # fmt: skip
DOMAINS = [
    "Medtech", "Helseteknologi", "Velferdsteknologi", "Life Science", "Biotech", "Digital Helse",
    "Smart Care", "Sjømathelse", "Ernæring", "Legemidler", "Diagnostikk", "Rehabilitering",
    "Folkehelse", "Aktiv Aldring", "Omsorgsteknologi", "Bioøkonomi", "Kreftinnovasjon", "Sensorteknologi",
    "E-helse", "Torskefisk",
]  # fmt: skip
AREAS = [
    "Nord", "Midt", "Vest", "Sør", "Øst", "Innlandet", "Trøndelag", "Rogaland", "Agder", "Viken",
    "Helgeland", "Nordvest", "Fjordane", "Telemark", "Finnmark", "Haugaland", "Vestfold", "Romsdal",
]  # fmt: skip
# slug, name, parent slug: under the categories the migrations make, and beside them.
CATEGORIES = [
    ("forskning", "Forskning", None), ("kreft", "Kreft", "forskning"),
    ("hjerte-og-kar", "Hjerte og kar", "forskning"), ("psykisk-helse", "Psykisk helse", "forskning"),
    ("demens", "Demens", "forskning"), ("teknologi", "Teknologi", None),
    ("velferdsteknologi", "Velferdsteknologi", "teknologi"),
    ("medisinsk-utstyr", "Medisinsk utstyr", "teknologi"),
    ("e-helse", "E-helse", "teknologi"), ("journalsystemer", "Journalsystemer", "e-helse"),
    ("kunstig-intelligens", "Kunstig intelligens", "teknologi"), ("helsetjenester", "Helsetjenester", None),
    ("sykehus", "Sykehus", "helsetjenester"), ("kommunehelse", "Kommunehelse", "helsetjenester"),
    ("legemidler", "Legemidler", "helsetjenester"), ("naeringsliv", "Næringsliv", None),
    ("investeringer", "Investeringer", "naeringsliv"), ("grundere", "Gründere", "naeringsliv"),
    ("eksport", "Eksport", "naeringsliv"), ("folkehelse", "Folkehelse", None),
    ("ernaering", "Ernæring", "folkehelse"), ("fysisk-aktivitet", "Fysisk aktivitet", "folkehelse"),
    ("smittevern", "Smittevern", "folkehelse"),
]  # fmt: skip
LABELS = [("ecei-bronse", "ECEI Bronse"), ("ecei-solv", "ECEI Sølv"), ("ecei-gull", "ECEI Gull")]
STAFF = 14
PHOTO_SIZES = [(2400, 1600), (2000, 1125), (1800, 1350), (1200, 1800), (1600, 900), (2000, 1500)]


def generated_articles():
    return Article.objects.filter(slug__startswith=PREFIX)


def is_generated(count):
    """True when exactly `count` articles of this version of the generator are there, and no other."""
    articles = generated_articles()
    return articles.filter(slug__startswith=MARK).count() == count == articles.count()


def remove():
    """Delete what an earlier run made, dependants first: nothing anybody else made goes.

    The articles and photos go in one statement each (the private but long-standing `_raw_delete`):
    Django's collector would fetch a hundred thousand rows to send signals nobody listens to here.
    """
    articles = generated_articles()
    for dependant in (Correction, TierThen, Article.authors.through, Article.clusters.through):
        dependant.objects.filter(article__in=articles).delete()
    articles._raw_delete(articles.db)
    photos = Photo.objects.filter(image__contains=f"/{PHOTO_MARK}")
    photos._raw_delete(photos.db)
    clusters = Cluster.objects.filter(slug__startswith=PREFIX)
    Decision.objects.filter(cluster__in=clusters).delete()
    clusters.delete()
    for model in (Announcement, Label, Region):
        model.objects.filter(slug__startswith=PREFIX).delete()
    categories = Category.objects.filter(slug__startswith=PREFIX)
    while categories.exists():  # the leaves first: a category protects those beneath it
        categories.filter(children=None).delete()


class Volume:
    """One run of the generator: `count` articles in batches of `batch_size`, repeatable by `seed`."""

    def __init__(self, count, *, seed=2014, batch_size=2000, photo_files=None, progress=None):
        self.count, self.batch_size = count, batch_size
        self.photo_files = photo_files or len(PHOTO_SIZES)
        self.rng = random.Random(seed)
        self.progress = progress or (lambda done, total: None)
        self.now = timezone.now()

    def run(self):
        started = time.perf_counter()
        with transaction.atomic():
            remove()
            register = Register(self.rng, self.now.date())
            register.make()
            self.categories = self.make_categories()
            self.authors = self.make_authors()
            self.photos = self.make_photos()
            self.writer = Writer(self.rng, [cluster.name for cluster in register.clusters])
            self.clusters = [cluster.pk for cluster in register.clusters]
            self.announcements = [a.pk for a in register.announcements]
            for start in range(0, self.count, self.batch_size):
                self.make_batch(range(start, min(start + self.batch_size, self.count)))
                reset_queries()  # debug is on (a local setup): its log of queries would hold every row
                self.progress(min(start + self.batch_size, self.count), self.count)
            TierThen.objects.refresh()
        analyze()
        return time.perf_counter() - started

    def make_categories(self):
        made = {}
        for n, (slug, name, parent) in enumerate(CATEGORIES):
            made[slug] = Category.objects.create(
                slug=PREFIX + slug, name=name, parent=made.get(parent), order=10 + n
            )
        return list(Category.objects.values_list("pk", flat=True))

    def make_authors(self):
        users = []
        for n in range(STAFF):
            first, last = FIRST_NAMES[(n * 7) % len(FIRST_NAMES)], LAST_NAMES[(n * 11) % len(LAST_NAMES)]
            user, created = get_user_model().objects.get_or_create(
                username=f"{PREFIX}{slugify(first)}.{slugify(last)}",
                defaults={"first_name": first, "last_name": last, "is_staff": True},
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            users.append(user.pk)
        return users

    def make_photos(self):
        """A few real photos, saved as the admin saves an upload: files and renditions are made once."""
        photos = []
        for n in range(self.photo_files):
            image = ContentFile(
                picture(*PHOTO_SIZES[n % len(PHOTO_SIZES)], self.rng), name=f"{PHOTO_MARK}-{n}.jpg"
            )
            photos.append(Photo.objects.create(image=image, alt_text="Et illustrasjonsbilde.", credit="NTB"))
        return photos

    def make_batch(self, numbers):
        rng, writer = self.rng, self.writer
        photos = Photo.objects.bulk_create(
            [self.photo_like(rng.choice(self.photos)) for _ in numbers if rng.random() < 0.9]
        )
        articles = [self.article(n) for n in numbers]
        for article, photo in zip(rng.sample(articles, len(photos)), photos, strict=True):
            article.lead_photo = photo
        articles = Article.objects.bulk_create(articles)
        links, authors, corrections = [], [], []
        for article in articles:
            for cluster in {
                zipf_pick(rng, self.clusters) for _ in range(rng.choice([0, 1, 1, 1, 1, 2, 2, 3]))
            }:
                links.append(Article.clusters.through(article_id=article.pk, cluster_id=cluster))
            if article.byline == "":
                for user in rng.sample(self.authors, rng.choice([1, 1, 1, 1, 2])):
                    authors.append(Article.authors.through(article_id=article.pk, user_id=user))
            if article.status == Article.Status.PUBLISHED and rng.random() < 0.02:
                created = min(article.publish_at + timedelta(hours=rng.randint(2, 400)), self.now)
                corrections.append(Correction(article=article, text=writer.correction(), created=created))
        Article.clusters.through.objects.bulk_create(links)
        Article.authors.through.objects.bulk_create(authors)
        Correction.objects.bulk_create(corrections)
        # Written as they would have been: created and last changed when published; the search vector
        # that Article.save() would have stored.
        fields = {"created": F("publish_at"), "updated": F("publish_at")}
        if is_postgresql():
            fields["search_vector"] = article_vector()
        Article.objects.filter(pk__in=[article.pk for article in articles]).update(**fields)

    def photo_like(self, photo):
        writer = self.writer
        return Photo(
            image=photo.image.name,
            width=photo.width,
            height=photo.height,
            renditions=photo.renditions,
            caption=writer.caption(),
            credit=writer.credit(),
            alt_text=writer.alt_text(),
            uploaded_by_id=self.rng.choice(self.authors),
        )

    def article(self, n):
        """Published over the years since 2014, more of them lately; a few drafts and scheduled ones."""
        rng, writer = self.rng, self.writer
        headline = writer.headline()
        roll = rng.random()
        if roll > 0.99:
            publish_at = self.now + timedelta(hours=rng.randint(2, 24 * 30))
        else:
            first = timezone.make_aware(datetime.combine(FIRST_DAY, datetime.min.time()))
            publish_at = first + (self.now - first) * rng.random() ** 0.8
        agency = rng.random() < 0.12
        category = rng.choice(self.categories)
        return Article(
            headline=headline,
            slug=f"{MARK}{n:06d}-{slugify(headline)[:80]}".rstrip("-"),
            lead=writer.lead(),
            body=writer.body(),
            byline=rng.choice(["NTB", "Gjesteskribent", "Helseinfo"]) if agency else "",
            category_id=category,
            status=Article.Status.DRAFT if roll < 0.03 else Article.Status.PUBLISHED,
            publish_at=publish_at,
            origin=Article.Origin.ABROAD if rng.random() < 0.08 else Article.Origin.NORWAY,
            source_name=f"Pressemelding fra {rng.choice(ORGANISATIONS)}" if rng.random() < 0.1 else "",
            announcement_id=rng.choice(self.announcements) if rng.random() < 0.01 else None,
        )


class Register:
    """The generated cluster register: regions, labels, announcements, clusters and their histories."""

    def __init__(self, rng, today):
        self.rng, self.today = rng, today

    def make(self):
        self.tiers = self.programme_tiers()
        self.regions = [
            Region.objects.get_or_create(name=name, defaults={"slug": PREFIX + slugify(name)})[0]
            for name in REGIONS
        ]
        self.labels = [Label.objects.create(slug=PREFIX + slug, name=name) for slug, name in LABELS]
        self.announcements = Announcement.objects.bulk_create(
            Announcement(
                title=f"Klyngeprogrammet {year}: nye klynger og opprykk",
                slug=f"{PREFIX}klyngeprogrammet-{year}",
                date=date(year, 6, 15),
                announced_by="Innovasjon Norge, Forskningsrådet og Siva",
                summary=f"Klyngene som ble tatt opp, rykket opp eller fikk forlenget i {year}.",
            )
            for year in range(2006, self.today.year + 1)
            if date(year, 6, 15) <= self.today
        )
        self.clusters, decisions = [], []
        for n in range(64):
            cluster, history = self.cluster(n)
            self.clusters.append(cluster)
            decisions += history
        Cluster.objects.bulk_create(self.clusters)
        for decision in decisions:
            decision.cluster_id = decision.cluster.pk
        Decision.objects.bulk_create(decisions)
        Cluster.regions.through.objects.bulk_create(
            Cluster.regions.through(cluster_id=cluster.pk, region_id=region.pk)
            for cluster in self.clusters
            for region in self.rng.sample(self.regions, self.rng.choice([0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3]))
        )

    def programme_tiers(self):
        """The programme's tiers, highest first (GCE, NCE, Arena): those there are, else the demo's."""
        permanent = Tier.objects.filter(starts_on=None, ends_on=None).order_by("order", "name")
        if not permanent.exists():
            for row in demo.TIERS:
                Tier.objects.get_or_create(slug=row["slug"], defaults=row)
        return list(permanent)

    def cluster(self, n):
        """A cluster and its decisions, oldest first; its name is the one it has today. Two in three
        carry their tier in their name («Arena Medtech Nord»), and are renamed when they advance."""
        rng = self.rng
        domain, area = DOMAINS[n % len(DOMAINS)], AREAS[(n * 7) % len(AREAS)]
        cluster = Cluster(
            slug=f"{PREFIX}{slugify(domain)}-{slugify(area)}",
            description=f"Klyngen samler bedrifter, forskere og helsetjenester i {area}: {domain.lower()}.",
            website=f"https://{slugify(domain)}-{slugify(area)}.example.no/",
            members=rng.randint(12, 260),
            members_as_of=self.today - timedelta(days=rng.randint(30, 900)),
            leader=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        )
        if n % 3:
            naming = lambda tier: f"{tier.short_name} {domain} {area}"  # noqa: E731
        else:
            plain = f"{domain} {area}" if n % 2 else f"{area} {domain} Cluster"
            naming = lambda tier: plain  # noqa: E731
        decisions = self.history(cluster, naming)
        if not n % 3 and rng.random() < 0.3:  # renamed once, a year or so after it was admitted
            renamed_on = decisions[0].effective_on + timedelta(days=400)
            if renamed_on < self.today:
                former = f"{area}nettverket for {domain.lower()}"
                decisions.append(
                    self.decision(cluster, Decision.Kind.RENAMED, renamed_on, former_name=former)
                )
        decisions.sort(key=lambda d: d.effective_on)
        formers = [d.former_name for d in decisions if d.kind == Decision.Kind.RENAMED]
        cluster.former_names = "\n".join(dict.fromkeys(formers))
        return cluster, decisions

    def history(self, cluster, naming):
        """Admitted at some point since 2006, then every three to six years a decision: advanced,
        extended, moved down, a label granted or withdrawn, or left; one in twenty has a decision
        that takes effect in a few months. A cluster whose `naming` changes with its tier is renamed
        when it advances (and keeps its name when moved down). Sets the cluster's name of today."""
        rng, tiers = self.rng, self.tiers
        level = len(tiers) - 1 if rng.random() < 0.8 else rng.randrange(len(tiers) - 1)
        day = date(2006, 1, 1) + timedelta(days=rng.randint(0, (date(2023, 12, 31) - date(2006, 1, 1)).days))
        decisions = [self.decision(cluster, Decision.Kind.ADMITTED, day, tier=tiers[level])]
        name, held = naming(tiers[level]), None  # its name, and the label it holds
        while True:
            day += timedelta(days=rng.randint(3 * 365, 6 * 365))
            if day > self.today + timedelta(days=120) or (day > self.today and rng.random() < 0.95):
                break
            roll = rng.random()
            if roll < 0.35 and level > 0:
                level -= 1
                decisions.append(self.decision(cluster, Decision.Kind.ADVANCED, day, tier=tiers[level]))
                if naming(tiers[level]) != name and decisions[-1].effective_on <= self.today:
                    on = decisions[-1].effective_on
                    decisions.append(self.decision(cluster, Decision.Kind.RENAMED, on, former_name=name))
                    name = naming(tiers[level])
            elif roll < 0.65:
                decisions.append(self.decision(cluster, Decision.Kind.EXTENDED, day, tier=tiers[level]))
            elif roll < 0.75 and level < len(tiers) - 1:
                level += 1
                decisions.append(self.decision(cluster, Decision.Kind.MOVED_DOWN, day, tier=tiers[level]))
            elif roll < 0.88 and held:
                decisions.append(self.decision(cluster, Decision.Kind.LABEL_WITHDRAWN, day, label=held))
                held = None
            elif roll < 0.88:
                held = rng.choice(self.labels)
                decisions.append(self.decision(cluster, Decision.Kind.LABEL_GRANTED, day, label=held))
            else:
                decisions.append(self.decision(cluster, Decision.Kind.LEFT, day))
                break
        cluster.name = name
        return decisions

    def decision(self, cluster, kind, day, **fields):
        """Admissions and promotions mostly come with the year's announcement, on its date."""
        announcement = next((a for a in self.announcements if a.date.year == day.year), None)
        usual = kind in (Decision.Kind.ADMITTED, Decision.Kind.ADVANCED) and day <= self.today
        if usual and announcement and self.rng.random() < 0.7:
            day, fields["announcement"] = announcement.date, announcement
        else:
            fields["note"] = f"Oppgitt i årsrapporten for {day.year}."
        return Decision(cluster=cluster, kind=kind, effective_on=day, **fields)


def zipf_pick(rng, items):
    """Some clusters are in the news far more than others."""
    return items[int(len(items) * rng.random() ** 1.8)]


def picture(width, height, rng):
    """A JPEG of soft colour fields and shapes: something to look at, and real work for the encoders."""
    field = Image.new("RGB", (6, 4))
    field.putdata([tuple(rng.randrange(40, 230) for _ in range(3)) for _ in range(24)])
    image = field.resize((width, height), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(width // 20, width // 5)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def analyze():
    """Give the query planner its statistics (and on PostgreSQL, outside a transaction, reclaim the rows
    the search vector update left behind and mark the pages visible for index-only scans).

    The loader writes every article twice (the search vector is an UPDATE after the insert), which
    leaves the table twice its size: a newsroom's, written an article at a time with autovacuum
    reusing the space, is not. VACUUM FULL writes it as compact as that (113 MB to 20 MB at 100,000
    articles), so that scans of it cost what they would in production."""
    with connection.cursor() as cursor:
        if is_postgresql() and not connection.in_atomic_block:
            cursor.execute("VACUUM FULL news_article")
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
