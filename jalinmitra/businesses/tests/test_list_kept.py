"""The officers' business list keeps its count and rows per query and language
(core.pagecache.kept) until anything they show is written: each change below shows on the very
next visit, and nobody but an officer ever gets the kept rows."""

import re
from datetime import timedelta

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from jalinmitra.businesses import services, views
from jalinmitra.businesses.models import Business, BusinessKbli
from jalinmitra.core import reference
from jalinmitra.core.models import AuditLog, City, Region
from jalinmitra.core.services import audit_record
from jalinmitra.testing import numbered_business

URL = reverse("businesses:list")


def _page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def _unmasked(html: str) -> str:
    """The page without its CSRF tokens (masked afresh on every response)."""
    return re.sub(r'(csrf-token" content="|csrfmiddlewaretoken" value=")\w+', r"\1", html)


@pytest.fixture
def listed(client, officer):
    business = numbered_business(officer, 1)
    client.force_login(officer)
    html = _page(client)
    assert "Usaha Uji 001" in html and _unmasked(_page(client)) == _unmasked(html)
    return business


@pytest.mark.django_db
def test_renamed_business_shows_at_once(client, officer, listed):
    services.business_update(actor=officer, business=listed, data={"name": "Usaha Ganti Nama"})
    html = _page(client)
    assert ">Usaha Ganti Nama</a>" in html and ">Usaha Uji 001</a>" not in html


@pytest.mark.django_db
def test_new_business_and_count_show_at_once(client, officer, listed):
    assert "1 usaha" in _page(client)
    numbered_business(officer, 2)
    html = _page(client)
    assert "Usaha Uji 002" in html and "2 usaha" in html


@pytest.mark.django_db
def test_certificate_added_shows_at_once(client, officer, listed):
    services.certification_add(
        actor=officer,
        business=listed,
        kind="halal",
        number="H-1",
        expires_on=timezone.localdate() + timedelta(days=30),
    )
    assert '<span class="badge ok">Halal' in _page(client)


@pytest.mark.django_db
def test_write_without_a_signal_but_with_its_audit_row_shows_at_once(client, officer, listed):
    """A QuerySet.update sends no signal; the audit row every service writes changes the stamp."""
    Business.objects.filter(pk=listed.pk).update(name="Usaha Tanpa Sinyal")
    audit_record(actor=officer, action="business.update", obj=listed, business=listed)
    assert "Usaha Tanpa Sinyal" in _page(client)


@pytest.mark.django_db
def test_reference_data_written_shows_at_once(client, officer, listed):
    """The kelurahan's name (a Region row) and the KBLI link are watched too."""
    Region.objects.filter(code="18.72.01.1001").get().save()  # a save renews the token
    region = Region.objects.get(code="18.72.01.1001")
    region.name = "Kelurahan Baru"
    region.save()
    assert "Kelurahan Baru" in _page(client)
    link = BusinessKbli.objects.get(business=listed, is_primary=True)
    link.delete()
    assert "10794" not in _page(client)


@pytest.mark.django_db
def test_kept_per_query_and_language(client, officer, listed):
    numbered_business(officer, 2, name="Warung Lain")
    assert "Warung Lain" not in _page(client, q="Usaha Uji")
    assert "Warung Lain" in _page(client, q="Warung")
    client.cookies["django_language"] = "en"
    english = _page(client)
    assert "Verified" in english
    client.cookies["django_language"] = "id"
    assert "Terverifikasi" in _page(client)


@pytest.mark.django_db
def test_kept_rows_never_reach_anyone_but_an_officer(client, officer, alice, listed):
    """The rows are kept after an officer's visit; a business user and an anonymous visitor
    are still refused before anything kept is read."""
    assert AuditLog.objects.exists()
    user, _business_of_alice = alice
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 403
    assert "Usaha Uji 001" not in response.content.decode()
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302
    assert "Usaha Uji 001" not in response.content.decode()


# The filter fields as list.html rendered them before they moved to businesses/_filters.html.
OLD_FIELDS = """  <div class="field wide">{{ form.q.label_tag }}{{ form.q }}</div>
  <div class="field">{{ form.size.label_tag }}{{ form.size }}</div>
  <div class="field">{{ form.kecamatan.label_tag }}{{ form.kecamatan }}</div>
  <div class="field">{{ form.kategori.label_tag }}{{ form.kategori }}</div>
  <div class="field">{{ form.status.label_tag }}{{ form.status }}</div>
  <div class="field">{{ form.cert.label_tag }}{{ form.cert }}</div>
"""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, params",
    [
        ("id", {}),
        ("en", {}),
        ("id", {"q": 'Warung "<Sri>" & anak', "size": "mikro", "kecamatan": "18.72.01"}),
        ("en", {"status": "bukan-status", "cert": "halal", "kategori": "C"}),
    ],
)
def test_filter_fields_are_the_html_the_form_gave(client, officer, language, params):
    client.force_login(officer)
    client.cookies["django_language"] = language
    with translation.override(language):
        form = views.filter_form(RequestFactory().get(URL, params))
        expected = engines["django"].from_string(OLD_FIELDS).render({"form": form})
    assert 'name="q"' in expected
    for _visit in range(2):  # worked out, then (unbound) kept
        html = _page(client, **params)
        assert '<form method="get" class="card filters"' in html
        assert f'hx-push-url="true">\n{expected}  <div class="field"><button' in html


@pytest.mark.django_db
def test_new_kecamatan_shows_in_the_kept_filter(client, officer):
    client.force_login(officer)
    assert "Kecamatan Uji Baru" not in _page(client)
    city = City.objects.select_related("region").get()
    Region.objects.create(
        code=f"{city.region.code}.99",
        level="kecamatan",
        name="Kecamatan Uji Baru",
        parent=city.region,
    )
    reference.reference_clear()  # what another process does within REFERENCE_TTL
    assert ">Kecamatan Uji Baru</option>" in _page(client)
    reference.reference_clear()  # no copy of this test's region left for the next tests
