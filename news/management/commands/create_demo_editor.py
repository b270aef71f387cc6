"""
Create the local demo editor account that `make run` prints.

It exists so that a newcomer can log in to /admin/ right after `make run`. It refuses to run
with DJANGO_DEBUG off: a known password must never reach a production database.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

USERNAME = "redaktor"
PASSWORD = "helseinfo-demo"


class Command(BaseCommand):
    help = "Create (once) the local demo editor account and print its credentials."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo account is for local development only (set DJANGO_DEBUG=true).")
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
