import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jalinmitra.accounts.services import user_create
from jalinmitra.businesses.services import business_create, certification_add
from jalinmitra.core.models import Region

pytestmark = pytest.mark.django_db


def make_business(officer, n: int, *, region="18.72.01.1005", **data):
    fields = {
        "name": f"Usaha {n:03d}",
        "owner_name": f"Pemilik {n}",
        "owner_nik": "1872014506900001",
        "nib": f"{9000000000000 + n}",
        "region": Region.objects.get(code=region),
        "modal_usaha": 50_000_000,
        "hasil_penjualan": 300_000_000,
    }
    fields.update(data)
    return business_create(actor=officer, data=fields, kbli_primary="10794", kbli_others=["47241"])


def export(client, query: str = ""):
    response = client.get(reverse("businesses:export") + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]


def records(sheet) -> list[dict]:
    header = [c.value for c in sheet[1]]
    return [
        dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]


def test_export_matches_the_filter(client, officer):
    micro = make_business(officer, 1)
    certification_add(
        actor=officer,
        business=micro,
        kind="halal",
        number="H-1",
        expires_on=datetime.date(2099, 1, 1),
    )
    certification_add(
        actor=officer,
        business=micro,
        kind="pirt",
        number="OLD",
        expires_on=datetime.date(2020, 1, 1),
    )
    make_business(officer, 2, region="18.72.02.1001")
    make_business(officer, 3, hasil_penjualan=20_000_000_000)  # menengah
    client.force_login(officer)

    sheet = export(client, "?size=mikro&kecamatan=18.72.01")
    rows = records(sheet)
    assert [r["Nama usaha"] for r in rows] == ["Usaha 001"]
    row = rows[0]
    assert row["NIB"] == "9000000000001"
    assert row["NIK pemilik"] == "1872014506900001"  # officers see NIK
    assert row["Kelurahan/desa"] == "Yosomulyo" and row["Kecamatan"] == "Metro Pusat"
    assert row["KBLI utama"] == "10794" and row["KBLI lain"] == "47241"
    assert row["Modal usaha"] == 50_000_000 and row["Hasil penjualan tahunan"] == 300_000_000
    assert row["Skala usaha"] == "Mikro" and row["Status verifikasi"] == "Draf"
    assert "H-1" in row["Sertifikat berlaku"] and "OLD" not in row["Sertifikat berlaku"]

    assert sheet.freeze_panes == "A2"
    assert all(c.font.bold for c in sheet[1])
    header = [c.value for c in sheet[1]]
    modal = sheet.cell(row=2, column=header.index("Modal usaha") + 1)
    assert "#,##0" in modal.number_format and "Rp" in modal.number_format
    assert sheet.column_dimensions["B"].width > 20

    assert len(records(export(client))) == 3
    assert [r["Nama usaha"] for r in records(export(client, "?size=menengah"))] == ["Usaha 003"]
    assert [r["Nama usaha"] for r in records(export(client, "?q=Usaha+002"))] == ["Usaha 002"]
    assert [r["Nama usaha"] for r in records(export(client, "?cert=halal"))] == ["Usaha 001"]
    assert records(export(client, "?cert=pirt")) == []


def test_export_query_count_does_not_grow_with_rows(client, officer):
    client.force_login(officer)
    make_business(officer, 1)
    export(client)  # the filter's reference data is read once per process (core.reference)
    with CaptureQueriesContext(connection) as one:
        export(client)
    for n in range(2, 12):
        business = make_business(officer, n)
        certification_add(actor=officer, business=business, kind="halal", number=f"H{n}")
    with CaptureQueriesContext(connection) as many:
        sheet = export(client)
    assert sheet.max_row == 12
    assert len(many) == len(one)


def test_export_is_for_officers_only(client, officer):
    make_business(officer, 1)
    for role in ("usaha", "bank"):
        user = user_create(actor=None, username=f"u-{role}", password="rahasia-uji-1", role=role)
        client.force_login(user)
        assert client.get(reverse("businesses:export")).status_code == 403
    client.logout()
    assert client.get(reverse("businesses:export")).status_code == 302


@pytest.mark.django_db
def test_export_is_audited(client, officer, alice):
    from jalinmitra.core.models import AuditLog

    client.force_login(officer)
    response = client.get(reverse("businesses:export"), {"size": "mikro"})
    assert response.status_code == 200
    log = AuditLog.objects.get(action="business.export")
    assert log.actor == officer
    assert log.changes["filter"][1] == {"size": "mikro"}
    assert log.changes["rows"][1] == 1


def test_export_writes_formula_like_text_as_text(client, officer):
    """A business named =HYPERLINK(...) (or an address starting with + - @) exports as text."""
    make_business(
        officer,
        1,
        name='=HYPERLINK("http://jahat.example","klik")',
        owner_name="@SUM(A1)",
        address="-1+2",
        description="+tab",
    )
    make_business(officer, 2, modal_usaha=0)
    client.force_login(officer)
    sheet = export(client)
    row = sheet[2]
    by_header = {sheet.cell(1, c.column).value: c for c in row}
    for header in ("Nama usaha", "Nama pemilik", "Alamat"):
        cell = by_header[header]
        assert cell.data_type == "s", header
        assert cell.value.startswith("'"), header
    assert by_header["Nama usaha"].value == '\'=HYPERLINK("http://jahat.example","klik")'
    # numbers stay numbers
    assert isinstance(by_header["Modal usaha"].value, int)
    assert isinstance(by_header["No"].value, int)
