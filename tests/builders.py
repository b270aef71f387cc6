"""Small builders for test rows: `make_article(**overrides)` and friends, with sensible defaults.

A test builds every row it needs, those the data migrations make included (`category()`, the
newsroom groups), so that no test depends on what an earlier test left in the database or removed
from it. Also here: `logged_in(user)` and `count_queries(client, url)`, which most files need.
"""

import importlib
import io
import itertools
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from storages.backends.s3 import S3Storage

from clusters.models import Announcement, Cluster, Decision, Label, Region, Tier
from news.models import Article, Category, Photo

_numbers = itertools.count(1)


def _n():
    return next(_numbers)


accounts_migration = importlib.import_module("accounts.migrations.0001_editors_run_the_desk")
labels_migration = importlib.import_module("news.migrations.0014_label_permissions")


def _migration(name):
    """A migration of the news app; its data migrations say what a migrated database holds."""
    return importlib.import_module(f"news.migrations.{name}")


def newsroom_group(name):
    """«Journalist» or «Redaktør», with the permissions the migrations give it (news 0003, narrowed by
    0006; accounts 0001; news 0014)."""
    group, created = Group.objects.get_or_create(name=name)
    if created:
        taken = _migration("0006_newsroom_groups").TAKEN[name]
        granted = [perm.split(".") for perm in _migration("0003_groups").GROUPS[name] if perm not in taken]
        for later in (accounts_migration, labels_migration):
            granted += [perm.split(".") for perm in later.GRANTED.get(name, [])]
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in granted
        )
    return group


def make_user(*, groups=(), **overrides):
    n = _n()
    fields = {"username": f"bruker{n}", "first_name": "Kari", "last_name": f"Nordmann {n}", "is_staff": True}
    user = get_user_model().objects.create_user(password="passord-for-test", **(fields | overrides))
    user.groups.add(*(newsroom_group(name) for name in groups))
    return user


def make_journalist(**overrides):
    return make_user(groups=["Journalist"], **overrides)


def make_editor(**overrides):
    return make_user(groups=["Redaktør"], **overrides)


def category(slug="helsenyheter"):
    """One of the categories the data migration (0002) defines, as it defines it, parent included."""
    rows = {row[0]: row[1:] for row in _migration("0002_categories").CATEGORIES}
    name, parent, order, press_release = rows[slug]
    return Category.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "parent": parent and category(parent),
            "order": order,
            "is_press_release": press_release,
        },
    )[0]


def make_tier(**overrides):
    n = _n()
    fields = {"name": f"Programnivå {n}", "short_name": f"P{n}", "slug": f"nivaa-{n}", "order": n}
    return Tier.objects.create(**(fields | overrides))


def make_region(**overrides):
    n = _n()
    return Region.objects.create(**({"name": f"Region {n}", "slug": f"region-{n}"} | overrides))


def make_cluster(*, tier=None, decided_on=None, region=None, regions=None, **overrides):
    """A cluster in `regions` (or the one `region`; neither: a new region); with `tier`, also an
    announcement admitting it to that tier."""
    n = _n()
    cluster = Cluster.objects.create(**({"name": f"Klynge {n}", "slug": f"klynge-{n}"} | overrides))
    if regions is None:
        regions = [region or make_region()]
    cluster.regions.set(regions)
    if tier is not None:
        make_decision(
            cluster=cluster, tier=tier, announcement=make_announcement(date=decided_on or date(2014, 6, 1))
        )
    return cluster


def make_announcement(**overrides):
    n = _n()
    fields = {"title": f"Kunngjøring {n}", "slug": f"kunngjoring-{n}", "date": date(2014, 6, 1)}
    return Announcement.objects.create(**(fields | overrides))


def make_label(**overrides):
    n = _n()
    return Label.objects.create(**({"name": f"Merke {n}", "slug": f"merke-{n}"} | overrides))


def make_decision(
    *, cluster, tier=None, announcement=None, kind=Decision.Kind.ADMITTED, effective_on=None, **fields
):
    """A decision, validated as the admin validates it; dated by a new announcement unless `effective_on`
    or `announcement` say otherwise."""
    if announcement is None and effective_on is None:
        announcement = make_announcement()
    decision = Decision(
        cluster=cluster, tier=tier, announcement=announcement, kind=kind, effective_on=effective_on, **fields
    )
    decision.full_clean()
    decision.save()
    return decision


def image_bytes(fmt="JPEG", size=(1600, 900), color=(30, 120, 110), mode="RGB", **save_kwargs):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save_kwargs)
    return buffer.getvalue()


def image_upload(name="bilde.jpg", fmt="JPEG", **kwargs):
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[fmt]
    return SimpleUploadedFile(name, image_bytes(fmt, **kwargs), content_type=content_type)


def post_photo(client, name, content, content_type="image/jpeg", url=None, **fields):
    """Upload a file through the admin's photo form, as a browser would (add form unless `url`)."""
    data = {"image": SimpleUploadedFile(name, content, content_type=content_type), "alt_text": "Et bilde."}
    return client.post(url or reverse("admin:news_photo_add"), data | fields)


def media_files(settings):
    """Every file in the test's media folder (or its bucket, on object storage), relative to it."""
    if isinstance(storages["default"], S3Storage):
        return sorted(_stored_files(storages["default"], ""))
    root = Path(settings.MEDIA_ROOT)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _stored_files(storage, folder):
    folders, files = storage.listdir(folder)
    yield from (f"{folder}{name}" for name in files)
    for child in folders:
        yield from _stored_files(storage, f"{folder}{child}/")


def make_photo(**overrides):
    fields = {
        "image": image_upload(size=(800, 450)),  # small: two widths, quick to encode
        "caption": "Fra venstre: Ole Johan Borge, Kathrine Myhre og Olav Åsgård.",
        "credit": "Terje Borud / Innovasjon Norge",
        "alt_text": "Tre personer står foran en vegg.",
    }
    return Photo.objects.create(**(fields | overrides))


def make_article(*, clusters=(), authors=(), **overrides):
    """A published article, visible now unless `status` or `publish_at` say otherwise."""
    n = _n()
    fields = {
        "headline": f"Sak nummer {n}",
        "lead": f"Ingress til sak {n}.",
        "body": f"<p>Brødtekst til sak {n}.</p>",
        "category": category(),
        "status": Article.Status.PUBLISHED,
        "publish_at": timezone.now() - timedelta(hours=n),
    }
    article = Article.objects.create(**(fields | overrides))
    article.clusters.add(*clusters)
    article.authors.add(*authors)
    return article


def logged_in(user):
    """A test client of its own, logged in as `user`: several people can work side by side."""
    client = Client()
    client.force_login(user)
    return client


def in_rows(queries):
    """`queries` of article links that PostgreSQL reads with the articles' rows instead (an array in
    each row: ArticleQuerySet._attaching()); elsewhere each is a query of its own, so 0."""
    return queries if connection.vendor == "postgresql" else 0


def count_queries(client, url, data=None):
    """How many queries a GET of `url` takes; the page must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries)
