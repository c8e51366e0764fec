"""WebP thumbnails of offer photos at a few widths, made once per photo (after the upload's
commit, through businesses.hooks.offer_photo_saved, or by `manage.py catalogue_thumbnails` for
photos stored before). They are derived copies, not records: no audit row, and making them
again gives the same files."""

import logging
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from PIL import Image, ImageOps

from jalinmitra.businesses.models import OfferPhoto
from jalinmitra.catalogue.models import Thumbnail
from jalinmitra.core.notify import delete_files_after_commit

logger = logging.getLogger(__name__)

# 2-3 widths: a card on a 360 px phone (1x and 2x) and the product page.
WIDTHS = (160, 320, 640)
QUALITY = 72


def webp_bytes(image: Image.Image, width: int) -> tuple[bytes, int, int]:
    """`image` scaled down to `width` (never up) as WebP: (bytes, width, height)."""
    copy = image.copy()
    if copy.width > width:
        height = max(1, round(copy.height * width / copy.width))
        copy = copy.resize((width, height), Image.Resampling.LANCZOS)
    if copy.mode not in ("RGB", "RGBA"):
        copy = copy.convert("RGB")
    out = BytesIO()
    copy.save(out, "WEBP", quality=QUALITY, method=4)
    return out.getvalue(), copy.width, copy.height


def thumbnails_make(photo: OfferPhoto, *, again: bool = False) -> int:
    """Make the missing thumbnails of one photo (all of them if `again`). Returns how many."""
    have = {t.width: t for t in photo.thumbnails.all()}
    wanted = [w for w in WIDTHS if again or w not in have]
    if not wanted:
        return 0
    try:
        with photo.image.open("rb") as f:
            image = ImageOps.exif_transpose(Image.open(f))
            image.load()
    except (OSError, ValueError):
        logger.warning("Photo %s cannot be read; no thumbnails", photo.pk)
        return 0
    made = 0
    for width in wanted:
        data, w, h = webp_bytes(image, width)
        old = have.get(width)
        try:
            with transaction.atomic():
                if old is not None:
                    old.image.delete(save=False)
                    old.delete()
                thumb = Thumbnail(photo=photo, width=width, height=h)
                thumb.image.save(f"photo-{photo.pk}-{width}.webp", ContentFile(data), save=False)
                thumb.save()
                made += 1
        except IntegrityError:  # made at the same moment by another process
            continue
    return made


def thumbnails_for_offer(*, offer_id: int) -> None:
    """The businesses.hooks.offer_photo_saved hook: thumbnails for the offer's new photos.
    A failure is logged; the upload itself stands (the command can make them later)."""
    try:
        for photo in OfferPhoto.objects.filter(offer_id=offer_id).prefetch_related("thumbnails"):
            thumbnails_make(photo)
    except Exception:
        logger.exception("Thumbnails for offer %s failed", offer_id)


def thumbnails_forget(*, photo_ids: list[int]) -> None:
    """The businesses.hooks.offer_photo_deleted hook: the photos' thumbnail rows go with them
    (cascade); their files are removed once that deletion is committed (a rolled-back one keeps
    them)."""
    names = Thumbnail.objects.filter(photo_id__in=photo_ids).values_list("image", flat=True)
    delete_files_after_commit(list(names))


THUMBS_DIR = "offers/thumbs"


def thumbnails_orphaned() -> list[str]:
    """Thumbnail files on disk that no Thumbnail row names (photos deleted by a path that does
    not run the hook, e.g. a whole business erased)."""
    from django.core.files.storage import default_storage

    try:
        _dirs, files = default_storage.listdir(THUMBS_DIR)
    except FileNotFoundError:
        return []
    known = set(Thumbnail.objects.values_list("image", flat=True))
    return sorted(f"{THUMBS_DIR}/{name}" for name in files if f"{THUMBS_DIR}/{name}" not in known)
