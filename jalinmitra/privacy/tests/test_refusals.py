"""Who may act (PermissionDenied, with the reason) against what is valid (ValidationError, with
a code), in the privacy services."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from jalinmitra.privacy import services
from jalinmitra.privacy.models import DeletionRequest


def test_a_visitor_may_not_ask_or_download(db):
    with pytest.raises(PermissionDenied, match="Masuk dulu"):
        services.deletion_request_create(actor=AnonymousUser())
    with pytest.raises(PermissionDenied, match="Masuk dulu"):
        services.personal_data_export(actor=AnonymousUser())
    assert not DeletionRequest.objects.exists()


def test_wrong_person_and_wrong_state_are_told_apart(dewi, alice, officer, officer2):
    request = services.deletion_request_create(actor=dewi[0])
    with pytest.raises(ValidationError) as e:
        services.deletion_request_create(actor=dewi[0])
    assert e.value.code == "duplicate"
    with pytest.raises(PermissionDenied, match="Hanya petugas yang menangani"):
        services.deletion_request_refuse(actor=alice[0], request=request, reason="x")
    with pytest.raises(ValidationError) as e:
        services.deletion_request_record(actor=officer, business=dewi[1])
    assert e.value.code == "duplicate"
    services.deletion_request_refuse(actor=officer, request=request, reason="Masih ada perjanjian")
    with pytest.raises(ValidationError) as e:
        services.deletion_request_refuse(actor=officer2, request=request, reason="lagi")
    assert e.value.code == "state"
    with pytest.raises(PermissionDenied, match="NIK lengkap"):
        services.business_nik_reveal(actor=dewi[0], business=dewi[1])
