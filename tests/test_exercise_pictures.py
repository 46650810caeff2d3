"""Exercise pictures (issue 16): an upload in Django admin is checked, resized to at most 800 px wide,
re-encoded without its EXIF, and served with its type, caching and an ETag; S3-compatible storage is one
setting away; the demo library comes with its own line drawings."""

from __future__ import annotations

import io
import subprocess
import sys
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from intake.demo.drawings import DRAWINGS, drawing
from intake.demo.library import EXERCISES
from intake.models import Exercise, ItemKind
from intake.pictures import MAX_WIDTH, prepared_picture
from tests.servers import ROOT
from tests.staff_support import load_library

pytestmark = pytest.mark.django_db
GPS_TAG, MAKE_TAG = 0x8825, 0x010F


def photo(width: int, height: int, image_format: str = "JPEG", *, orientation: int | None = None) -> bytes:
    """A camera-like photo: EXIF with the camera's make and a GPS block (and its orientation)."""
    image = Image.new("RGB", (width, height), (200, 120, 40))
    exif = Image.Exif()
    exif[MAKE_TAG] = "PhoneCam"
    exif[GPS_TAG] = {1: "N", 2: (51.0, 30.0, 0.0)}
    if orientation:
        exif[0x0112] = orientation
    output = io.BytesIO()
    image.save(output, image_format, exif=exif.tobytes())
    return output.getvalue()


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_a_large_photo_is_shrunk_to_800_pixels_wide_and_loses_its_exif():
    picture = prepared_picture(upload("garden.jpg", photo(2400, 1600)))
    image = Image.open(io.BytesIO(picture.read()))
    assert (image.format, image.size) == ("JPEG", (MAX_WIDTH, 533))
    assert not image.getexif() and "exif" not in image.info
    assert picture.name.endswith(".jpg") and "garden" not in picture.name


def test_a_sideways_phone_photo_is_turned_upright():
    picture = prepared_picture(upload("sideways.jpg", photo(400, 300, orientation=6)))
    assert Image.open(io.BytesIO(picture.read())).size == (300, 400)


def test_a_small_png_keeps_its_size_and_format():
    output = io.BytesIO()
    Image.new("RGBA", (320, 200), (0, 0, 0, 0)).save(output, "PNG")
    image = Image.open(io.BytesIO(prepared_picture(upload("a.png", output.getvalue(), "image/png")).read()))
    assert (image.format, image.size, image.mode) == ("PNG", (320, 200), "RGBA")


@pytest.mark.parametrize(
    "data",
    [b"<script>alert(1)</script>", photo(100, 100)[:200], b"GIF89a" + b"\0" * 40],
    ids=["html", "truncated", "gif"],
)
def test_a_file_that_is_not_a_png_jpeg_or_webp_picture_is_refused(data):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="not a PNG, JPEG or WebP picture"):
        prepared_picture(upload("x.jpg", data))


@pytest.fixture
def library(db):
    load_library()


def admin_post(client, exercise: Exercise, picture) -> object:
    data = {
        "code": exercise.code,
        "name": exercise.name,
        "kind": exercise.kind,
        "is_active": "on",
        "patient_instructions": exercise.patient_instructions,
        "time_of_day": exercise.time_of_day,
        "frequency": exercise.frequency,
        "duration": exercise.duration,
        "staff_notes": exercise.staff_notes,
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
        "picture": picture,
    }
    return client.post(reverse("admin:intake_exercise_change", args=[exercise.pk]), data)


def test_an_admin_upload_is_stored_resized_and_served_with_type_caching_and_etag(clinic_admin_client, client, library):
    exercise = Exercise.objects.get(code="PF-02")
    response = admin_post(clinic_admin_client, exercise, upload("stretch.jpg", photo(1600, 1200)))
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    exercise.refresh_from_db()
    assert exercise.picture.name.startswith("exercises/") and exercise.picture.name.endswith(".jpg")
    url = reverse("exercise_picture", args=[exercise.pk])
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=86400"
    served = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert served.size == (MAX_WIDTH, 600) and not served.getexif()
    # The browser asks again with the ETag it has: nothing is sent.
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == HTTPStatus.NOT_MODIFIED and not again.content
    assert again["Cache-Control"] == "public, max-age=86400"


def test_an_admin_upload_that_is_not_a_picture_is_refused_next_to_the_field(clinic_admin_client, library):
    exercise = Exercise.objects.get(code="PF-02")
    response = admin_post(clinic_admin_client, exercise, upload("stretch.jpg", b"not an image at all"))
    assert response.status_code == HTTPStatus.OK
    assert "not a PNG, JPEG or WebP picture" in response.content.decode()
    exercise.refresh_from_db()
    assert not exercise.picture


def test_seed_demo_gives_every_demo_exercise_its_own_drawing_once(client):
    call_command("seed_demo", stdout=io.StringIO())
    drawn = Exercise.objects.exclude(picture="")
    expected = {spec["code"] for spec in EXERCISES if spec["kind"] == ItemKind.EXERCISE}
    assert set(drawn.values_list("code", flat=True)) == expected == set(DRAWINGS)
    names = dict(drawn.values_list("code", "picture"))
    call_command("seed_demo", stdout=io.StringIO())
    assert dict(Exercise.objects.exclude(picture="").values_list("code", "picture")) == names
    response = client.get(reverse("exercise_picture", args=[drawn.get(code="HS-03").pk]))
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (800, 600)


@pytest.mark.parametrize("code", sorted(DRAWINGS))
def test_the_committed_drawings_are_the_ones_the_module_draws(code):
    from intake.demo.drawings import picture_path

    committed = Image.open(picture_path(code))
    assert committed.size == (800, 600)
    assert committed.tobytes() == drawing(code).tobytes()


def test_setting_a_bucket_keeps_the_pictures_in_s3_compatible_storage():
    """The settings as a deployment reads them (another process, so the environment is its own)."""
    script = (
        "import django; django.setup();"
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__module__, type(s).__name__, s.bucket_name, s.endpoint_url, s.default_acl, s.location)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "DJANGO_READ_ENV_FILE": "false",
        "DEBUG": "true",
        "MEDIA_S3_BUCKET": "clinic-pictures",
        "MEDIA_S3_ENDPOINT_URL": "https://s3.example.org",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == [
        "storages.backends.s3",
        "S3Storage",
        "clinic-pictures",
        "https://s3.example.org",
        "private",
        "media",
    ]
    del env["MEDIA_S3_BUCKET"]
    default = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup();"
            "from django.core.files.storage import storages; print(type(storages['default']).__name__)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert default.stdout.strip() == "FileSystemStorage"
