"""The Content-Security-Policy and the other security headers on the logged-in page types of
every app (issue 14); anonymous pages are covered in jalinmitra/core/tests/test_hardening.py."""

import pytest
from django.urls import reverse

from jalinmitra.businesses.services import need_create
from jalinmitra.core.tests.test_hardening import assert_hardened


@pytest.mark.django_db
def test_headers_on_officer_pages(client_of, officer, alice, carol):
    c = client_of(officer)
    need = need_create(actor=officer, business=carol[1], data={"title": "Kopi robusta"})
    for url in (
        reverse("businesses:list"),
        reverse("businesses:queue"),
        reverse("matching:need", args=[need.pk]),
        reverse("events:list"),
        reverse("agreements:list"),
        reverse("privacy:queue"),
        reverse("accounts:two_factor"),
        reverse("accounts:two_factor_setup"),
    ):
        response = c.get(url)
        assert response.status_code == 200, url
        assert_hardened(response)
    htmx = c.get(reverse("businesses:list"), HTTP_HX_REQUEST="true")
    assert_hardened(htmx)


@pytest.mark.django_db
def test_headers_on_owner_pages_and_refusals(client_of, alice):
    owner, business = alice
    c = client_of(owner)
    for url in (reverse("businesses:mine"), reverse("privacy:mine")):
        response = c.get(url)
        assert response.status_code == 200, url
        assert_hardened(response)
    refused = c.get(reverse("businesses:queue"))
    assert refused.status_code == 403
    assert_hardened(refused)
