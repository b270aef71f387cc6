from django.db import migrations, models

import textrules.slugs


class Migration(migrations.Migration):
    dependencies = [("clusters", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="announcement",
            name="slug",
            field=models.SlugField(
                max_length=200,
                unique=True,
                validators=[textrules.slugs.validate_unreserved],
                verbose_name="adresse",
            ),
        ),
        migrations.AlterField(
            model_name="cluster",
            name="slug",
            field=models.SlugField(
                max_length=200,
                unique=True,
                validators=[textrules.slugs.validate_unreserved],
                verbose_name="adresse",
            ),
        ),
        migrations.AlterField(
            model_name="tier",
            name="slug",
            field=models.SlugField(
                max_length=60,
                unique=True,
                validators=[textrules.slugs.validate_unreserved],
                verbose_name="adresse",
            ),
        ),
    ]
