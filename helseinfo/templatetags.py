"""Template tags of the project's own templates (`{% load page %}`, see TEMPLATES in settings)."""

from django import template
from django.utils.safestring import mark_safe

from textrules import dates

register = template.Library()


@register.filter
def day(value):
    """A date or time as the site writes a day, «1. desember 2026» (textrules.dates)."""
    return dates.day(value)


@register.tag
def capture(parser, token):
    """`{% capture name %}…{% endcapture %}` renders its content once, as `name`, for saying the same
    text in several places: base.html's title and description in the sharing metadata. Blocks inside
    stay blocks that pages override."""
    try:
        _tag, name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("capture takes one variable name") from None
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, name)


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        # The content is already escaped where it was rendered.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""
