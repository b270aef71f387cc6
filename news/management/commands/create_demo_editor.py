"""
Create the local demo editor account that `make run` prints.

It exists so that a newcomer can log in to /admin/ right after `make run`. It refuses anything but
a local setup (news/management/local.py): a known password must never reach a production database.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from news.management.local import require_local_setup

USERNAME = "redaktor"
PASSWORD = "helseinfo-demo"


class Command(BaseCommand):
    help = "Create (once) the local demo editor account and print its credentials."

    @transaction.atomic
    def handle(self, *args, **options):
        require_local_setup()
        user, created = get_user_model().objects.get_or_create(
            username=USERNAME,
            defaults={"first_name": "Demo", "last_name": "Redaktør", "is_staff": True},
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        user.groups.add(*Group.objects.filter(name__in=["Redaktør", "Journalist"]))
        if options["verbosity"]:
            state = "opprettet" if created else "finnes fra før"
            self.stdout.write(f"Demo-redaktør ({state}): brukernavn {USERNAME}, passord {PASSWORD}")
