"""The newsroom's article list, as Django's admin writes it at a fraction of the cost, for a search
whose rows and filters are not kept yet: `{% article_result_list cl %}` is `{% result_list cl %}` with
the rows written by news.admin_changelist.rows(), `{% article_list_filter cl spec %}` is
`{% admin_list_filter cl spec %}` without a template."""

from django import template
from django.contrib.admin.templatetags.admin_list import (
    admin_list_filter,
    result_headers,
    result_hidden_fields,
)
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.utils.encoding import iri_to_uri
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ..admin_changelist import rows

register = template.Library()


def article_result_list(cl):
    """admin_list.result_list(cl), the context of change_list_results.html, with rows(cl)."""
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        "results": rows(cl),
    }


@register.tag(name="article_result_list")
def article_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser, token, func=article_result_list, template_name="change_list_results.html", takes_context=False
    )


@register.simple_tag
def article_list_filter(cl, spec):
    """admin_list.admin_list_filter(): a filter's title and choices as Django's admin/filter.html
    writes them (the same HTML), in Python: rendering that template for each filter cost more than
    the rest of the filters' work for a new search. A filter with a template of its own renders it."""
    if spec.template != "admin/filter.html":
        return admin_list_filter(cl, spec)
    title = conditional_escape(spec.title)
    by = gettext(" By %(filter_title)s ") % {"filter_title": title}
    items = "".join(
        '\n    <li{}>\n    <a href="{}">{}</a></li>\n  '.format(
            ' class="selected"' if choice["selected"] else "",
            escape(iri_to_uri(choice["query_string"])),
            conditional_escape(choice["display"]),
        )
        for choice in spec.choices(cl)
    )
    return mark_safe(
        f'\n<details data-filter-title="{title}" open>\n  <summary>\n    {by}\n  </summary>\n'
        f"  <ul>\n  {items}\n  </ul>\n</details>\n"
    )
