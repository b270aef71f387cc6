import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0009_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="photo",
            name="focal_x",
            field=models.FloatField(
                default=0.5,
                help_text="0 er venstre kant, 1 høyre kant. Klikk i bildet for å velge.",
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(1),
                ],
                verbose_name="fokuspunkt, vannrett",
            ),
        ),
        migrations.AddField(
            model_name="photo",
            name="focal_y",
            field=models.FloatField(
                default=0.5,
                help_text="0 er øverste kant, 1 nederste kant.",
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(1),
                ],
                verbose_name="fokuspunkt, loddrett",
            ),
        ),
        migrations.AddConstraint(
            model_name="photo",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("focal_x__gte", 0), ("focal_x__lte", 1), ("focal_y__gte", 0), ("focal_y__lte", 1)
                ),
                name="photo_focal_point_inside",
                violation_error_message="Fokuspunktet må ligge inne i bildet (mellom 0 og 1).",
            ),
        ),
    ]
