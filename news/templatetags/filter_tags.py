from html import escape

from django import template
from django.utils.safestring import mark_safe

from .. import filter_groups

register = template.Library()


@register.simple_tag
def cluster_groups(filterset):
    """The news filter's cluster choices grouped by tier (news.filter_groups)."""
    return filter_groups.cluster_groups(filterset)


@register.simple_tag
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
