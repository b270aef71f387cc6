"""The register as it stands today, as the news pages show it: read once per news generation (a day's
end and every register change start a new one) and kept by each process.

The news list's cluster choices, the cards' cluster names and an article's "tier now" all read it.
"""

from dataclasses import dataclass

from clusters.models import Cluster, Tier, under_names_then

from .cache import remember_here


@dataclass(frozen=True)
class RegisterToday:
    # Every cluster in the clusters' order, a display copy under today's name (never save one), with
    # `current_tier_id` (its tier today) and `order` (its place in that order).
    clusters: list[Cluster]
    by_pk: dict[int, Cluster]
    tiers: dict[int, Tier]  # in the tiers' order


def register_today():
    """The RegisterToday of the current news generation."""
    return remember_here("register-today", 1, read_register_today)


def read_register_today():
    """The register today in two queries, for remember_here()."""
    clusters = Cluster.objects.with_current_tier().named_on().only("pk", "name", "slug", "former_names")
    clusters = under_names_then(clusters)
    for order, cluster in enumerate(clusters):
        cluster.order = order
    tiers = {tier.pk: tier for tier in Tier.objects.all()}
    return RegisterToday(clusters, {cluster.pk: cluster for cluster in clusters}, tiers)
