"""A cluster's life in the programme as periods, derived from its decisions alone.

A tier period runs from the decision placing the cluster in a tier to the next decision placing it
elsewhere, its departure, or the tier's retirement; the tier a cluster came from is thus the period
before, never recorded twice. A label is held from its grant to its withdrawal; a rename closes a
period of the former name. Decisions dated after the day asked about have no effect yet.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _


@dataclass
class Period:
    TIER, LABEL, NAME = "tier", "label", "name"

    kind: str
    name: str
    obj: object  # the Tier or Label; None for a name
    starts_on: date | None  # None: not known (a name used before the first recorded decision)
    ends_on: date | None = None  # the first day it no longer applies; None: ongoing
    decisions: list = field(default_factory=list)  # the sources, oldest first

    def covers(self, day):
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or day < self.ends_on
        )

    @property
    def last_day(self):
        return self.ends_on - timedelta(days=1) if self.ends_on else None

    @property
    def years(self):
        """«2010–2013», «2014», «fra 2014» or «til 2013», in years."""
        first, last = self.starts_on and self.starts_on.year, self.last_day and self.last_day.year
        if last is None:
            return _("fra %(year)s") % {"year": first}
        if first is None:
            return _("til %(year)s") % {"year": last}
        return str(first) if first == last else f"{first}–{last}"

    def __str__(self):
        return f"{self.name} {self.years}"


def timeline(decisions, on):
    """The periods that `decisions` (of one cluster, oldest first) make, as known on the day `on`."""
    periods, labels = [], {}
    tier = name_since = None
    for decision in decisions:
        day = decision.effective_on
        if day > on:
            break
        tier = _unless_retired(tier, day)
        if decision.kind in decision.TIER_KINDS:
            if tier and tier.obj == decision.tier:
                tier.decisions.append(decision)
                continue
            _close(tier, day)
            tier = Period(Period.TIER, decision.tier.short_name, decision.tier, day, decisions=[decision])
            periods.append(tier)
        elif decision.kind == decision.Kind.LEFT and tier:
            _close(tier, day, decision)
            tier = None
        elif decision.kind == decision.Kind.LABEL_GRANTED and decision.label_id not in labels:
            labels[decision.label_id] = Period(
                Period.LABEL, decision.label.name, decision.label, day, decisions=[decision]
            )
            periods.append(labels[decision.label_id])
        elif decision.kind == decision.Kind.LABEL_WITHDRAWN and decision.label_id in labels:
            _close(labels.pop(decision.label_id), day, decision)
        elif decision.kind == decision.Kind.RENAMED:
            periods.append(Period(Period.NAME, decision.former_name, None, name_since, day, [decision]))
            name_since = day
    _unless_retired(tier, on)
    return sorted(periods, key=lambda period: period.starts_on or date.min)


def period_on(periods, kind, day):
    """The first of `periods` of `kind` covering `day`, or None."""
    return next((period for period in periods if period.kind == kind and period.covers(day)), None)


def _close(period, day, decision=None):
    if period:
        period.ends_on = day
        if decision:
            period.decisions.append(decision)


def _unless_retired(period, day):
    """The open tier period, closed (and None returned) if its tier is retired by `day`."""
    retired = period and period.obj.ends_on
    if retired and retired <= day:
        period.ends_on = retired
        return None
    return period
