from django.db import migrations

CATEGORIES = [
    # slug, name, parent slug, order, press release
    ("helsenyheter", "Helsenyheter", None, 1, False),
    ("helseblogg", "Helseblogg", None, 2, False),
    ("kosthold", "Kosthold", "helseblogg", 1, False),
    ("trening", "Trening", "helseblogg", 2, False),
    ("pressemeldinger", "Pressemeldinger", None, 3, True),
    ("helseinformasjon", "Helseinformasjon", None, 4, False),
]


def create_categories(apps, schema_editor):
    Category = apps.get_model("news", "Category")
    for slug, name, parent, order, press_release in CATEGORIES:
        Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "parent": Category.objects.get(slug=parent) if parent else None,
                "order": order,
                "is_press_release": press_release,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]
    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
