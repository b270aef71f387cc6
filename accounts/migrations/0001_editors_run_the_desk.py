from django.contrib.auth.management import create_permissions
from django.db import migrations

# Editors create, deactivate and reset the accounts of the newsroom (accounts/admin.py says which
# accounts and fields). Journalists still cannot list users.
GRANTED = {"Redaktør": ["auth.add_user", "auth.change_user", "auth.view_user"]}


def permissions(apps, perms):
    Permission = apps.get_model("auth", "Permission")
    for perm in perms:
        app_label, codename = perm.split(".")
        yield Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant(apps, schema_editor):
    auth = apps.get_app_config("auth")
    auth.models_module = True  # on a fresh database the permissions are only made after the last migration
    create_permissions(auth, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    auth.models_module = None
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTED):
        group.permissions.add(*permissions(apps, GRANTED[group.name]))


def take_back(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTED):
        group.permissions.remove(*permissions(apps, GRANTED[group.name]))


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length"), ("news", "0006_newsroom_groups")]

    operations = [migrations.RunPython(grant, take_back)]
