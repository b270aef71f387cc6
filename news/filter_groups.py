"""The news list's cluster choices, grouped so that sixty clusters and more stay usable on a phone.

One group per tier, in the tiers' order, holding the clusters in that tier now; the clusters in no
tier come last, in a group of their own. In each group the chosen clusters come first, then the most
used (by facet count, under the other active filters); the rest, by name, are behind "Vis alle".
"""

from collections import defaultdict
from dataclasses import dataclass

from clusters.models import Cluster, Tier

from .register import register_today

SHOWN = 5  # the most used clusters shown in each group, besides the chosen ones
FEWEST_HIDDEN = 3  # fewer left over than this are shown too: a disclosure for one choice is noise


@dataclass
class Choice:
    cluster: Cluster
    label: str  # the name and, where the filter is valid, its facet count: «NCE Eyde (25)»
    count: int
    chosen: bool


@dataclass
class ChoiceGroup:
    tier: Tier | None
    shown: list[Choice]
    rest: list[Choice]


def cluster_groups(filterset):
    """The klynge filter's choices as ChoiceGroups, from its facet counts and the submitted slugs."""
    field = filterset.form.fields["klynge"]
    counts = filterset.facets.counts().get("klynge", {})
    chosen = set(filterset.form["klynge"].value() or [])
    in_tier = defaultdict(list)
    register = register_today()
    for cluster in register.clusters:
        choice = Choice(
            cluster, field.label_from_instance(cluster), counts.get(cluster.pk, 0), cluster.slug in chosen
        )
        in_tier[cluster.current_tier_id].append(choice)
    groups = [split(tier, in_tier[tier.pk]) for tier in register.tiers.values() if tier.pk in in_tier]
    if None in in_tier:
        groups.append(split(None, in_tier[None]))
    return groups


def split(tier, choices):
    """The chosen and the SHOWN most used of `choices`, most used first; the rest in the clusters' order."""
    by_use = sorted(choices, key=lambda choice: (not choice.chosen, -choice.count))
    shown = [choice for choice in by_use if choice.chosen]
    shown += [choice for choice in by_use if not choice.chosen][:SHOWN]
    first = {choice.cluster.pk for choice in shown}
    rest = [choice for choice in choices if choice.cluster.pk not in first]
    if len(rest) < FEWEST_HIDDEN:
        shown, rest = shown + rest, []
    return ChoiceGroup(tier, shown, rest)
