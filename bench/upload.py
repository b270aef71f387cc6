"""Time one photo upload through the admin, as a journalist makes it: the add form posted with a
camera-sized JPEG, checked, stored and its renditions made by news/images.py.

Run as its own process (`python -m bench.upload 24`), so that the peak memory it reports
(getrusage's maxrss) is this upload's, not the benchmark's. Everything happens in a transaction that
is rolled back at the end: no row stays, and the rollback deletes the files it wrote.
"""

import io
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

from PIL import Image, ImageCms, ImageDraw

SIZES = {24: (6000, 4000), 49: (8600, 5700)}
GPS_IFD, ORIENTATION, MAKE = 0x8825, 0x0112, 0x010F


def test_file(megapixels, folder):
    """A camera-like JPEG (detail and noise, EXIF with GPS, an sRGB profile), made once."""
    path = Path(folder) / f"upload-{megapixels}mp.jpg"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        width, height = SIZES[megapixels]
        exif = Image.Exif()
        exif[ORIENTATION], exif[MAKE] = 1, "Kamerafabrikken"
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (59.0, 54.0, 43.0), 3: "E", 4: (10.0, 45.0, 12.0)})
        srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
        picture(width, height).save(path, "JPEG", quality=92, exif=exif, icc_profile=srgb)
    return path


def picture(width, height, seed=24):
    """Soft colour fields, grain and sharp edges: roughly the detail of a photo, so the encoders work."""
    rng = random.Random(seed)
    field = Image.new("RGB", (48, 32))
    field.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(48 * 32)])
    image = field.resize((width, height), Image.Resampling.BICUBIC)
    image = Image.blend(image, Image.effect_noise((width, height), 24).convert("RGB"), 0.18)
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(width // 60, width // 8)
        draw.ellipse((x - r, y - r, x + r, y + r), outline=(rng.randrange(256),) * 3, width=max(2, r // 20))
    return image


def megabytes_peak():
    """The process's peak resident memory since start, or since reset_peak()."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def megabytes_now():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0


def reset_peak():
    """Start the peak over from the memory in use now (Linux 4.0 and later), so that it is the
    upload's and not that of the page the journalist opened first."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def measure(path):
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from news.models import Photo

    class RolledBack(Exception):
        pass

    content = Path(path).read_bytes()
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_superuser("bench-upload", password=None)
            client = Client()
            client.force_login(user)
            # A server that has served pages and an upload before: imports, URL patterns, templates,
            # Pillow's plugins are loaded.
            client.get(reverse("admin:news_photo_add"))
            small = io.BytesIO()
            picture(800, 600).save(small, "JPEG")
            warm_up = {
                "image": SimpleUploadedFile("liten.jpg", small.getvalue(), "image/jpeg"),
                "alt_text": "Et bilde.",
            }
            client.post(reverse("admin:news_photo_add"), warm_up)
            data = {
                "image": SimpleUploadedFile(Path(path).name, content, "image/jpeg"),
                "alt_text": "Et bilde.",
            }
            warm_peak = megabytes_peak()
            reset_peak()
            before = megabytes_now()
            start, cpu_start = time.perf_counter(), time.process_time()
            response = client.post(reverse("admin:news_photo_add"), data)
            seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
            peak = megabytes_peak()
            if response.status_code != 302:
                raise SystemExit(f"The upload was refused ({response.status_code}).")
            photo = Photo.objects.latest("pk")
            result = {
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu_seconds, 3),
                "peak_mb": round(peak),
                "before_mb": round(before),
                "add_page_peak_mb": round(warm_peak),
                "bytes": len(content),
                "width": photo.width,
                "height": photo.height,
                "renditions": len(photo.renditions),
            }
            raise RolledBack
    except RolledBack:
        pass
    return result


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    print(json.dumps(measure(sys.argv[1])))
