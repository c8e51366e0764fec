"""Erasure and retention remove an offer photo's thumbnails too, not only the photo."""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

from jalinmitra.businesses.choices import VerificationStatus
from jalinmitra.businesses.models import Business
from jalinmitra.catalogue.models import Thumbnail
from jalinmitra.catalogue.tests.conftest import shop  # noqa: F401  (the fixture)
from jalinmitra.privacy import services


def _thumbnail_files(offer) -> list[str]:
    return list(Thumbnail.objects.filter(photo__offer=offer).values_list("image", flat=True))


def test_retention_removes_the_thumbnails_of_a_deleted_draft(
    shop,  # noqa: F811
    settings,
    django_capture_on_commit_callbacks,
):
    names = _thumbnail_files(shop.offer)
    assert len(names) == 3 and all(default_storage.exists(n) for n in names)
    # The business fell back to a draft nobody touched for 400 days.
    Business.objects.filter(pk=shop.business.pk).update(
        status=VerificationStatus.DRAFT, updated_at=timezone.now() - timedelta(days=400)
    )
    settings.PRIVACY_RETENTION_UNVERIFIED_DAYS = 365
    with django_capture_on_commit_callbacks(execute=True):
        report = services.retention_apply()
    assert report.deleted + report.anonymised == 1
    assert not Thumbnail.objects.exists()
    assert not any(default_storage.exists(n) for n in names)


def test_erasing_a_business_removes_its_thumbnails(
    shop,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    names = _thumbnail_files(shop.offer)
    assert all(default_storage.exists(n) for n in names)
    one = Business.objects.filter(pk=shop.business.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services._erase_businesses(one, services._scrubber_for(one, "Dihapus"), "Dihapus")
    assert not Thumbnail.objects.exists()
    assert not any(default_storage.exists(n) for n in names)
