"""The demo's privacy section: one pending deletion request in the officers' queue."""

from django.urls import reverse

from jalinmitra.demo.privacy import DEMO_USERNAME, privacy_demo_create
from jalinmitra.privacy.models import DeletionRequest
from jalinmitra.testing import make_business


def test_demo_has_a_pending_request_in_the_officers_queue(client, officer, alice):
    free = make_business(
        officer=officer, name="Abon Sapi Bu Ani", nik="1872014506900016", verified=True
    )
    request = privacy_demo_create(officer=officer)
    assert request.is_pending and not request.is_overdue
    assert request.requested_by.username == DEMO_USERNAME
    assert request.requested_by.businesses.get() == free  # never a demo login's business
    assert privacy_demo_create(officer=officer) == request  # idempotent
    assert DeletionRequest.objects.count() == 1
    client.force_login(officer)
    assert str(request) in client.get(reverse("privacy:queue")).content.decode()
