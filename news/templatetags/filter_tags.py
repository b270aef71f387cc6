from django import template

from .. import filter_groups

register = template.Library()


@register.simple_tag
def cluster_groups(filterset):
    """The news filter's cluster choices grouped by tier (news.filter_groups)."""
    return filter_groups.cluster_groups(filterset)
