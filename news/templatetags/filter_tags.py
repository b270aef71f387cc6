from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from .. import filter_groups

register = template.Library()


@register.simple_tag
def cluster_choices(filterset):
    """The klynge field (a repeatable checkbox) as a fieldset of its choices grouped by tier
    (news.filter_groups): in each group the chosen and the most used clusters, then the rest behind
    «Vis alle». Where JavaScript runs, static/js/filters.js shows the hidden field that narrows the
    choices to those matching what is typed. Written here rather than through templates: the form is
    rendered for every distinct filter. Every value is escaped."""
    field = filterset.form["klynge"]
    described = f' aria-describedby="{escape(field.aria_describedby)}"' if field.aria_describedby else ""
    parts = [
        f'<fieldset class="cluster-choices"{described}>\n  {field.legend_tag()}\n  {field.errors or ""}\n'
        '  <div class="cluster-search" hidden>\n'
        f'    <label for="cluster-search">{escaped("Finn en klynge")}</label>\n'
        '    <input id="cluster-search" type="search" autocomplete="off" spellcheck="false"'
        ' aria-describedby="cluster-search-status">\n'
        '    <p id="cluster-search-status" class="meta" role="status"'
        f' data-none="{escaped("Ingen klynger passer.")}" data-one="{escaped("1 klynge passer.")}"'
        f' data-many="{escaped("%(count)s klynger passer.")}"></p>\n'
        "  </div>\n"
    ]
    for group in filter_groups.cluster_groups(filterset):
        tier = group.tier
        legend = escape(tier.full_name) if tier else escaped("Uten programnivå")
        parts.append(
            f'  <fieldset class="cluster-group">\n    <legend>{legend}</legend>\n'
            f'    <ul class="choices">{cluster_choice_items(group.shown)}</ul>\n'
        )
        if group.rest:
            which = (
                gettext("i %(tier)s") % {"tier": escape(tier.short_name)}
                if tier
                else escaped("uten programnivå")
            )
            more = ngettext("(%(counter)s til)", "(%(counter)s til)", len(group.rest)) % {
                "counter": len(group.rest)
            }
            parts.append(
                f'    <details class="more-choices">\n      <summary>{escaped("Vis alle")}'
                f'<span class="visually-hidden"> {which}</span> {more}</summary>\n'
                f'      <ul class="choices">{cluster_choice_items(group.rest)}</ul>\n    </details>\n'
            )
        parts.append("  </fieldset>\n")
    parts.append("</fieldset>")
    return mark_safe("".join(parts))


def escaped(message):
    return escape(gettext(message))


def cluster_choice_items(choices):
    """The <li> of each cluster choice: a checkbox labelled with the name and count, and the names to
    type-filter by (static/js/filters.js). Written here rather than through a template per choice:
    sixty and more of them are rendered for every distinct filter. Every value is escaped."""
    items = []
    for choice in choices:
        cluster = choice.cluster
        names = escape("|".join([cluster.name, *cluster.former_names_list]))
        checked = " checked" if choice.chosen else ""
        items.append(
            f'<li data-names="{names}"><label for="id_klynge_{cluster.pk}"><input type="checkbox" '
            f'name="klynge" value="{escape(cluster.slug)}" id="id_klynge_{cluster.pk}"{checked}> '
            f"{escape(choice.label)}</label></li>"
        )
    return mark_safe("".join(items))
