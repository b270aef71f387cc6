"""The benchmark's harness at a tiny scale: every page it measures answers, and the table shows them all.
Times are the benchmark's business; here only what can be asserted: statuses, counts, the table."""

import copy
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from PIL import Image

from bench import measure, run
from news import images
from tests.builders import category

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_site(settings):
    settings.DEBUG = True
    category()
    call_command("generate_volume", count=60, yes=True, photo_files=1, verbosity=0)
    settings.DEBUG = False
    settings.ROOT_URLCONF = "bench.urls"


def test_every_page_of_the_table_answers_and_is_measured_cold_and_warm(bench_site):
    result = measure.run(samples=2, sitemap_samples=1)

    assert result["hello_ms"] > 0
    assert set(result["rows"]) == {row.key for row in measure.rows(Client())}
    for key, row in result["rows"].items():
        for mode in ("warm", "cold"):
            assert row[mode]["statuses"] == [200], (key, mode)
            assert row[mode]["samples"] >= 1 and row[mode]["ratio"] > 0, (key, mode)
            # Each row's multiple is against the hello view timed between its own requests.
            assert row[mode]["floor_ms"] > 0, (key, mode)
            ratio = row[mode]["median_ms"] / row[mode]["floor_ms"]
            assert row[mode]["ratio"] == pytest.approx(ratio, rel=0.05), (key, mode)
    assert result["rows"]["article"]["cold"]["queries"] > 0


def test_the_table_puts_each_page_beside_its_target_at_each_scale(bench_site):
    scale = measure.run(samples=1, sitemap_samples=1)
    # At the larger scale an article takes the same milliseconds against a floor timed half as long
    # (the machine ran faster then): twice the multiple, and that is the growth the table shows.
    larger = copy.deepcopy(scale)
    larger["rows"]["article"]["warm"]["ratio"] = 2 * scale["rows"]["article"]["warm"]["ratio"]
    upload = {"seconds": 0.8, "cpu_seconds": 0.7, "peak_mb": 150, "before_mb": 80}
    result = {"scales": {"10000": scale, "100000": larger}, "uploads": {"24 MP": upload | {"width": 6000}}}
    result["uploads"]["24 MP"] |= {"height": 4000, "renditions": 8}

    table = run.table(result)

    lines = table.splitlines()
    assert lines[0].startswith("| page | target | 10,000 warm | 100,000 warm | 10,000 cold | 100,000 cold")
    assert "| admin article changelist | ≤ 60× |" in table
    assert lines[0].endswith("| growth 10,000 → 100,000 (warm multiples) |")
    (article,) = [line for line in lines if line.startswith("| article, distinct articles |")]
    assert article.endswith("| ×2.00 |"), "growth is of the multiples, each against its own floor"
    assert "Upload 24 MP: 0.80 s" in table
    assert "Each multiple is against the hello view timed between that row's own requests" in table
    if connection.vendor == "postgresql":  # what PostgreSQL's own memory holds of the database
        assert scale["database_mb"] > 0 and scale["shared_buffers_mb"] > 0
        assert f"PostgreSQL's shared_buffers: {scale['shared_buffers_mb']:,} MB" in table
    rows = [line for line in lines if line.startswith("| ")]
    assert len(rows) == 2 + len(scale["rows"]), "the head, the rule, a row per page"


def test_an_upright_camera_jpeg_is_stored_as_it_came_without_its_metadata():
    """The fast path of an upload: no decoding at full size, no second encoding of the original."""
    picture = Image.new("RGB", (2400, 1600), (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "Kamerafabrikken"
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=95, exif=exif, comment=b"et kamera")
    camera = buffer.getvalue()

    stored, renditions = images.prepare(SimpleUploadedFile("kamera.jpg", camera, "image/jpeg"))

    data = stored.read()
    start_of_scan = camera.index(b"\xff\xda")
    assert data.endswith(camera[start_of_scan:]), "the compressed picture is copied, not encoded again"
    with Image.open(io.BytesIO(data)) as image:
        assert "exif" not in image.info and "comment" not in image.info
        assert image.size == (2400, 1600)
    assert sorted({width for _, _, width, _, _ in renditions}) == [480, 800, 1200, 1600]
