from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# What each newsroom group may do. Journalists see the register (for autocomplete) but do not change it.
JOURNALIST = [
    "news.add_article",
    "news.change_article",
    "news.view_article",
    "news.publish_article",
    "news.add_photo",
    "news.change_photo",
    "news.view_photo",
    "news.add_correction",
    "news.change_correction",
    "news.view_correction",
    "news.view_category",
    "clusters.view_cluster",
    "clusters.view_tier",
    "clusters.view_region",
    "clusters.view_announcement",
    "clusters.view_decision",
    "auth.view_user",
]
EDITOR = JOURNALIST + [
    "news.delete_article",
    "news.delete_photo",
    "news.delete_correction",
    "news.add_category",
    "news.change_category",
    "news.delete_category",
    *(
        f"clusters.{action}_{model}"
        for model in ["cluster", "tier", "region", "announcement", "decision"]
        for action in ["add", "change", "delete"]
    ),
]
GROUPS = {"Journalist": JOURNALIST, "Redaktør": EDITOR}


def create_groups(apps, schema_editor):
    # On a fresh database the permissions are only created after the last migration: make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_categories"),
        ("clusters", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="article",
            options={
                "ordering": ["-publish_at", "-pk"],
                "permissions": [("publish_article", "Kan publisere artikler")],
                "verbose_name": "artikkel",
                "verbose_name_plural": "artikler",
            },
        ),
        migrations.AlterField(
            model_name="article",
            name="authors",
            field=models.ManyToManyField(
                blank=True,
                limit_choices_to={"is_staff": True},
                related_name="articles",
                to=settings.AUTH_USER_MODEL,
                verbose_name="forfattere",
            ),
        ),
        migrations.RunPython(create_groups, remove_groups),
    ]
