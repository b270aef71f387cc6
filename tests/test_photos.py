"""Photo uploads: checked by Pillow before anything is stored, stored upright without metadata,
renditions made once at save, caption and credit read from the file."""

import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from news.models import Photo
from tests.builders import image_bytes, image_upload, make_journalist, make_photo, media_files, post_photo

pytestmark = pytest.mark.django_db

GPS_IFD, ORIENTATION, MAKE = 0x8825, 0x0112, 0x010F


def jpeg_from_camera(size=(1600, 900), orientation=6):
    """A JPEG as a phone writes it: pixels stored sideways, an orientation tag, camera and GPS."""
    image = Image.new("RGB", size, "blue")
    image.paste(Image.new("RGB", (size[0] // 2, size[1]), "red"))  # left half red
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = "Kamerafabrikken"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (59.0, 54.0, 43.0), 3: "E", 4: (10.0, 45.0, 12.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def png_claiming(width, height):
    """A tiny PNG whose header claims `width` × `height` pixels: a decompression bomb."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = zlib.compress(b"\0" * (width * 3 + 1) * 4)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def with_iptc(jpeg, **fields):
    """Insert an IPTC block (Photoshop APP13), as photo agencies send it."""
    numbers = {"caption": 120, "byline": 80, "credit": 110}
    iptc = b"".join(
        b"\x1c\x02" + bytes([numbers[key]]) + struct.pack(">H", len(value.encode())) + value.encode()
        for key, value in fields.items()
    )
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc + b"\0" * (len(iptc) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


XMP = """<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
 photoshop:Credit="Terje Borud / Innovasjon Norge"><dc:description><rdf:Alt>
<rdf:li xml:lang="x-default">Fra venstre: Ole Johan Borge og Kathrine Myhre.</rdf:li></rdf:Alt>
</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"""


@pytest.fixture
def journalist_client(client):
    client.force_login(make_journalist())
    return client


# Accepted uploads


def test_a_jpeg_with_an_exif_rotation_is_stored_upright(journalist_client, storage):
    response = post_photo(journalist_client, "mobil.jpg", jpeg_from_camera(), caption="x", credit="y")

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (900, 1600)
    with photo.image.open() as f, Image.open(f) as stored:
        assert stored.size == (900, 1600)
        assert stored.getpixel((450, 100))[0] > 200, "the red (left) half is now on top"


def test_gps_and_camera_metadata_are_gone_from_the_original_and_every_rendition(journalist_client):
    original = jpeg_from_camera()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD), "the test file does carry GPS"

    post_photo(journalist_client, "mobil.jpg", original, caption="x", credit="y")

    photo = Photo.objects.get()
    names = [photo.image.name] + [r["name"] for r in photo.renditions]
    for name in names:
        with default_storage.open(name) as f, Image.open(f) as image:
            exif = image.getexif()
            assert not exif.get_ifd(GPS_IFD), name
            assert MAKE not in exif and ORIENTATION not in exif, name
            assert "exif" not in image.info and "xmp" not in image.info, name


def test_a_png_keeps_its_transparency_in_webp_and_is_flattened_on_white_in_jpeg(journalist_client):
    png = image_bytes("PNG", size=(1000, 500), color=(0, 0, 0, 0), mode="RGBA")

    response = post_photo(journalist_client, "logo.png", png, "image/png", caption="x", credit="y")

    assert response.status_code == 302
    photo = Photo.objects.get()
    webp = next(r for r in photo.renditions if r["format"] == "webp")
    jpeg = next(r for r in photo.renditions if r["format"] == "jpeg")
    with default_storage.open(webp["name"]) as f, Image.open(f) as image:
        assert image.mode == "RGBA" and image.getpixel((5, 5))[3] == 0
    with default_storage.open(jpeg["name"]) as f, Image.open(f) as image:
        assert image.getpixel((5, 5)) == (255, 255, 255)


def test_a_webp_is_accepted(journalist_client):
    response = post_photo(journalist_client, "foto.webp", image_bytes("WEBP", size=(640, 480)), "image/webp")

    assert response.status_code == 302
    assert Photo.objects.get().image.name.endswith(".webp")


# Refused uploads: a clear Norwegian error, and nothing stored


REFUSED = {
    "decompression bomb beyond Pillow's own limit": (
        "bombe.png",
        png_claiming(30_000, 30_000),
        "for mange piksler",
    ),
    "more pixels than the configured limit": ("stor.png", png_claiming(9_000, 9_000), "for mange piksler"),
    "truncated JPEG": ("halv.jpg", image_bytes("JPEG")[:3000], "skadet eller ufullstendig"),
    "text file named .jpg": ("tekst.jpg", b"Dette er ikke et bilde.\n" * 50, "ikke et bilde"),
    "SVG with a script": (
        "tegning.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="9"/></svg>',
        "ikke et bilde",
    ),
    "GIF": ("anim.gif", image_bytes("GIF", size=(40, 40)), "GIF-bilder støttes ikke"),
    "empty file": ("tom.jpg", b"", "tom"),
}


@pytest.mark.parametrize("name, content, message", REFUSED.values(), ids=REFUSED.keys())
def test_a_bad_upload_gets_a_clear_form_error_and_leaves_nothing_behind(
    journalist_client, settings, name, content, message
):
    settings.PHOTO_MAX_PIXELS = 50_000_000

    response = post_photo(journalist_client, name, content, caption="Beholdt bildetekst")

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["image"])
    assert message in errors
    assert "Beholdt bildetekst" in response.content.decode(), "what was typed stays in the form"
    assert not Photo.objects.exists()
    assert media_files(settings) == []


def test_a_file_over_the_byte_limit_is_refused(journalist_client, settings):
    settings.PHOTO_MAX_BYTES = 10_000

    response = post_photo(journalist_client, "stort.jpg", image_bytes("JPEG", size=(2000, 2000)))

    assert "Filen er for stor" in " ".join(response.context["adminform"].form.errors["image"])
    assert media_files(settings) == []


# Renditions


def test_renditions_exist_in_webp_and_jpeg_at_each_width_up_to_the_original(storage):
    photo = make_photo(image=image_upload(size=(1000, 600)))

    sizes = sorted((r["format"], r["width"], r["height"]) for r in photo.renditions)
    assert sizes == [
        ("jpeg", 480, 288),
        ("jpeg", 800, 480),
        ("jpeg", 1000, 600),
        ("webp", 480, 288),
        ("webp", 800, 480),
        ("webp", 1000, 600),
    ]
    for rendition in photo.renditions:
        with default_storage.open(rendition["name"]) as f, Image.open(f) as image:
            assert image.size == (rendition["width"], rendition["height"])
            assert image.format == rendition["format"].upper()


def test_a_large_original_is_capped_at_1600_pixels():
    photo = make_photo(image=image_upload(size=(4000, 2000)))

    assert sorted({r["width"] for r in photo.renditions}) == [480, 800, 1200, 1600]


def test_templates_get_srcset_fallback_and_dimensions_without_a_query(django_assert_num_queries):
    photo = Photo.objects.get(pk=make_photo(image=image_upload(size=(1600, 900))).pk)

    with django_assert_num_queries(0):
        assert photo.webp_srcset.split(", ")[0].endswith("/480.webp 480w")
        assert photo.srcset("jpeg").endswith("/1600.jpg 1600w")
        assert photo.fallback_url.endswith("/1200.jpg")
        assert (photo.width, photo.height) == (1600, 900)


def test_a_photo_shown_again_after_its_renditions_changed_shows_the_new_ones(monkeypatch):
    photo = make_photo(image=image_upload(size=(1600, 900)))
    addresses = []
    monkeypatch.setattr("news.images.storage_url", lambda name: addresses.append(name) or f"/m/{name}")
    first = photo.jpeg_srcset, photo.webp_srcset, photo.fallback_url, photo.thumbnail_url
    assert len(addresses) == len(photo.renditions)  # each address worked out once for the page

    photo.renditions = [r for r in photo.renditions if r["width"] != 1200]  # a rebuild, say
    assert photo.fallback_url.endswith("/800.jpg") and "1200w" not in photo.jpeg_srcset
    photo.refresh_from_db()
    assert (photo.jpeg_srcset, photo.webp_srcset, photo.fallback_url, photo.thumbnail_url) == first


def test_a_thumbnail_is_the_narrowest_jpeg_read_alone_or_from_the_lists():
    photo = make_photo(image=image_upload(size=(1600, 900)))
    alone = Photo.objects.get(pk=photo.pk).thumbnail_url  # without the lists of every format

    assert alone == photo.rendition_url("jpeg", 0) == photo.thumbnail_url
    assert (
        alone.endswith(".jpg")
        and alone == min((r for r in photo.rendition_list("jpeg")), key=lambda r: r["width"])["url"]
    )
    no_jpeg = [r for r in photo.renditions if r["format"] != "jpeg"]
    bare = Photo.objects.get(pk=photo.pk)
    photo.renditions = bare.renditions = no_jpeg
    assert bare.thumbnail_url == photo.thumbnail_url == photo.image.url != alone


def test_editing_a_caption_does_not_remake_renditions(journalist_client, storage):
    photo = make_photo()
    before = photo.renditions

    journalist_client.post(
        reverse("admin:news_photo_change", args=[photo.pk]),
        {"caption": "Ny bildetekst", "credit": photo.credit, "alt_text": photo.alt_text},
    )

    photo.refresh_from_db()
    assert photo.caption == "Ny bildetekst" and photo.renditions == before


def test_rebuild_renditions_is_idempotent_and_reports_progress(storage):
    photos = [make_photo(), make_photo(image=image_upload(size=(600, 400)))]
    Photo.objects.filter(pk=photos[1].pk).update(renditions=[])
    out = io.StringIO()

    call_command("rebuild_renditions", stdout=out)
    first = {p.pk: p.renditions for p in Photo.objects.all()}
    call_command("rebuild_renditions", stdout=io.StringIO())

    assert first == {p.pk: p.renditions for p in Photo.objects.all()}
    assert [r["width"] for r in first[photos[1].pk]] == [480, 480, 600, 600]
    assert "2/2" in out.getvalue()
    for renditions in first.values():
        assert all(default_storage.exists(r["name"]) for r in renditions)


def test_rebuild_renditions_is_silent_at_verbosity_zero():
    make_photo()
    out = io.StringIO()

    call_command("rebuild_renditions", verbosity=0, stdout=out)

    assert out.getvalue() == ""


# Caption and credit from the file


def test_empty_caption_and_credit_are_prefilled_from_iptc(journalist_client):
    jpeg = with_iptc(image_bytes("JPEG"), caption="Olav Åsgård fra klyngen.", byline="Terje Borud")

    response = post_photo(journalist_client, "byraa.jpg", jpeg)

    photo = Photo.objects.get()
    assert (photo.caption, photo.credit) == ("Olav Åsgård fra klyngen.", "Terje Borud")
    assert "hentet fra bildefilen" in [str(m) for m in response.wsgi_request._messages][0]


def test_empty_fields_are_prefilled_from_xmp_but_typed_ones_are_kept(journalist_client):
    jpeg = image_bytes("JPEG", xmp=XMP.encode())

    post_photo(journalist_client, "xmp.jpg", jpeg, credit="Helseinfo")

    photo = Photo.objects.get()
    assert photo.caption == "Fra venstre: Ole Johan Borge og Kathrine Myhre."
    assert photo.credit == "Helseinfo"
    with photo.image.open() as f, Image.open(f) as stored:
        assert "xmp" not in stored.info, "the text was read, then stripped from what readers get"


def test_rebuild_renditions_dry_run_changes_nothing():
    photo = make_photo()
    Photo.objects.filter(pk=photo.pk).update(renditions=[])
    out = io.StringIO()

    call_command("rebuild_renditions", "--dry-run", stdout=out)

    assert Photo.objects.get().renditions == []
    assert "1 bilde ville fått nye versjoner." in out.getvalue()
