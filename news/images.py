"""
Photos: check an upload with Pillow before anything is stored, store it upright without metadata,
and make its renditions once. Pillow directly: four widths in two formats is a loop, not a dependency.

Every file is written once, under a name that belongs to one photo's one version, and is never
overwritten: the original is `photos/YYYY/MM/<name>-<random>.<ext>` (the extension of what Pillow
found in it), its renditions `renditions/<the original's name>/<width>.<ext>`. So two uploads never
share a file, and replacing a photo's file leaves the old version's files for the history to
restore; only the prune_photo_files command deletes files, once nothing can use them. All file
access goes through Django's storage API, so that media can move to object storage.
"""

import io
import logging
import secrets
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, IptcImagePlugin

logger = logging.getLogger(__name__)

# What Pillow may find in an upload, and the format it is stored in. MPO is Pillow's name for a
# JPEG with more pictures appended (phones add a depth map or an HDR gain map): we keep the first.
FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
ORIGINAL_OPTIONS = {"JPEG": {"quality": 92}, "WEBP": {"quality": 90}, "PNG": {"optimize": True}}
RENDITION_WIDTHS = (480, 800, 1200, 1600)
RENDITION_FORMATS = {"webp": ("WEBP", {"quality": 80, "method": 4}), "jpeg": ("JPEG", {"quality": 82})}
# The longest side at most 8 times the shortest. Beyond that a picture is a strip no article can
# show, and a tall one's renditions would pass WebP's 16383-pixel limit (1600 × 8 = 12800 is safe).
MAX_ASPECT_RATIO = 8
# Resizing first shrinks a picture by a whole factor (averaging blocks of pixels, fast) while it stays
# at least this many times the size wanted, then resamples it with Lanczos.
REDUCING_GAP = 1.5
ENCODING_THREADS = 2
EXIF_ORIENTATION = 0x0112
# JPEG markers: APPn segments hold metadata (APP0 JFIF, APP1 EXIF and XMP, APP2 ICC and MPF, APP13
# IPTC, APP14 Adobe); SOS starts the compressed picture.
APP0, APP2, APP14, APP15, COM, SOS = 0xE0, 0xE2, 0xEE, 0xEF, 0xFE, 0xDA
# The segments before SOS that decoding reads: start of frame, Huffman, arithmetic and quantisation
# tables, restart interval.
DECODING_MARKERS = {*range(0xC0, 0xD0), 0xDB, 0xDD}


def check_upload(upload):
    """Refuse, with a reason a journalist understands, anything but a sound JPEG, PNG or WebP of a
    shape we can make renditions of: whatever passes here is stored with all its renditions."""
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
            _check_shape(*image.size)
            # A JPEG is decoded as small as it goes (an eighth): every byte is still read, much faster.
            image.draft(None, (1, 1))
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


def _check_shape(width, height):
    if max(width, height) > MAX_ASPECT_RATIO * min(width, height):
        raise ValidationError(
            _(
                "Bildet er for langt og smalt (%(width)s × %(height)s piksler). Beskjær det slik at "
                "den lengste siden er høyst %(ratio)s ganger så lang som den korteste."
            )
            % {"width": width, "height": height, "ratio": MAX_ASPECT_RATIO}
        )


def _megabytes(size):
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def embedded_text(upload):
    """Caption and credit the photographer put in the file (IPTC or XMP), if any."""
    upload.seek(0)
    with Image.open(upload) as image:
        found = _readable(_iptc_text, image) | {k: v for k, v in _readable(_xmp_text, image).items() if v}
    upload.seek(0)
    return found


def _readable(read, image):
    """What `read` finds, or nothing if the metadata is broken: it is a help, and never stored."""
    try:
        return read(image)
    except (OSError, SyntaxError, ValueError):  # bad IPTC lengths, malformed or unsafe XML
        return {}


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


def prepare(upload):
    """The upload as it is stored (upright, without EXIF, GPS, XMP, IPTC or comments, named after
    its real format) and its renditions, encoded in memory.

    An upright RGB JPEG, what cameras mostly send, is stored as it came with its metadata segments
    cut out: no pixel is decoded at full size or encoded again, and the renditions are decoded at a
    reduced scale. Anything else is decoded once, normalised and encoded again."""
    upload.seek(0)
    with Image.open(upload) as original:
        fmt, profile = FORMATS[original.format], _rgb_profile(original)
        stored = _plain_jpeg_without_metadata(original, upload, keep_profile=profile is not None)
        if stored is not None:
            sizes = rendition_sizes(*original.size)
            original.draft("RGB", sizes[0])
            encoded = _renditions(_pixels(original), profile, sizes)
        else:
            image = _pixels(original)
            stored = _encode(image, fmt, profile, ORIGINAL_OPTIONS[fmt])
            encoded = _renditions(image, profile)
            del image  # the full-size pixels are freed before the files are written
    upload.seek(0)
    return ContentFile(stored, name=_original_name(upload.name, fmt)), encoded


def _plain_jpeg_without_metadata(image, upload, keep_profile):
    """For a single-picture RGB JPEG with no rotation to apply: the file's bytes without its metadata
    segments (EXIF, XMP, IPTC, comments, maker notes), keeping only what decoding needs, the JFIF and
    Adobe headers, and the ICC profile if `keep_profile`. The compressed picture is copied as it is,
    up to its end marker. None for anything else, or a file laid out in a way this does not follow."""
    if not (image.format == "JPEG" and image.mode == "RGB" and image.getexif().get(EXIF_ORIENTATION, 1) == 1):
        return None
    upload.seek(0)
    jpeg = upload.read()
    kept, position = [jpeg[:2]], 2  # SOI
    while position + 4 <= len(jpeg) and jpeg[position] == 0xFF:
        marker = jpeg[position + 1]
        if marker == 0xFF:  # a fill byte before a marker
            position += 1
            continue
        length = int.from_bytes(jpeg[position + 2 : position + 4], "big")
        segment = jpeg[position : position + 2 + length]
        if marker == SOS:
            end = jpeg.find(b"\xff\xd9", position + 2 + length)
            return None if end < 0 else b"".join([*kept, jpeg[position : end + 2]])
        if marker < APP0 and marker not in DECODING_MARKERS or length < 2:
            return None
        if _needed_segment(marker, segment[4:], keep_profile):
            kept.append(segment)
        position += 2 + length
    return None


def _needed_segment(marker, payload, keep_profile):
    if marker == APP0:
        return payload.startswith(b"JFIF\0")
    if marker == APP2:
        return keep_profile and payload.startswith(b"ICC_PROFILE\0")
    if marker == APP14:
        return payload.startswith(b"Adobe")
    return not (APP0 <= marker <= APP15 or marker == COM)


def make_renditions(image_file, written):
    """The renditions of a stored original, written to storage; their names are added to `written`."""
    with image_file.open("rb"), Image.open(image_file) as stored:
        sizes, profile = rendition_sizes(*stored.size), _rgb_profile(stored)
        # A JPEG is decoded at a reduced scale, never smaller than the widest rendition.
        stored.draft(None, sizes[0])
        image = _pixels(stored)
    return store_renditions(image_file.name, _renditions(image, profile, sizes), written)


def store_renditions(original_name, encoded, written):
    """Write encoded renditions into their original's own folder (the storage never overwrites a
    file: it picks a new name) and describe them for the JSON field: pages never read storage."""
    renditions = []
    for key, fmt, width, height, data in encoded:
        name = f"renditions/{original_name}/{width}.{EXTENSIONS[fmt]}"
        name = default_storage.save(name, ContentFile(data))
        written.append(name)
        renditions.append({"format": key, "width": width, "height": height, "bytes": len(data), "name": name})
    return sorted(renditions, key=lambda r: r["width"])


def renditions_complete(original_name, width, height, renditions):
    """True when `renditions` are what make_renditions would make now, in the original's own folder
    and all in storage."""
    wanted = {(key, w, h) for w, h in rendition_sizes(width, height) for key in RENDITION_FORMATS}
    return {(r["format"], r["width"], r["height"]) for r in renditions} == wanted and all(
        r["name"].startswith(f"renditions/{original_name}/") and default_storage.exists(r["name"])
        for r in renditions
    )


def rendition_sizes(width, height):
    """Each rendition's (width, height), widest first: the picture's own width (at most 1600), then
    the standard widths narrower than it."""
    widest = min(width, RENDITION_WIDTHS[-1])
    widths = [widest] + [w for w in reversed(RENDITION_WIDTHS) if w < widest]
    return [(w, max(1, round(height * w / width))) for w in widths]


def _renditions(image, profile, sizes=None):
    """(format key, format, width, height, bytes) of each rendition. Each is resized from the one
    before, so a 24-megapixel photo is shrunk once, not four times. Pillow's encoders let other
    threads run: each size is encoded in both formats by a thread of its own while the next is
    resized, two at a time (half the wait on two cores). One thread per picture, as saving one
    writes its encoder settings onto it."""
    jobs = []
    with ThreadPoolExecutor(ENCODING_THREADS) as pool:
        for size in sizes or rendition_sizes(*image.size):
            if image.size != size:
                image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
            jobs.append((size, pool.submit(_encode_formats, image, profile)))
    return [(key, fmt, *size, data) for size, job in jobs for key, fmt, data in job.result()]


def _encode_formats(image, profile):
    """(format key, format, bytes) of the picture in each rendition format."""
    return [
        (key, fmt, _encode(image, fmt, profile, options)) for key, (fmt, options) in RENDITION_FORMATS.items()
    ]


def _original_name(upload_name, fmt):
    """`<the upload's name, slugified>-<random>.<ext>`: this upload's own, with its true extension."""
    stem = slugify(PurePosixPath(upload_name).stem)[:40] or "bilde"
    return f"{stem}-{secrets.token_hex(4)}.{EXTENSIONS[fmt]}"


def _pixels(image):
    """The loaded picture upright, in RGB or RGBA, carrying no metadata at all. The first frame
    only: an animation is stored as a still."""
    ImageOps.exif_transpose(image, in_place=True)
    if image.mode.startswith("I"):  # 16-bit grey: scale to 8 bits (converting would clip to white)
        image = image.point(lambda value: value / 256).convert("L")
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    mode = "RGBA" if has_alpha else "RGB"
    if image.mode != mode:
        image = image.convert(mode)
    image.info = {}
    return image


def _rgb_profile(image):
    """The file's ICC colour profile if it describes RGB: kept in the original and every rendition so
    that they show the same colours. A CMYK or grey profile would not fit the RGB pixels we store."""
    profile = image.info.get("icc_profile")
    return profile if profile and profile[16:20] == b"RGB " and image.mode in {"RGB", "RGBA", "P"} else None


def _encode(image, fmt, profile, options):
    if fmt == "JPEG":
        image = _flatten(image)
    buffer = io.BytesIO()
    image.save(buffer, fmt, icc_profile=profile, **options)
    return buffer.getvalue()


def _flatten(image):
    """JPEG has no transparency: put transparent pixels on white."""
    if image.mode != "RGBA":
        return image
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background


def deleted_on_rollback():
    """A list for the names of files written in the current transaction: unless it commits, they
    are deleted from storage.

    Django has no on_rollback hook, but a transaction or savepoint that rolls back drops the
    on_commit callbacks registered inside it. The callback registered here is referenced by nothing
    else, so when it is dropped it is freed at once, and its finalizer deletes the files; when it
    runs, the transaction has committed and it cancels the finalizer. Files of a process that dies
    in between are left for prune_photo_files.
    """
    names = []

    def committed():
        finalizer.detach()

    finalizer = weakref.finalize(committed, _delete, names)
    transaction.on_commit(committed)
    return names


def _delete(names):
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # An unreachable storage must not break the request: prune deletes it later.
            logger.warning("Could not delete %s after a rollback", name, exc_info=True)


# name -> its public URL. Every file is written once under a name of its own, and its URL is plain (no
# signature, no expiry: helseinfo/media_storage.py), so a name's URL is the same until the settings
# change; asking the storage costs a urljoin per rendition, ten per photo on every card.
_urls = {}
KEPT_URLS = 50_000


def storage_url(name):
    url = _urls.get(name)
    if url is None:
        if len(_urls) >= KEPT_URLS:
            _urls.clear()
        url = _urls[name] = default_storage.url(name)
    return url


@receiver(setting_changed)
def _forget_urls(**kwargs):
    _urls.clear()  # another storage or media URL (tests)


def _storage_errors():
    """What a storage raises when it cannot be reached or refuses a write: the file system's OSError,
    and boto3's and botocore's errors when media are in object storage."""
    errors = [OSError]
    try:
        from boto3.exceptions import Boto3Error
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - boto3 is in requirements.txt
        pass
    else:
        errors += [Boto3Error, BotoCoreError, ClientError]
    return tuple(errors)


STORAGE_ERRORS = _storage_errors()
