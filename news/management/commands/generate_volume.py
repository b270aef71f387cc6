"""
BENCHMARK DATA ONLY: generate many articles spread over clusters, categories and dates.

It exists so that `make bench` (bench/run.sh, on its own database) measures the site with a
realistic number of rows. It is never part of `make run`, refuses to run without --yes or on anything
but a local setup (news/management/local.py), and marks what it makes: slugs start with `testdata-`,
headlines with "Testdata", and the byline says so. Running it again with the same --count changes nothing.
"""

import random
from datetime import datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from clusters.models import Cluster
from news.management.local import require_local_setup
from news.models import Article, Category
from news.search import update_search_vector

PREFIX = "testdata-"
BYLINE = "Testdata for ytelsesmåling"
SUBJECTS = ["Helseteknologi", "Folkehelse", "Kosthold", "Trening", "Sykehusene", "Forskningen", "Klyngen"]
VERBS = ["styrker", "gir løft til", "utfordrer", "samler", "endrer", "måler"]
OBJECTS = ["norsk helsenæring", "eldreomsorgen", "pasientene", "helsetjenesten", "innovasjon i regionen"]


def sentence(rng):
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}."


class Command(BaseCommand):
    help = "BENCHMARK DATA ONLY: bulk-create generated articles (needs --yes and a local setup)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000, help="How many articles (default 100000).")
        parser.add_argument("--yes", action="store_true", help="Confirm: this database is for benchmarks.")
        parser.add_argument("--replace", action="store_true", help="Make them again even if all are there.")
        parser.add_argument("--seed", type=int, default=2014, help="Random seed, for repeatable data.")
        parser.add_argument("--batch-size", type=int, default=5_000)

    def handle(self, *args, count, yes, replace, seed, batch_size, verbosity, **options):
        require_local_setup()
        if not yes:
            raise CommandError(
                f"This adds {count} generated articles. Add --yes if this is a benchmark database."
            )
        clusters = list(Cluster.objects.values_list("pk", flat=True))
        categories = list(Category.objects.values_list("pk", flat=True))
        if not clusters or not categories:
            raise CommandError("No clusters or categories: run `manage.py load_demo` first.")
        existing = Article.objects.filter(slug__startswith=PREFIX)
        if existing.count() == count and not replace:
            if verbosity:
                self.stdout.write(f"{count} generated articles are already there; nothing to do.")
            return
        rng = random.Random(seed)
        with transaction.atomic():
            Article.clusters.through.objects.filter(article__slug__startswith=PREFIX).delete()
            existing.only("pk").delete()
            for start in range(0, count, batch_size):
                n = min(batch_size, count - start)
                self.create_batch(rng, range(start, start + n), clusters, categories)
                if verbosity >= 2:
                    self.stdout.write(f"{start + n} / {count}")
            update_search_vector(Article.objects.filter(slug__startswith=PREFIX))
        if verbosity:
            self.stdout.write(f"Generated {count} benchmark articles (slugs {PREFIX}…).")

    def create_batch(self, rng, numbers, clusters, categories):
        articles = Article.objects.bulk_create(self.article(rng, i, categories) for i in numbers)
        links = [
            Article.clusters.through(article_id=article.pk, cluster_id=cluster)
            for article in articles
            for cluster in rng.sample(clusters, k=min(len(clusters), rng.choice([1, 1, 2, 3])))
        ]
        Article.clusters.through.objects.bulk_create(links)

    def article(self, rng, i, categories):
        """Mostly published over the last twelve years; some drafts and some scheduled ahead."""
        now = timezone.now()
        roll = rng.random()
        status = Article.Status.DRAFT if roll < 0.03 else Article.Status.PUBLISHED
        ahead = roll > 0.99
        publish_at = now + timedelta(days=rng.randint(1, 30)) if ahead else self.past(rng, now)
        headline = f"Testdata {i:06d}: {sentence(rng)[:-1]}"
        paragraphs = "".join(f"<p>{' '.join(sentence(rng) for _ in range(5))}</p>" for _ in range(4))
        return Article(
            headline=headline,
            slug=f"{PREFIX}{i:06d}",
            lead=f"{sentence(rng)} {sentence(rng)}",
            body=f"<p>Generert testdata for ytelsesmåling.</p>{paragraphs}",
            byline=BYLINE,
            category_id=rng.choice(categories),
            status=status,
            publish_at=publish_at,
        )

    def past(self, rng, now):
        first = timezone.make_aware(datetime(2014, 6, 1))
        return first + (now - first) * rng.random()
