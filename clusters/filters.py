"""The cluster directory's filters: q, program and region (a public contract: readers bookmark them).

Tiers and regions are offered from their tables, so a tier an editor adds is a choice at once; a
retired tier is offered only when chosen, and a URL naming it keeps working.
An empty parameter (`?program=`) means no filter. An unknown slug or a too long q makes the filterset
invalid: the directory then shows the form with its errors, no clusters, and answers 400, as the news
list does. The news list declares its filters with the same factories.
"""

from functools import cached_property

import django_filters
import django_filters.fields
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.boundfield import BoundField
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from textrules import escape

from .models import Cluster, Region, Tier


def without_empty(query):
    """A copy of the QueryDict `query` without the values that are empty or only whitespace."""
    kept = query.copy()
    for name, values in query.lists():
        del kept[name]
        if values := [value for value in values if value.strip()]:
            kept.setlist(name, values)
    return kept


class PublicFilterSet(django_filters.FilterSet):
    """A public list's FilterSet, reading a parameter left empty (`?klynge=`) as no filter; its form's
    fields are written by QuickField."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(None if data is None else without_empty(data), *args, **kwargs)

    def get_form_class(self):
        """django-filter builds a form class from the filters' fields for every request; no field
        here depends on the request, so each FilterSet builds its class once (a third of a filtered
        list's form). Each form still copies the class's fields for itself."""
        form = type(self).__dict__.get("_form_class")
        if form is None:
            form = super().get_form_class()
            form.bound_field_class = QuickField
            type(self)._form_class = form
        return form

    @property
    def form(self):
        new = not hasattr(self, "_form")
        form = super().form
        if new:
            for field in form.fields.values():
                if isinstance(field, forms.ModelChoiceField):
                    field.widget.choices = ListedChoices(field)
            if "program" in form.fields:
                offer_current_tiers(form, "program")
        return form


class ListedChoices(ModelChoiceIterator):
    """A ModelChoiceField's choices, read once with one plain query: Django's iterator() opens a
    server-side cursor on PostgreSQL (three round trips for a few dozen rows), and its len() counts
    them with a query of its own."""

    source = None  # where the rows are kept, if anywhere: a callable that gives them

    @cached_property
    def rows(self):
        return self.source() if self.source else list(self.queryset.all())

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.rows:
            yield self.choice(obj)

    def __len__(self):
        return len(self.rows) + (self.field.empty_label is not None)

    def row(self, key, value):
        """The row whose field `key` is `value` (compared as text, as a form's data comes), or None."""
        return next((row for row in self.rows if str(getattr(row, key)) == str(value)), None)


class ListedChoiceField(django_filters.fields.ModelChoiceField):
    """A slug choice that, when its choices are kept (ListedChoices with a `source`), finds the chosen
    row among them instead of asking the database again; otherwise Django's lookup."""

    def to_python(self, value):
        choices = self.widget.choices
        if value in self.empty_values or getattr(choices, "source", None) is None:
            return super().to_python(value)
        self.validate_no_null_characters(value)
        row = choices.row(self.to_field_name or "pk", value)
        if row is None:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return row


class ListedChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ListedChoiceField


class ListedMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """Several slug choices, found as ListedChoiceField finds one: among the kept choices (in their
    order) when they are kept, else by Django's query."""

    def _check_values(self, value):
        choices = self.widget.choices
        if getattr(choices, "source", None) is None:
            return super()._check_values(value)  # clean() has checked that `value` is a list
        chosen = set()
        for each in value:
            self.validate_no_null_characters(each)
            row = choices.row(self.to_field_name or "pk", each)
            if row is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": each}
                )
            chosen.add(row.pk)
        return [row for row in choices.rows if row.pk in chosen]


class ListedMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = ListedMultipleChoiceField


class OfferedChoices(ListedChoices):
    """The choices shown for a ModelChoiceField: `offered`, while any row of its queryset stays valid."""

    def __init__(self, field, offered):
        super().__init__(field)
        self.queryset = offered


def offer_current_tiers(form, name):
    """Offer the tiers in force today, and a retired tier only when it is the one chosen: an old URL
    naming it keeps its meaning and its choice."""
    field = form.fields[name]
    chosen = form.data.get(form.add_prefix(name)) if form.is_bound else None
    field.widget.choices = OfferedChoices(field, Tier.objects.current() | Tier.objects.filter(slug=chosen))


def search_field(label, method):
    """A free-text filter of at most 200 characters, in a search box."""
    return django_filters.CharFilter(label=label, method=method, max_length=200, widget=SearchInput)


class QuickSelect(forms.Select):
    """Django's <select>, written in Python rather than through a template per option: a filter form
    with a hundred choices is rendered for every distinct filter a reader or a crawler asks for, and
    the templates cost ten times as much. The markup is the same (tests/test_filters.py compares them)
    for the flat, single choices it is used for."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        options, has_selected = [], False
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not has_selected and option_value in chosen  # the first, as Django selects
            has_selected |= selected
            options.append(
                f'<option value="{escape(option_value)}"{" selected" if selected else ""}>'
                f"{escape(label)}</option>"
            )
        return mark_safe(
            f'<select name="{escape(name)}"{flatatt(attrs)}>\n' + "\n".join(options) + "\n</select>"
        )


class QuickInput:
    """A widget mixin: the <input> of django/forms/widgets/input.html, written in Python (the same
    markup; tests/test_filters.py compares them)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
        kind, attrs = escape(widget["type"]), attributes(widget["attrs"])
        return mark_safe(f'<input type="{kind}" name="{escape(name)}"{shown}{attrs}>')


class SearchInput(QuickInput, forms.TextInput):
    input_type = "search"


class QuickField(BoundField):
    """Django's BoundField, whose field group (django/forms/field.html: the label, help text, errors
    and widget) and label are written in Python for a field with a label and an id that is not a
    fieldset, as every field of the public filter forms but the clusters' checkboxes is: through the
    templates they cost more than the rest of a filtered list's form. The same markup (compared in
    tests/test_filters.py); anything else goes to Django's templates."""

    def as_field_group(self):
        if self.use_fieldset or not self.label or not self.auto_id:
            return super().as_field_group()
        help_text = (
            self.help_text and f'<div class="helptext" id="{self.auto_id}_helptext">{self.help_text}</div>'
        )
        errors = self.errors or ""
        return mark_safe(f"{self.label_tag()}\n\n{help_text}\n{errors}\n{self}")

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        id_for_label = self.field.widget.id_for_label(self.field.widget.attrs.get("id") or self.auto_id)
        suffix = self.form.label_suffix if self.field.label_suffix is None else self.field.label_suffix
        asked = contents or attrs or label_suffix or tag
        if asked or not id_for_label or hasattr(self.form, "required_css_class"):
            return super().label_tag(contents, attrs, label_suffix, tag)
        label = conditional_escape(self.label)
        if suffix and label and self.label[-1] not in gettext(":?.!"):
            label = format_html("{}{}", label, suffix)
        return mark_safe(f'<label for="{escape(id_for_label)}">{label}</label>')


def attributes(attrs):
    """HTML attributes as django/forms/widgets/attrs.html writes them, in their order."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def slug_choice(label, queryset, **kwargs):
    """One row of `queryset`, chosen by its slug from a list that starts with «Alle» (no filter)."""
    return ListedChoiceFilter(
        label=label,
        queryset=queryset,
        to_field_name="slug",
        empty_label=_("Alle"),
        widget=QuickSelect,
        **kwargs,
    )


class ClusterFilter(PublicFilterSet):
    q = search_field(_("Navn"), "filter_name")
    program = slug_choice(_("Programnivå"), Tier.objects.all(), method="filter_tier")
    region = slug_choice(_("Region"), Region.objects.all(), field_name="regions")

    class Meta:
        model = Cluster
        fields = ["q", "program", "region"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(former_names__icontains=value))

    def filter_tier(self, queryset, name, value):
        """By tier today; by a retired tier, as on its last day (the clusters its page lists)."""
        day = value.last_day if value.is_retired else None
        return queryset.filter(pk__in=Cluster.objects.in_tier(value, day).values("pk"))
