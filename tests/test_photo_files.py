"""Real camera files, odd and broken ones included, through the admin's upload form. Each is either
stored upright, under its true extension, with every rendition, or refused with a Norwegian form
error and nothing left in storage. Never a server error."""

import io
import struct
from pathlib import PurePosixPath

import pytest
from django.core.files.storage import default_storage
from PIL import Image, ImageCms

from news.models import Photo
from tests.builders import make_journalist, media_files, post_photo

pytestmark = pytest.mark.django_db

RED, BLUE = (220, 20, 20), (20, 20, 220)
ORIENTATION = 0x0112
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@pytest.fixture
def journalist_client(client):
    client.force_login(make_journalist())
    return client


def encoded(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def picture(mode="RGB", size=(640, 480), color=RED):
    return Image.new(mode, size, color)


def animation(fmt):
    """Two frames, red then blue."""
    first, second = picture(), picture(color=BLUE)
    return encoded(first, fmt, save_all=True, append_images=[second], duration=100, loop=0)


def palette_with_transparency():
    image = Image.new("P", (640, 480), 0)
    image.putpalette([0, 0, 0, *RED])
    image.paste(1, (320, 0, 640, 480))
    return encoded(image, "PNG", transparency=0)


def jpeg_with_orientation(orientation):
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    return encoded(picture(), "JPEG", exif=exif)


def with_segment(jpeg, marker, payload):
    """A JPEG with one more APPn segment, as cameras and editing programs add them."""
    return jpeg[:2] + marker + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def broken_iptc():
    block = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", 50) + b"\x1c\x02\x78\xff\xff" + b"x" * 10
    return with_segment(encoded(picture(), "JPEG"), b"\xff\xed", b"Photoshop 3.0\x00" + block)


def pixel(name, xy=(5, 5)):
    with default_storage.open(name) as f, Image.open(f) as image:
        return image.getpixel(xy)


def renditions(photo, fmt):
    return [r["name"] for r in photo.renditions if r["format"] == fmt]


def close(found, wanted, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(found, wanted, strict=True))


def still_and_red(photo):
    with photo.image.open() as f, Image.open(f) as image:
        assert getattr(image, "n_frames", 1) == 1
        assert close(image.convert("RGB").getpixel((5, 5)), RED)


def transparent_in_webp(photo):
    assert all(pixel(name)[3] == 0 for name in renditions(photo, "webp"))
    assert all(pixel(name) == (255, 255, 255) for name in renditions(photo, "jpeg"))


def profile_everywhere(photo):
    for name in [photo.image.name] + [r["name"] for r in photo.renditions]:
        with default_storage.open(name) as f, Image.open(f) as image:
            assert image.info.get("icc_profile") == SRGB, name


# id: (file name, content type, content, check of the stored photo or None)
ACCEPTED = {
    "CMYK JPEG": (
        "trykk.jpg",
        "image/jpeg",
        lambda: encoded(picture("CMYK", color=(255, 0, 0, 0)), "JPEG"),
        lambda photo: close(pixel(photo.image.name), (0, 255, 255)),
    ),
    "grey JPEG": ("gra.jpg", "image/jpeg", lambda: encoded(picture("L", color=128), "JPEG"), None),
    "progressive JPEG": (
        "prog.jpg",
        "image/jpeg",
        lambda: encoded(picture(), "JPEG", progressive=True),
        None,
    ),
    "JPEG with an ICC profile": (
        "profil.jpg",
        "image/jpeg",
        lambda: encoded(picture(), "JPEG", icc_profile=SRGB),
        profile_everywhere,
    ),
    "16-bit grey PNG": (
        "16bit.png",
        "image/png",
        lambda: encoded(picture("I;16", color=32768), "PNG"),
        lambda photo: all(close(pixel(r["name"])[:3], (128, 128, 128)) for r in photo.renditions),
    ),
    "palette PNG with transparency": (
        "palett.png",
        "image/png",
        palette_with_transparency,
        transparent_in_webp,
    ),
    "grey PNG with alpha (LA)": (
        "la.png",
        "image/png",
        lambda: encoded(picture("LA", color=(90, 0)), "PNG"),
        transparent_in_webp,
    ),
    "palette PNG (P)": ("p.png", "image/png", lambda: encoded(picture().convert("P"), "PNG"), None),
    "black-and-white PNG (1)": ("sh.png", "image/png", lambda: encoded(picture("1", color=1), "PNG"), None),
    "PNG with a transparent colour key": (
        "nokkel.png",
        "image/png",
        lambda: encoded(picture(color=(10, 20, 30)), "PNG", transparency=(10, 20, 30)),
        transparent_in_webp,
    ),
    "lossless WebP with alpha": (
        "alfa.webp",
        "image/webp",
        lambda: encoded(picture("RGBA", color=(0, 0, 0, 0)), "WEBP", lossless=True),
        transparent_in_webp,
    ),
    "animated WebP: a still of the first frame": (
        "anim.webp",
        "image/webp",
        lambda: animation("WEBP"),
        still_and_red,
    ),
    "animated PNG: a still of the first frame": (
        "anim.png",
        "image/png",
        lambda: animation("PNG"),
        still_and_red,
    ),
    "JPEG with a depth map appended (MPO)": (
        "mobil.jpg",
        "image/jpeg",
        lambda: animation("MPO"),
        still_and_red,
    ),
    "1×1 JPEG": ("prikk.jpg", "image/jpeg", lambda: encoded(picture(size=(1, 1)), "JPEG"), None),
    "1×1 PNG": ("prikk.png", "image/png", lambda: encoded(picture(size=(1, 1)), "PNG"), None),
    "tall, exactly 1:8": ("hoy.png", "image/png", lambda: encoded(picture(size=(200, 1600)), "PNG"), None),
    "tall 1:8 and wider than the widest rendition": (
        "plakat.png",
        "image/png",
        lambda: encoded(picture(size=(1700, 13600)), "PNG"),
        lambda photo: max(r["height"] for r in photo.renditions) == 12800,
    ),
    "wide, exactly 8:1": (
        "panorama.jpg",
        "image/jpeg",
        lambda: encoded(picture(size=(3200, 400)), "JPEG"),
        None,
    ),
    "JPEG named .png, sent as image/png": (
        "bilde.png",
        "image/png",
        lambda: encoded(picture(), "JPEG"),
        None,
    ),
    "JPEG named .html, sent as text/html": (
        "side.html",
        "text/html",
        lambda: encoded(picture(), "JPEG"),
        None,
    ),
    "PNG named .jpg": ("foto.jpg", "image/jpeg", lambda: encoded(picture(), "PNG"), None),
    "broken EXIF block": (
        "exif.jpg",
        "image/jpeg",
        lambda: with_segment(encoded(picture(), "JPEG"), b"\xff\xe1", b"Exif\x00\x00" + b"\x00rot" * 10),
        None,
    ),
    "malformed XMP": (
        "xmp.jpg",
        "image/jpeg",
        lambda: encoded(picture(), "JPEG", xmp=b"<x:xmpmeta <<<"),
        None,
    ),
    "XMP with an XML entity": (
        "entitet.jpg",
        "image/jpeg",
        lambda: encoded(picture(), "JPEG", xmp=b'<!DOCTYPE x [<!ENTITY a "a">]><x:xmpmeta>&a;</x:xmpmeta>'),
        None,
    ),
    "broken IPTC block": ("iptc.jpg", "image/jpeg", broken_iptc, None),
    "orientation tag out of range (9)": ("rar.jpg", "image/jpeg", lambda: jpeg_with_orientation(9), None),
    "orientation tag 0": ("null.jpg", "image/jpeg", lambda: jpeg_with_orientation(0), None),
}

REFUSED = {
    "animated GIF": ("anim.gif", "image/gif", lambda: animation("GIF"), "GIF-bilder støttes ikke"),
    "TIFF": ("skann.tif", "image/tiff", lambda: encoded(picture(), "TIFF"), "TIFF-bilder støttes ikke"),
    "BMP": ("bilde.bmp", "image/bmp", lambda: encoded(picture(), "BMP"), "BMP-bilder støttes ikke"),
    "truncated JPEG": (
        "halv.jpg",
        "image/jpeg",
        lambda: encoded(Image.effect_noise((800, 600), 60).convert("RGB"), "JPEG")[:-2000],
        "skadet eller ufullstendig",
    ),
    "truncated PNG": (
        "halv.png",
        "image/png",
        lambda: encoded(Image.effect_noise((400, 300), 60).convert("RGB"), "PNG")[:20_000],
        "skadet eller ufullstendig",
    ),
    "truncated WebP": (
        "halv.webp",
        "image/webp",
        lambda: encoded(Image.effect_noise((400, 300), 60).convert("RGB"), "WEBP")[:2000],
        "skadet eller ufullstendig",
    ),
    "tall 400×20000 PNG": (
        "lang.png",
        "image/png",
        lambda: encoded(picture(size=(400, 20_000)), "PNG"),
        "for langt og smalt (400 × 20000 piksler)",
    ),
    "tall 1000×20000 JPEG": (
        "lang.jpg",
        "image/jpeg",
        lambda: encoded(picture(size=(1000, 20_000)), "JPEG"),
        "for langt og smalt",
    ),
    "wide 20000×400 PNG": (
        "bred.png",
        "image/png",
        lambda: encoded(picture(size=(20_000, 400)), "PNG"),
        "smalt",
    ),
    "just past 1:8": ("smal.png", "image/png", lambda: encoded(picture(size=(100, 801)), "PNG"), "smalt"),
    "HTML named .jpg": ("side.jpg", "image/jpeg", lambda: b"<!doctype html><p>Hei</p>" * 20, "ikke et bilde"),
}


def assert_stored_whole(photo, settings):
    """The original upright, named by its real format; every rendition present, valid and as
    recorded; no other file in storage."""
    with photo.image.open() as f, Image.open(f) as original:
        original.load()
        assert original.size == (photo.width, photo.height)
        assert (
            PurePosixPath(photo.image.name).suffix
            == {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}[original.format]
        )
    widest = min(photo.width, 1600)
    widths = [w for w in (480, 800, 1200, 1600) if w < widest] + [widest]
    assert sorted((r["width"], r["format"]) for r in photo.renditions) == sorted(
        (w, fmt) for w in widths for fmt in ("webp", "jpeg")
    )
    for rendition in photo.renditions:
        with default_storage.open(rendition["name"]) as f, Image.open(f) as image:
            image.load()
            assert image.format == rendition["format"].upper()
            assert image.size == (rendition["width"], rendition["height"])
            assert max(image.size) <= 16383
        assert default_storage.size(rendition["name"]) == rendition["bytes"]
    assert media_files(settings) == sorted([photo.image.name] + [r["name"] for r in photo.renditions])


@pytest.mark.parametrize("name, content_type, content, check", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_a_camera_file_is_stored_whole_with_all_its_renditions(
    journalist_client, settings, name, content_type, content, check
):
    response = post_photo(journalist_client, name, content(), content_type)

    assert response.status_code == 302, response.context["adminform"].form.errors
    photo = Photo.objects.get()
    assert_stored_whole(photo, settings)
    assert check is None or check(photo) is not False


@pytest.mark.parametrize("name, content_type, content, message", REFUSED.values(), ids=REFUSED.keys())
def test_a_file_we_cannot_use_gets_a_form_error_and_leaves_nothing_behind(
    journalist_client, settings, name, content_type, content, message
):
    response = post_photo(journalist_client, name, content(), content_type)

    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors["image"])
    assert not Photo.objects.exists()
    assert media_files(settings) == []


# Each EXIF orientation: how the camera stored the pixels to show this upright picture.
TO_THE_CAMERA = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


@pytest.mark.parametrize("orientation", TO_THE_CAMERA)
def test_every_exif_orientation_is_stored_upright(journalist_client, settings, orientation):
    upright = picture(size=(600, 400), color=BLUE)
    upright.paste(RED, (0, 0, 300, 200))  # the top-left quarter is red
    method = TO_THE_CAMERA[orientation]
    as_stored = upright if method is None else upright.transpose(method)
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    assert as_stored.size == ((400, 600) if orientation >= 5 else (600, 400))

    post_photo(journalist_client, "kamera.jpg", encoded(as_stored, "JPEG", exif=exif))

    photo = Photo.objects.get()
    assert_stored_whole(photo, settings)
    assert (photo.width, photo.height) == (600, 400)
    for name in [photo.image.name] + [r["name"] for r in photo.renditions]:
        with default_storage.open(name) as f, Image.open(f) as image:
            w, h = image.size
            assert close(image.convert("RGB").getpixel((w // 4, h // 4)), RED, 40), name
            assert close(image.convert("RGB").getpixel((3 * w // 4, 3 * h // 4)), BLUE, 40), name
            assert ORIENTATION not in image.getexif(), name


def test_a_file_exactly_at_the_pixel_limit_is_accepted_and_one_row_more_is_not(journalist_client, settings):
    settings.PHOTO_MAX_PIXELS = 640 * 480

    at_limit = post_photo(journalist_client, "akkurat.jpg", encoded(picture(size=(640, 480)), "JPEG"))
    past_limit = post_photo(journalist_client, "over.jpg", encoded(picture(size=(640, 481)), "JPEG"))

    assert at_limit.status_code == 302
    assert "for mange piksler" in " ".join(past_limit.context["adminform"].form.errors["image"])
    assert Photo.objects.count() == 1
