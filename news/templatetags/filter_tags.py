from django import template
from django.utils.html import format_html_join
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
    sixty and more of them are rendered for every distinct filter."""
    return format_html_join(
        "",
        '<li data-names="{}"><label for="id_klynge_{}"><input type="checkbox" name="klynge" value="{}" '
        'id="id_klynge_{}"{}> {}</label></li>',
        (
            (
                "|".join([choice.cluster.name, *choice.cluster.former_names_list]),
                choice.cluster.pk,
                choice.cluster.slug,
                choice.cluster.pk,
                mark_safe(" checked") if choice.chosen else "",
                choice.label,
            )
            for choice in choices
        ),
    )
