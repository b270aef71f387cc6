"""Template tags of the project's own templates (`{% load page %}`, see TEMPLATES in settings)."""

from urllib.parse import quote

from django import template
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from textrules import dates

from .memo import Bounded

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


# What {% kept %} rendered: (name, language, script prefix, values) -> HTML.
_kept = Bounded(2_000)


@register.tag
def kept(parser, token):
    """`{% kept "name" value … %}…{% endkept %}` renders its content once in this process for each
    language, script prefix and set of values, and gives the same HTML after that: for the parts of
    every page that read nothing else, such as the site's header and footer, whose addresses and
    texts cost a fifth of an article page to render. What the content reads besides the values must
    be fixed for the process: settings, addresses, translations, static files."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("kept takes a name and the values its content depends on")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]]
    )


class KeptNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist, self.name, self.values = nodelist, name, values

    def render(self, context):
        values = tuple(
            (type(value).__name__, str(value)) for value in (v.resolve(context) for v in self.values)
        )
        key = (self.name.resolve(context), get_language(), get_script_prefix(), values)
        return _kept.get_or_make(key, lambda: self.nodelist.render(context))


# What nav_sidebar() rendered, by what it shows; a process sees few: the newsroom's roles times the
# admin's models.
_sidebars = Bounded(500)


@register.simple_tag(takes_context=True)
def nav_sidebar(context):
    """Django's admin/nav_sidebar.html, rendered once in this process for each language, set of apps
    and links the user may see, and place of the current page among them (what the template reads):
    the same on nearly every page of the admin, and rendering it cost a quarter of the article list."""
    path = quote(context["request"].path)  # as the template's `request.path|urlencode`
    shown = tuple(
        (
            app["app_label"],
            str(app["name"]),
            app["app_url"],
            app["app_url"] in path,
            tuple(
                (
                    m["object_name"],
                    str(m["name"]),
                    m.get("admin_url"),
                    m.get("add_url"),
                    here(m.get("admin_url"), path),
                )
                for m in app["models"]
            ),
        )
        for app in context.get("available_apps") or ()
    )
    key = (get_language(), shown)
    template = context.template.engine.get_template
    return _sidebars.get_or_make(key, lambda: template("admin/nav_sidebar.html").render(context))


def here(url, path):
    """Whether the page at `path` is under `url` (the sidebar's current app or model)."""
    return bool(url) and url in path
