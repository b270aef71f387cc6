"""
Load the demo content: the source article and the cluster register it describes (news/demo.py).

It exists so that `make run` shows a real site, and it runs on a local setup only
(news/management/local.py): demo rows and a placeholder photo must never reach the public site. It
is idempotent: rows are found by slug, saved only when they differ from the demo data, and the
placeholder photo is made once. Everything is loaded in one transaction.
"""

import io
from collections import Counter
from datetime import datetime, time

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from clusters.models import Announcement, Cluster, Decision, Region, Tier
from news import demo
from news.management.local import require_local_setup
from news.models import Article, Category, Photo


def placeholder_jpeg():
    """A calm, plainly labelled stand-in for the source's photo, which is not available."""
    image = Image.new("RGB", demo.PHOTO_SIZE, demo.PHOTO_COLOUR)
    draw = ImageDraw.Draw(image)
    centre_x, centre_y = demo.PHOTO_SIZE[0] / 2, demo.PHOTO_SIZE[1] / 2
    draw.text(
        (centre_x, centre_y - 50),
        demo.ARTICLE["headline"],
        fill="white",
        anchor="mm",
        font=ImageFont.load_default(size=72),
    )
    draw.text(
        (centre_x, centre_y + 50),
        "Plassholderbilde: originalfotoet er ikke tilgjengelig",
        fill=(220, 230, 230),
        anchor="mm",
        font=ImageFont.load_default(size=40),
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Load Helseinfo's demo content from the source article (idempotent)."

    def handle(self, *args, **options):
        require_local_setup()
        self.verbosity = options["verbosity"]
        self.states = Counter()
        with transaction.atomic():
            article = self.load()
        if self.verbosity:
            summary = ", ".join(f"{count} {state}" for state, count in sorted(self.states.items()))
            self.stdout.write(f"Demoinnhold lastet ({summary}): {article.get_absolute_url()}")

    def load(self):
        try:
            category = Category.objects.get(slug=demo.ARTICLE["category"])
        except Category.DoesNotExist:
            raise CommandError("Kategorien «helsenyheter» mangler. Kjør «manage.py migrate» først.") from None
        tiers = {row["slug"]: self.upsert(Tier, **row) for row in demo.TIERS}
        regions = {row["slug"]: self.upsert(Region, **row) for row in demo.REGIONS}
        announcement = self.upsert(Announcement, **demo.ANNOUNCEMENT)
        clusters = []
        for row in demo.CLUSTERS:
            fields = dict(row)
            tier, region = tiers[fields.pop("tier")], regions[fields.pop("region")]
            cluster = self.upsert(Cluster, **fields)
            cluster.regions.add(region)
            self.upsert_decision(announcement, cluster, tier)
            clusters.append(cluster)
        publish_at = timezone.make_aware(datetime.combine(announcement.date, time(12)))
        article = self.upsert(
            Article,
            **dict(demo.ARTICLE, category=category),
            body=demo.body_html(),
            status=Article.Status.PUBLISHED,
            publish_at=publish_at,
            announcement=announcement,
            lead_photo=self.photo(),
        )
        article.clusters.set(clusters)
        return article

    def upsert(self, model, *, slug, **fields):
        obj = model.objects.filter(slug=slug).first() or model(slug=slug)
        return self.save_if_changed(obj, fields)

    def upsert_decision(self, announcement, cluster, tier):
        obj = Decision.objects.filter(announcement=announcement, cluster=cluster).first()
        obj = obj or Decision(announcement=announcement, cluster=cluster)
        return self.save_if_changed(obj, {"tier": tier, "kind": Decision.Kind.ADMITTED})

    def photo(self):
        """The article's lead photo, made once; a new placeholder only if its file has gone missing."""
        article = Article.objects.filter(slug=demo.ARTICLE["slug"]).select_related("lead_photo").first()
        photo = (article and article.lead_photo) or Photo()
        fields = dict(demo.PHOTO)
        if not photo.image or not photo.image.storage.exists(photo.image.name):
            fields["image"] = ContentFile(placeholder_jpeg(), name=f"{demo.ARTICLE['slug']}.jpg")
        return self.save_if_changed(photo, fields)

    def save_if_changed(self, obj, fields):
        if obj._state.adding:
            state, changed = "nye", list(fields)
        else:
            changed = [name for name, value in fields.items() if getattr(obj, name) != value]
            state = "endret" if changed else "uendret"
        for name in changed:
            setattr(obj, name, fields[name])
        if changed:
            obj.save()
        self.states[state] += 1
        if self.verbosity >= 2:
            self.stdout.write(f"{obj._meta.verbose_name} «{obj}»: {state}")
        return obj
