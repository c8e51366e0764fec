"""The verification workflow table (businesses/workflow.py) is what the services and the
business page's buttons use."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jalinmitra.businesses import services
from jalinmitra.businesses.choices import VerificationStatus
from jalinmitra.businesses.models import Business
from jalinmitra.businesses.workflow import BUSINESS_FLOW


def _buttons(client, business) -> list[str]:
    html = client.get(reverse("businesses:detail", args=[business.pk])).content.decode()
    return re.findall(r'data-action="([a-z_]+)"', html)


@pytest.mark.parametrize("status", VerificationStatus.values)
def test_page_buttons_are_exactly_the_allowed_moves(client_of, officer, alice, status):
    user, business = alice
    Business.objects.filter(pk=business.pk).update(status=status)
    business.refresh_from_db()
    for viewer in (user, officer):
        allowed = [a.name for a in BUSINESS_FLOW.available(business, viewer)]
        assert _buttons(client_of(viewer), business) == allowed
    assert ("verify" in allowed) == (status != VerificationStatus.VERIFIED)


def test_services_refuse_as_the_table_says(officer, alice, bob):
    user, business = alice
    with pytest.raises(PermissionDenied, match="Hanya petugas yang dapat memverifikasi"):
        services.business_verify(actor=user, business=business)
    with pytest.raises(PermissionDenied):
        services.business_submit(actor=bob[0], business=business)
    services.business_verify(actor=officer, business=business)
    with pytest.raises(ValidationError) as e:
        services.business_verify(actor=officer, business=business)
    assert e.value.code == "state"
    with pytest.raises(ValidationError) as e:
        services.business_submit(actor=user, business=business)
    assert e.value.code == "state"
    services.business_return(actor=officer, business=business, reason="NIB salah")
    assert business.status == BUSINESS_FLOW["return"].dst
