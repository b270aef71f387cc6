import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from textrules import clean

from ..bylines import signers
from ..models import Photo

register = template.Library()

LOGO = "img/logo.png"  # 512 × 512 pixels
CREATOR_TYPES = {Photo.CreditKind.PERSON: "Person", Photo.CreditKind.ORGANISATION: "Organization"}

# The characters json_script escapes, so no string in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {">": "\\u003E", "<": "\\u003C", "&": "\\u0026"}


@register.filter
def absolute(url):
    """An address readers' tools can follow from anywhere: SITE_URL in front of a local path."""
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


@register.filter
def clean_text(value):
    """Text without the characters XML forbids (`textrules.clean`), e.g. a headline in a sitemap."""
    return clean(value)


@register.filter
def iso_time(value):
    """A local time for datetime attributes and metadata: HTML allows no microseconds."""
    return timezone.localtime(value).replace(microsecond=0).isoformat() if value else ""


def json_ld(data):
    """Render `data` as a schema.org JSON-LD script element, escaped like json_script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for character, escaped in JSON_SCRIPT_ESCAPES.items():  # str.translate() is 20 times slower
        text = text.replace(character, escaped)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag
def article_json_ld(article):
    """schema.org NewsArticle for one article, from what the page already shows."""
    url = absolute(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": url,
        "url": url,
        "headline": article.headline[:110],
        "description": article.lead,
        "datePublished": article.publish_at.isoformat(),
        "dateModified": article.modified.isoformat(),
        "inLanguage": "nb",
        "author": [{"@type": CREATOR_TYPES[kind], "name": name} for kind, name in signers(article)],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL,
            "logo": {"@type": "ImageObject", "url": absolute(static(LOGO)), "width": 512, "height": 512},
        },
        "about": [
            {
                "@type": "Organization",
                "name": cluster.name,
                "url": absolute(cluster.get_absolute_url()),
                **({"alternateName": cluster.former_names_list} if cluster.former_names_list else {}),
            }
            for cluster in article.clusters.all()
        ],
    }
    if article.category_id:
        data["articleSection"] = article.category.name
    if article.lead_photo_id:
        photo = article.lead_photo
        image = {"@type": "ImageObject", "url": absolute(share_image_url(photo))}
        if photo.credit:
            image |= {
                "creditText": photo.credit,
                "creator": [
                    {"@type": CREATOR_TYPES[kind], "name": name} for kind, name in photo.credit_creators()
                ],
            }
        if article.caption:
            image["caption"] = article.caption
        data["image"] = image
    corrections = [
        {"@type": "CorrectionComment", "text": c.text, "datePublished": c.created.isoformat()}
        for c in article.corrections.all()
    ]
    if corrections:
        data["correction"] = corrections
    return json_ld(data)


@register.simple_tag
def share_image_url(photo):
    """The address of the photo version meant for link previews (Open Graph, JSON-LD)."""
    return photo.fallback_url
