"""Load the demo content. The real content arrives with the clusters and news register."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load Helseinfo's demo content (idempotent)."

    def handle(self, *args, **options):
        if options["verbosity"]:
            self.stdout.write("Ingen demoinnhold å laste ennå.")
