"""Keep TierThen right: each receiver names the links whose tier then may have changed.

An article's save refreshes its own links (Article.save()); here are the changes made elsewhere: the
clusters of an article (either side of the relation), a decision, a tier's dates.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from clusters.models import Decision, Tier

from .models import Article, TierThen


@receiver(m2m_changed, sender=Article.clusters.through)
def links_changed(sender, instance, action, reverse, pk_set=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        if not reverse:
            TierThen.objects.refresh(Q(article=instance.pk), articles=[instance.pk])
        else:
            articles = None if action == "post_clear" else pk_set  # a clear names no article
            TierThen.objects.refresh(Q(cluster=instance.pk), articles=articles)


@receiver(pre_save, sender=Decision)
def decision_moving(sender, instance, **kwargs):
    """A decision moved to another cluster leaves the first cluster's links to be refreshed too."""
    before = Decision.objects.filter(pk=instance.pk).values_list("cluster_id", flat=True).first()
    instance._clusters_before = {before} - {None, instance.cluster_id}


@receiver(post_save, sender=Decision)
@receiver(post_delete, sender=Decision)
def decision_changed(sender, instance, **kwargs):
    clusters = {instance.cluster_id, *getattr(instance, "_clusters_before", ())}
    TierThen.objects.refresh(Q(cluster__in=clusters))


@receiver(post_save, sender=Tier)
def tier_changed(sender, instance, created, **kwargs):
    if not created:
        TierThen.objects.refresh(Q(cluster__in=Decision.objects.filter(tier=instance).values("cluster")))
