# Indexes for the public lists (published, newest first), their facet counts and Last-Modified.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('clusters', '0001_initial'),
        ('news', '0003_groups'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='article',
            name='article_published_idx',
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['status', '-publish_at', '-id', 'category'], name='article_published_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['id', 'status', 'publish_at', 'category'], name='article_facets_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['updated'], name='article_updated_idx'),
        ),
        migrations.AddIndex(
            model_name='correction',
            index=models.Index(fields=['created'], name='correction_created_idx'),
        ),
    ]
