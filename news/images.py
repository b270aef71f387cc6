"""
Photos: check an upload with Pillow before anything is stored, store it without metadata, and make
its renditions once. Pillow directly: four widths in two formats is a loop, not a dependency.
"""

import io
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, IptcImagePlugin

FORMATS = {"JPEG", "PNG", "WEBP"}
RENDITION_WIDTHS = (480, 800, 1200, 1600)
RENDITION_FORMATS = {"webp": ("WEBP", {"quality": 80, "method": 4}), "jpeg": ("JPEG", {"quality": 82})}


def check_upload(upload):
    """Refuse, with a reason a journalist understands, anything but a sound JPEG, PNG or WebP."""
    if upload.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            _("Filen er for stor (%(size)s MB). Største tillatte størrelse er %(max)s MB.")
            % {"size": _megabytes(upload.size), "max": _megabytes(settings.PHOTO_MAX_BYTES)}
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in FORMATS:
                raise ValidationError(
                    _("%(format)s-bilder støttes ikke. Last opp JPEG, PNG eller WebP.")
                    % {"format": image.format}
                )
            _check_pixels(image.width * image.height)
            image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        _check_pixels(settings.PHOTO_MAX_PIXELS + 1)
    except Image.UnidentifiedImageError:
        raise ValidationError(
            _("Filen er ikke et bilde vi kan bruke. Last opp et foto i JPEG, PNG eller WebP.")
        ) from None
    except Exception:  # Pillow raises many kinds of error for a broken file.
        raise ValidationError(
            _("Bildefilen er skadet eller ufullstendig. Last den opp på nytt, eller eksporter den på nytt.")
        ) from None
    finally:
        upload.seek(0)


def _check_pixels(pixels):
    if pixels > settings.PHOTO_MAX_PIXELS:
        raise ValidationError(
            _("Bildet har for mange piksler (over %(max)s megapiksler). Last opp en mindre versjon.")
            % {"max": settings.PHOTO_MAX_PIXELS // 1_000_000}
        )


def _megabytes(size):
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def embedded_text(upload):
    """Caption and credit the photographer put in the file (IPTC or XMP), if any."""
    upload.seek(0)
    with Image.open(upload) as image:
        found = _iptc_text(image) | {k: v for k, v in _xmp_text(image).items() if v}
    upload.seek(0)
    return found


def _iptc_text(image):
    iptc = IptcImagePlugin.getiptcinfo(image) or {}

    def text(*keys):
        for key in keys:
            value = iptc.get(key)
            if isinstance(value, list):
                value = b", ".join(value)
            if value:
                try:
                    return value.decode().strip()
                except UnicodeDecodeError:
                    return value.decode("latin-1").strip()
        return ""

    # 2:120 caption; 2:110 credit, 2:80 by-line (photographer), 2:116 copyright notice.
    return {"caption": text((2, 120)), "credit": text((2, 110), (2, 80), (2, 116))}


def _xmp_text(image):
    xmp = image.getxmp() if hasattr(image, "getxmp") else {}
    description = _find(xmp, "description")
    credit = _find(xmp, "Credit") or _find(xmp, "creator") or _find(xmp, "rights")
    return {"caption": _plain(description), "credit": _plain(credit)}


def _find(tree, key):
    """The first value under `key` anywhere in Pillow's nested XMP dictionary."""
    if isinstance(tree, dict):
        if key in tree:
            return tree[key]
        children = tree.values()
    elif isinstance(tree, list):
        children = tree
    else:
        return None
    for child in children:
        if (found := _find(child, key)) is not None:
            return found
    return None


def _plain(value):
    """Flatten XMP's rdf:Alt / rdf:Seq / {'text': …} wrappers to one line of text."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        if "text" in value:
            return _plain(value["text"])
        return ", ".join(filter(None, (_plain(v) for k, v in value.items() if k != "lang")))
    if isinstance(value, list):
        return ", ".join(filter(None, (_plain(v) for v in value)))
    return ""


def normalised(upload):
    """The upload re-encoded upright and without metadata (EXIF, GPS, XMP, IPTC, comments)."""
    upload.seek(0)
    with Image.open(upload) as original:
        fmt, icc = original.format, original.info.get("icc_profile")
        image = _clean(ImageOps.exif_transpose(original))
    options = {"JPEG": {"quality": 92}, "WEBP": {"quality": 90}, "PNG": {"optimize": True}}[fmt]
    if icc:
        options["icc_profile"] = icc
    if fmt == "JPEG":
        image = _flatten(image)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return ContentFile(buffer.getvalue(), name=PurePosixPath(upload.name).name)


def _clean(image):
    """A copy in RGB or RGBA carrying no metadata at all."""
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    clean = image.convert("RGBA" if has_alpha else "RGB")
    clean.info = {}
    return clean


def _flatten(image):
    """JPEG has no transparency: put transparent pixels on white."""
    if image.mode != "RGBA":
        return image.convert("RGB")
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background


def rendition_widths(width):
    """The standard widths narrower than the original, plus the original's own (at most 1600)."""
    widest = min(width, RENDITION_WIDTHS[-1])
    return [w for w in RENDITION_WIDTHS if w < widest] + [widest]


def make_renditions(image_file):
    """Write every rendition of a stored image to default_storage; return their descriptions."""
    image_file.open("rb")
    try:
        with Image.open(image_file) as stored:
            source = _clean(ImageOps.exif_transpose(stored))
    finally:
        image_file.close()
    stem = PurePosixPath(image_file.name).with_suffix("")
    renditions = []
    for width in rendition_widths(source.width):
        height = max(1, round(source.height * width / source.width))
        resized = source.resize((width, height), Image.Resampling.LANCZOS)
        for ext, (fmt, options) in RENDITION_FORMATS.items():
            name = f"renditions/{stem}-{width}.{'jpg' if ext == 'jpeg' else ext}"
            buffer = io.BytesIO()
            (_flatten(resized) if fmt == "JPEG" else resized).save(buffer, fmt, **options)
            renditions.append(
                {
                    "format": ext,
                    "width": width,
                    "height": height,
                    "bytes": buffer.getbuffer().nbytes,
                    "name": _put(name, buffer),
                }
            )
    return renditions


def _put(name, buffer):
    """Write (or overwrite) one file, so that rebuilding gives the same names."""
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(buffer.getvalue()))


def storage_url(name):
    return default_storage.url(name)
