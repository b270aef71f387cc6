import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from textrules import clean, dates, escape

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


# An article card and a photo are written in Python rather than templates: a list shows twenty cards,
# and the template engine spent 0.3 ms on each, more than everything else on a list page but its rows.
# Every value goes through escape() (the standard library's, which Django's wraps).

CARD_PHOTO_SIZES = "(min-width: 48rem) 12rem, 100vw"


@register.simple_tag
def article_card(article, lazy=False):
    """One article as a card in a list: its photo (loaded lazily if `lazy`), press release or not,
    headline, time, category, lead and clusters (for_cards() fetched what it shows)."""
    html = ['<article class="card">']
    if article.lead_photo_id:
        html.append(picture(article.lead_photo, CARD_PHOTO_SIZES, "card-photo", lazy))
    html.append('<div class="card-text">')
    if article.is_press_release:
        html.append(f'<p class="label">{escape(gettext("Pressemelding"))}</p>')
    html.append(f'<h3><a href="{escape(article.get_absolute_url())}">{escape(article.headline)}</a></h3>')
    published = timezone.localtime(article.publish_at)
    html.append(
        f'<p class="meta"><time datetime="{iso_time(published)}">{escape(dates.day(published))}</time>'
    )
    if article.category_id:
        html.append(f" · {escape(article.category.name)}")
    html.append("</p>")
    if article.lead:
        html.append(f"<p>{escape(article.lead)}</p>")
    if clusters := article.clusters.all():
        html.append(f'<ul class="tags" aria-label="{escape(gettext("Klynger"))}">')
        for cluster in clusters:
            name = getattr(cluster, "name_then", None) or cluster.name
            html.append(f'<li><a href="{escape(cluster.get_absolute_url())}">{escape(name)}</a></li>')
        html.append("</ul>")
    html.append("</div></article>")
    return mark_safe("".join(html))


@register.simple_tag
def picture(photo, sizes="", css_class="", lazy=False):
    """One photo, responsive: WebP renditions with a JPEG fallback, in `sizes` (else the photo's). With
    `css_class` on the <img>, the photo is cropped and the <picture> keeps its focal point in frame;
    `lazy` for one likely below the fold."""
    sizes = escape(sizes or photo.sizes)
    html = [f'<picture class="{escape(photo.focal_classes)}">' if css_class else "<picture>"]
    if webp := photo.webp_srcset:
        html.append(f'<source type="image/webp" srcset="{escape(webp)}" sizes="{sizes}">')
    html.append(f'<img src="{escape(photo.fallback_url)}"')
    if jpeg := photo.jpeg_srcset:
        html.append(f' srcset="{escape(jpeg)}" sizes="{sizes}"')
    html.append(
        f' width="{escape(photo.width)}" height="{escape(photo.height)}" alt="{escape(photo.alt_text)}"'
    )
    if css_class:
        html.append(f' class="{escape(css_class)}"')
    if lazy:
        html.append(' loading="lazy"')
    html.append(' decoding="async"></picture>')
    return mark_safe("".join(html))


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
