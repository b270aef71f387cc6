import bisect
from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def fill(apps, schema_editor):
    """Every link gets the tier of its cluster's latest decision on or before the article's day: all
    the decisions there were until now place a cluster in a tier, and no tier had ended."""
    Decision = apps.get_model("clusters", "Decision")
    Link = apps.get_model("news", "Article").clusters.through
    TierThen = apps.get_model("news", "TierThen")
    placed = defaultdict(list)
    for row in Decision.objects.order_by("effective_on", "pk").values_list("cluster", "effective_on", "tier"):
        placed[row[0]].append(row[1:])
    rows = []
    for article, cluster, publish_at in Link.objects.values_list("article", "cluster", "article__publish_at"):
        decisions = placed.get(cluster, [])
        found = bisect.bisect_right([day for day, tier in decisions], timezone.localdate(publish_at))
        if found:
            rows.append(TierThen(article_id=article, cluster_id=cluster, tier_id=decisions[found - 1][1]))
    TierThen.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("clusters", "0003_register_over_time"),
        ("news", "0010_photo_focal_point"),
    ]

    operations = [
        migrations.CreateModel(
            name="TierThen",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tiers_then",
                        to="news.article",
                    ),
                ),
                (
                    "cluster",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="clusters.cluster"
                    ),
                ),
                (
                    "tier",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="clusters.tier"
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["tier", "article"], name="tier_then_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("article", "cluster"), name="one_tier_then_per_link")
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
