"""Exercise pictures as uploaded by clinic admins: each upload is read as an image (anything else is
refused with a message next to the field), turned upright, shrunk to at most MAX_WIDTH pixels wide,
re-encoded in its own format, and named by its content.

Re-encoding drops everything but the pixels: EXIF (camera, place and time a photo was taken), comments
and other metadata never reach a patient. The content name means a changed picture gets a new file, so
the picture's address can be cached by browsers without serving a stale one (the ETag is the name).
"""

from __future__ import annotations

import hashlib
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_WIDTH = 800
# The image formats accepted, with the extension each is stored under (models.PICTURE_TYPES serves them).
FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
NOT_A_PICTURE = "This file is not a PNG, JPEG or WebP picture: save it as one of those and upload it again."


def prepared_picture(upload) -> ContentFile:
    """The upload, checked, resized and re-encoded, as a file named <content hash>.<extension>."""
    try:
        with Image.open(upload) as probe:
            probe.verify()  # a truncated or forged file fails here
        upload.seek(0)
        image = Image.open(upload)
        source_format = image.format
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(NOT_A_PICTURE) from error
    if source_format not in FORMATS:
        raise ValidationError(NOT_A_PICTURE)
    image = ImageOps.exif_transpose(image)  # a phone photo taken sideways stays upright without its EXIF
    if image.width > MAX_WIDTH:
        image = image.resize((MAX_WIDTH, max(1, round(image.height * MAX_WIDTH / image.width))), Image.LANCZOS)
    data = _encoded(image, source_format)
    return ContentFile(data, name=f"{hashlib.sha256(data).hexdigest()[:20]}.{FORMATS[source_format]}")


def _encoded(image: Image.Image, image_format: str) -> bytes:
    output = BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(output, "JPEG", quality=85, optimize=True, progressive=True)
    elif image_format == "PNG":
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(output, "PNG", optimize=True)
    else:
        image.save(output, "WEBP", quality=85)
    return output.getvalue()
