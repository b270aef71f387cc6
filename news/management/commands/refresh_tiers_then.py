"""
Work out again, for every article-cluster link, the tier the cluster had when the article was
published (news.TierThen).

The rows are kept right as articles, links, decisions and tiers change; this rebuilds them all after
changes that bypass the models (a bulk update, raw SQL, a restored backup). Idempotent, one transaction.
"""

from django.core.management.base import BaseCommand

from news.models import TierThen


class Command(BaseCommand):
    help = "Rebuild the tier then of every article-cluster link."

    def handle(self, *args, **options):
        TierThen.objects.refresh()
        if options["verbosity"]:
            self.stdout.write(f"{TierThen.objects.count()} koblinger har programnivå fra publiseringsdagen.")
