"""The programme's history from a CSV file into the register: what `manage.py import_register` does.

One row is one event in force from its date: a tier introduced or retired, or a decision about a
cluster. Rows are found again by what they say, so a second import of the same file changes nothing.
The columns are described in docs/register-import.md and in the command's help.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .models import Announcement, Cluster, Decision, Label, Region, Tier

COLUMNS = {
    "effective_on": "the day the event takes effect, YYYY-MM-DD (required)",
    "kind": "what happens (required): tier_started, tier_retired, or a decision kind (admitted, advanced, "
    "moved_down, extended, left, label_granted, label_withdrawn, renamed); the Norwegian names "
    "(«tatt opp», «programnivå avviklet» …) are understood too",
    "cluster": "the cluster's name (decisions); the name in the latest row is its current name",
    "cluster_slug": "the cluster's address; without it, made from the name (rows naming a former name of a "
    "renamed row find the same cluster)",
    "regions": "where the cluster is based, names separated by «;» (added, never removed; may be empty)",
    "tier": "the tier's short name (tier_started, tier_retired, admitted, advanced, moved_down, extended)",
    "tier_name": "the tier's full name, when the row creates it",
    "label": "the label's name (label_granted, label_withdrawn; on tier_retired: the label it lives on as)",
    "former_name": "renamed: the name the cluster had until effective_on",
    "announcement": "the title of the announcement that is the source (created, dated effective_on, if new)",
    "source_url": "a link to the source",
    "note": "a note on the source",
}
REQUIRED = ["effective_on", "kind"]
TIER_STARTED, TIER_RETIRED = "tier_started", "tier_retired"
KINDS = {
    TIER_STARTED: TIER_STARTED,
    "programnivå innført": TIER_STARTED,
    TIER_RETIRED: TIER_RETIRED,
    "programnivå avviklet": TIER_RETIRED,
    **{kind.value: kind.value for kind in Decision.Kind},
    **{str(kind.label): kind.value for kind in Decision.Kind},
}
NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "å": "a", "Å": "a"})
# The column an error in a row's cluster, tier, label, region or announcement is about; a decision's
# fields are its columns.
COLUMN_OF = {
    Cluster: lambda field: "cluster_slug" if field == "slug" else "cluster",
    Tier: lambda field: "tier_name" if field == "name" else "tier",
    Label: lambda field: "label",
    Region: lambda field: "regions",
    Announcement: lambda field: "announcement",
    Decision: lambda field: field,
}


class ImportFailed(Exception):
    """The file cannot be imported; `errors` is a list of (line number, message), line 0 for the file."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = sorted(errors)


@dataclass
class Row:
    line: int
    effective_on: date
    kind: str
    values: dict

    def __getitem__(self, column):
        return self.values.get(column, "")

    @property
    def is_tier_event(self):
        return self.kind in {TIER_STARTED, TIER_RETIRED}


def to_slug(value):
    return slugify(str(value).translate(NORWEGIAN_LETTERS))


def import_csv(text, progress=iter):
    """Import the CSV `text`; the Importer, with what it changed. ImportFailed names every bad line: the
    caller's transaction must then be rolled back (the raise does that in `transaction.atomic()`)."""
    rows, errors = read(text)
    importer = Importer()
    importer.run(rows, progress)
    if errors or importer.errors:
        raise ImportFailed(errors + importer.errors)
    return importer


def read(text):
    """The rows of the CSV `text` (comma- or semicolon-separated) that can be read, and the errors of those
    that cannot; ImportFailed if the header is wrong."""
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    errors = [(1, f"ukjent kolonne «{name}»") for name in header if name not in COLUMNS]
    errors += [(1, f"kolonnen «{name}» mangler") for name in REQUIRED if name not in header]
    if errors:
        raise ImportFailed(errors)
    rows = []
    for values in reader:
        values = {name: (value or "").strip() for name, value in values.items() if name is not None}
        if not any(values.values()):
            continue
        try:
            rows.append(parse(reader.line_num, values))
        except ValidationError as error:
            errors += [(reader.line_num, message) for message in error.messages]
    return rows, errors


def parse(line, values):
    errors = []
    try:
        effective_on = date.fromisoformat(values["effective_on"])
    except ValueError:
        effective_on = None
        errors.append(f"effective_on: «{values['effective_on']}» er ikke en dato på formen ÅÅÅÅ-MM-DD")
    kind = KINDS.get(values["kind"].lower())
    if kind is None:
        errors.append(f"kind: «{values['kind']}» er ingen kjent type")
    row = Row(line, effective_on, kind, values)
    if kind and row.is_tier_event and not row["tier"]:
        errors.append("tier: oppgi programnivået")
    if kind and not row.is_tier_event and not row["cluster"]:
        errors.append("cluster: oppgi klyngens navn")
    if errors:
        raise ValidationError(errors)
    return row


class Importer:
    """Brings the register in line with the rows, counting what it creates and changes."""

    def __init__(self):
        self.changes = Counter()  # (model verbose_name_plural, "lagt til" | "endret") -> count
        self.errors = []
        self.forget()

    def run(self, rows, progress=iter):
        """Import `rows`, each in a savepoint; the rows the register refuses are listed in `errors`."""
        self.rows = len(rows)
        self.aliases = aliases(rows)
        self.names = final_names(rows, self.aliases)
        ordered = sorted(rows, key=lambda row: (not row.is_tier_event, row.effective_on, row.line))
        for row in progress(ordered):
            try:
                with transaction.atomic():
                    self.import_row(row)
            except (ValidationError, IntegrityError) as error:
                self.errors += [(row.line, message) for message in messages(error)]
                self.forget()  # what the row made is rolled back

    def forget(self):
        self._tiers, self._labels, self._regions, self._announcements, self._clusters = {}, {}, {}, {}, {}

    def import_row(self, row):
        if row.kind == TIER_STARTED:
            tier = self.tier(row)
            self.save(
                tier, starts_on=row.effective_on, **({"name": row["tier_name"]} if row["tier_name"] else {})
            )
        elif row.kind == TIER_RETIRED:
            tier = self.tier(row)
            self.save(tier, ends_on=row.effective_on)
            if row["label"]:
                label = self.label(row["label"])
                self.save(label, from_tier=tier)
        else:
            self.decision(row)

    def decision(self, row):
        cluster = self.cluster(row)
        identity = {
            "cluster": cluster,
            "kind": row.kind,
            "effective_on": row.effective_on,
            "tier": self.tier(row) if row["tier"] else None,
            "label": self.label(row["label"]) if row["label"] else None,
            "former_name": row["former_name"],
        }
        sources = {name: row[name] for name in ["source_url", "note"] if row[name]}
        if row["announcement"]:
            sources["announcement"] = self.announcement(row)
        decision = Decision.objects.filter(**identity).first() or Decision(**identity)
        self.save(decision, **sources)

    # Rows found by what a person types, or made.

    def cluster(self, row):
        slug = cluster_slug(row, self.aliases)
        if slug not in self._clusters:
            cluster = Cluster.objects.filter(slug=slug).first() or Cluster(slug=slug)
            self.save(cluster, name=self.names.get(slug, row["cluster"]))
            self._clusters[slug] = cluster
        cluster = self._clusters[slug]
        regions = [self.region(name) for name in row["regions"].split(";") if name.strip()]
        if added := [region for region in regions if not cluster.regions.filter(pk=region.pk).exists()]:
            cluster.regions.add(*added)
            self.changes[(_("regioner for klynger"), "lagt til")] += len(added)
        return cluster

    def tier(self, row):
        key = row["tier"].lower()
        if key not in self._tiers:
            tier = (
                Tier.objects.filter(short_name__iexact=key).first()
                or Tier.objects.filter(slug=to_slug(key)).first()
            )
            if tier is None and row.kind != TIER_STARTED:  # a misspelt tier must not become a new one
                raise ValidationError(
                    f"tier: ukjent programnivå «{row['tier']}»; innfør det med en rad «{TIER_STARTED}» "
                    "eller rett skrivemåten"
                )
            if tier is None:
                order = (Tier.objects.order_by("-order").values_list("order", flat=True).first() or 0) + 1
                tier = Tier(short_name=row["tier"], slug=to_slug(row["tier"]), order=order)
                self.save(tier, name=row["tier_name"] or row["tier"])
            self._tiers[key] = tier
        return self._tiers[key]

    def label(self, name):
        key = name.lower()
        if key not in self._labels:
            label = Label.objects.filter(name__iexact=name).first() or Label(slug=to_slug(name))
            if label.pk is None:
                self.save(label, name=name)
            self._labels[key] = label
        return self._labels[key]

    def region(self, name):
        name = name.strip()
        if name.lower() not in self._regions:
            region = Region.objects.filter(name__iexact=name).first() or Region(slug=to_slug(name))
            if region.pk is None:
                self.save(region, name=name)
            self._regions[name.lower()] = region
        return self._regions[name.lower()]

    def announcement(self, row):
        title = row["announcement"]
        if title not in self._announcements:
            announcement = Announcement.objects.filter(title=title).first()
            if announcement is None:
                announcement = Announcement(slug=to_slug(title)[:200], date=row.effective_on)
                self.save(announcement, title=title)
            self._announcements[title] = announcement
        return self._announcements[title]

    def save(self, obj, **values):
        """Give `obj` the `values`; validate and save it if it is new or they change it."""
        changed = {name: value for name, value in values.items() if getattr(obj, name) != value}
        if obj.pk and not changed:
            return
        for name, value in changed.items():
            setattr(obj, name, value)
        try:
            obj.full_clean()
        except ValidationError as error:
            column = COLUMN_OF[type(obj)]
            raise ValidationError(
                [
                    f"{column(field)}: {message}" if field != "__all__" else message
                    for field, field_messages in error.message_dict.items()
                    for message in field_messages
                ]
            ) from None
        state = "endret" if obj.pk else "lagt til"
        obj.save()
        self.changes[(obj._meta.verbose_name_plural, state)] += 1


def final_names(rows, aliases):
    """Each cluster's name (by slug): that of its latest row."""
    ordered = sorted(rows, key=lambda row: (row.effective_on, row.line))
    return {cluster_slug(row, aliases): row["cluster"] for row in ordered if row["cluster"]}


def cluster_slug(row, aliases):
    return row["cluster_slug"] or aliases.get(to_slug(row["cluster"]), to_slug(row["cluster"]))


def aliases(rows):
    """The slug made of a former name -> the cluster a rename row says it belongs to."""
    return {
        to_slug(row["former_name"]): row["cluster_slug"] or to_slug(row["cluster"])
        for row in rows
        if row.kind == Decision.Kind.RENAMED and row["former_name"]
    }


def messages(error):
    if isinstance(error, IntegrityError):
        return [str(error).strip()]
    return error.messages
