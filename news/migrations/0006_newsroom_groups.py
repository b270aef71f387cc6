from django.db import migrations

# The newsroom groups lose what they do not need:
# - auth.view_user: the authors field lists staff by name itself; nobody in the newsroom needs to
#   read the user list (with its e-mail addresses).
# - changing and deleting corrections: a correction is appended, dated and signed, and stays.
TAKEN = {
    "Journalist": ["auth.view_user", "news.change_correction"],
    "Redaktør": ["auth.view_user", "news.change_correction", "news.delete_correction"],
}


def permissions(apps, perms):
    Permission = apps.get_model("auth", "Permission")
    for perm in perms:
        app_label, codename = perm.split(".")
        yield from Permission.objects.filter(content_type__app_label=app_label, codename=codename)


def take(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=TAKEN):
        group.permissions.remove(*permissions(apps, TAKEN[group.name]))


def give_back(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name__in=TAKEN):
        group.permissions.add(*permissions(apps, TAKEN[group.name]))


class Migration(migrations.Migration):
    dependencies = [("news", "0005_drop_last_modified_indexes")]

    operations = [migrations.RunPython(take, give_back)]
