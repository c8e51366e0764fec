"""Limits on what a user types or uploads, shared by every app.

- Text: every TextField carries a MaxLengthValidator (:func:`text_max`); services check the
  values they are given with :func:`lengths_check` before writing, because a plain
  ``Model.objects.create`` enforces neither a CharField's max_length (SQLite) nor a
  TextField's validators.
- Images: :func:`image_open` reads only the header and refuses a picture above
  ``IMAGE_MAX_PIXELS`` before decoding a single pixel (a 20 KB PNG can declare 13000×13000
  pixels and take 750 MB once decoded).
- Spreadsheets: see :mod:`jalinmitra.core.spreadsheets`.
"""

import warnings
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# Lengths of free text, in characters.
DESCRIPTION_MAX_LENGTH = 2000  # a business's, an offer's or a need's description
REASON_MAX_LENGTH = 1000  # why a submission was returned, why something was refused
LONG_TEXT_MAX_LENGTH = 10_000  # clauses of an agreement and the like

# A 48-megapixel phone photo is 8000×6000; nothing we show needs more.
IMAGE_MAX_PIXELS = 50_000_000
IMAGE_MAX_BYTES = 5 * 1024 * 1024

# Pillow itself refuses (DecompressionBombError) above twice this; our own check comes first
# with a clearer message.
Image.MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS


def text_max(length: int) -> list[MaxLengthValidator]:
    """Validators for a TextField of at most `length` characters."""
    return [MaxLengthValidator(length)]


def max_length_of(field: models.Field) -> int | None:
    if getattr(field, "max_length", None):
        return field.max_length
    limits = [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
    return min(limits) if limits else None


def too_long_message(limit: int, length: int) -> str:
    return _("Terlalu panjang: paling banyak %(max)s karakter (sekarang %(len)s).") % {
        "max": f"{limit:,}".replace(",", "."),
        "len": f"{length:,}".replace(",", "."),
    }


def lengths_check(model: type[models.Model], data: dict[str, Any]) -> dict[str, str]:
    """{field: message} for every text value in `data` longer than its model field allows."""
    errors: dict[str, str] = {}
    for name, value in data.items():
        if not isinstance(value, str):
            continue
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - not a model field (e.g. a form-only key)
            continue
        if not isinstance(field, models.Field):
            continue  # a relation seen from the other side holds no text
        limit = max_length_of(field)
        if limit is not None and len(value) > limit:
            errors[name] = too_long_message(limit, len(value))
    return errors


def image_open(upload, *, field: str = "image", max_pixels: int = IMAGE_MAX_PIXELS):
    """Open an uploaded image lazily and check its declared size before anything is decoded.

    Returns the (not yet loaded) PIL image; raises ValidationError on `field` for a file that
    is not an image, or is larger than `max_pixels` or IMAGE_MAX_BYTES."""
    size = getattr(upload, "size", None)
    if size is not None and size > IMAGE_MAX_BYTES:
        raise ValidationError(
            {field: _("Gambar terlalu besar: paling besar %(mb)s MB.") % {"mb": 5}}, code="size"
        )
    try:
        if hasattr(upload, "seek"):
            upload.seek(0)
        with warnings.catch_warnings():
            # Between the limit and twice it Pillow only warns; the check below refuses.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(upload)  # reads the header only
    except Image.DecompressionBombError as e:
        raise ValidationError({field: _pixels_message(max_pixels)}, code="pixels") from e
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise ValidationError(
            {field: _("Berkas bukan gambar JPG, PNG, atau WEBP.")}, code="not_image"
        ) from e
    width, height = image.size
    if width * height > max_pixels or width <= 0 or height <= 0:
        image.close()
        raise ValidationError({field: _pixels_message(max_pixels, width, height)}, code="pixels")
    return image


def _pixels_message(max_pixels: int, width: int = 0, height: int = 0) -> str:
    megapixels = max_pixels // 1_000_000
    if width and height:
        return _(
            "Ukuran gambar terlalu besar (%(w)s × %(h)s piksel); paling besar %(mp)s megapiksel. "
            "Perkecil gambar lalu unggah lagi."
        ) % {"w": width, "h": height, "mp": megapixels}
    return _(
        "Ukuran gambar terlalu besar; paling besar %(mp)s megapiksel. "
        "Perkecil gambar lalu unggah lagi."
    ) % {"mp": megapixels}
