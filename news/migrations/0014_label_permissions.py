from django.contrib.auth.management import create_permissions
from django.db import migrations

# Labels are kept by the editors, like the rest of the register; journalists see them (news 0003
# gives the newsroom groups the other register models the same way).
GRANTED = {
    "Redaktør": [
        "clusters.add_label",
        "clusters.change_label",
        "clusters.delete_label",
        "clusters.view_label",
    ],
    "Journalist": ["clusters.view_label"],
}


def permissions(apps, perms):
    Permission = apps.get_model("auth", "Permission")
    for perm in perms:
        app_label, codename = perm.split(".")
        yield Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant(apps, schema_editor):
    clusters = apps.get_app_config("clusters")
    clusters.models_module = (
        True  # on a fresh database the permissions are only made after the last migration
    )
    create_permissions(clusters, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    clusters.models_module = None
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTED):
        group.permissions.add(*permissions(apps, GRANTED[group.name]))


def take_back(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTED):
        group.permissions.remove(*permissions(apps, GRANTED[group.name]))


class Migration(migrations.Migration):
    dependencies = [("clusters", "0004_norwegian_order"), ("news", "0013_unsaved_edits")]

    operations = [migrations.RunPython(grant, take_back)]
