"""Fill the stored search vector of articles that have none, or of all with --all.

Article.save() keeps the vector current; rows made by bulk_create() or queryset.update() (the
benchmark's data generator, imports) skip save() and stay unfindable by PostgreSQL's full-text
search until this runs. Idempotent; does nothing on SQLite, which searches without vectors.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from news.models import Article
from news.search import is_postgresql, update_search_vector


class Command(BaseCommand):
    help = "Fill the full-text search vectors of articles (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            dest="rebuild_all",
            action="store_true",
            help="Rebuild every vector, not only missing ones.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count the articles, change nothing.")

    def handle(self, *args, rebuild_all=False, dry_run=False, verbosity=1, **options):
        if not is_postgresql():
            if verbosity:
                self.stdout.write("SQLite: søket bruker ikke lagrede søkevektorer, ingenting å gjøre.")
            return
        articles = (
            Article.objects.all() if rebuild_all else Article.objects.filter(search_vector__isnull=True)
        )
        if dry_run:
            count = articles.count()
        else:
            with transaction.atomic():
                count = update_search_vector(articles)
        if verbosity:
            verb = "ville fått" if dry_run else "fikk"
            self.stdout.write(f"{count} artikler {verb} ny søkevektor.")
