from django.db import migrations, models

import textrules.slugs


def detach_own_parents(apps, schema_editor):
    """A category saved as its own parent moves to the top, so the constraint can be added."""
    Category = apps.get_model("news", "Category")
    Category.objects.filter(parent=models.F("pk")).update(parent=None)


class Migration(migrations.Migration):
    dependencies = [("news", "0006_newsroom_groups")]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="Lages av tittelen. Endres ikke etter publisering: lesere deler lenken.",
                max_length=200,
                unique=True,
                validators=[textrules.slugs.validate_unreserved],
                verbose_name="adresse",
            ),
        ),
        migrations.RunPython(detach_own_parents, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="category",
            constraint=models.CheckConstraint(
                condition=models.Q(("parent", models.F("pk")), _negated=True),
                name="category_not_its_own_parent",
                violation_error_message="En kategori kan ikke ligge under seg selv.",
            ),
        ),
    ]
