"""The officers' business list under load (issue 14): a fixed set of queries, reference data
(city, kecamatan, KBLI categories) read once per process, rows rendered without a URL reversal
or a choices dict per row, and the same HTML as Django's own helpers would give."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from jalinmitra.businesses.models import Business
from jalinmitra.core import reference
from jalinmitra.core.models import City
from jalinmitra.testing import make_business


def _businesses(officer, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        make_business(
            officer=officer,
            name=f"Usaha Uji {i:03d}",
            nib=f"91{i:011d}",
            nik=f"187201450690{i + 1:04d}",
            whatsapp="081234567890",
            region="18.72.01.1001",
            modal_usaha=30_000_000,
            hasil_penjualan=200_000_000,
            kbli="10794",
            verified=True,
        )


@pytest.mark.django_db
def test_list_makes_seven_queries_and_none_for_reference_data(client, officer):
    _businesses(officer, 3)
    client.force_login(officer)
    url = reverse("businesses:list")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    sql = [q["sql"] for q in ctx.captured_queries]
    # session, user, count, unread notifications, the page, its KBLI links, its certificates
    assert len(sql) <= 7, sql
    for table in ('"core_city"', '"core_region"', '"core_kblicode" WHERE', '"core_office"'):
        assert not [q for q in sql if f"FROM {table}" in q], table
    html = response.content.decode()
    assert 'value="18.72.01"' in html  # the kecamatan filter still lists the city's kecamatan
    assert '<option value="C">C ' in html  # and the KBLI categories


@pytest.mark.django_db
def test_list_rows_render_like_djangos_helpers(client, officer):
    _businesses(officer, 2)
    client.force_login(officer)
    html = client.get(reverse("businesses:list")).content.decode()
    for business in Business.objects.all():
        assert f'<a href="{reverse("businesses:detail", args=[business.pk])}">' in html
        assert f"<td>{business.get_size_class_display()}</td>" in html
        assert (
            f'<span class="badge {business.status}">{business.get_status_display()}</span>' in html
        )
    client.cookies["django_language"] = "en"
    english = client.get(reverse("businesses:list")).content.decode()
    with translation.override("en"):
        label = str(business.get_status_display())
    assert label != str(Business(status=business.status).get_status_display())
    assert f'<span class="badge {business.status}">{label}</span>' in english


@pytest.mark.django_db
def test_city_change_shows_at_once_in_this_process(client, officer, city_admin):
    client.force_login(officer)
    client.get(reverse("businesses:list"))
    city = City.objects.get()
    city.short_name = "Kota Uji Ganti"
    city.save()
    assert "Kota Uji Ganti" in client.get(reverse("businesses:list")).content.decode()
    reference.reference_clear()
