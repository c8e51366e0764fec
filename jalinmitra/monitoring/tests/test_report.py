"""The dashboard's downloads: the XLSX holds the same figures as the page (computed from the
created rows), its text cells cannot run as formulas; the quarterly report is a PDF with the
city's header, the figures, the narrative and the officials who sign; only officers get them."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from jalinmitra.monitoring.choices import EntryKind
from jalinmitra.monitoring.dashboard import dashboard_figures
from jalinmitra.monitoring.reports import figures_xlsx, narrative, report_pdf
from jalinmitra.monitoring.tests import test_dashboard as data
from jalinmitra.monitoring.tests.test_dashboard import Q3, expected

programme = data.programme  # the fixture, shared

XLSX = "/beranda-pimpinan/unduh.xlsx"
PDF = "/beranda-pimpinan/laporan.pdf"
Q3_PARAMS = {"dari": "2026-07-01", "sampai": "2026-09-30"}


def sheet_rows(data: bytes, name: str) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data))[name].iter_rows(values_only=True))


def test_xlsx_has_the_figures(programme):
    rows = programme["entries"]
    data = figures_xlsx(dashboard_figures(Q3, health=False))
    summary = {r[0]: r[1] for r in sheet_rows(data, "Ringkasan")}
    assert summary["Nilai pengiriman dikonfirmasi (Rp)"] == expected(rows, Q3)
    assert summary["Pembayaran dikonfirmasi (Rp)"] == expected(rows, Q3, EntryKind.PAYMENT)
    months = sheet_rows(data, "Per bulan")[1:]
    assert [m[0] for m in months] == ["Juli 2026", "Agustus 2026", "September 2026"]
    assert sum(m[1] for m in months) == expected(rows, Q3)
    funnel = sheet_rows(data, "Corong")[1:]
    assert funnel[0][0] == "Terdaftar" and len(funnel) == 7
    top = sheet_rows(data, "Kemitraan teratas")[1:]
    assert top[0][1] == "Keripik Pisang Bu Alice"


def test_xlsx_text_cannot_run_as_a_formula(programme):
    alice_biz = programme["agreements"][0].small_party
    alice_biz.name = '=HYPERLINK("http://x")'
    alice_biz.save(update_fields=["name"])
    data = figures_xlsx(dashboard_figures(Q3, health=False))
    top = sheet_rows(data, "Kemitraan teratas")[1:]
    assert top[0][1] == '\'=HYPERLINK("http://x")'


def test_report_pdf_has_header_figures_narrative_and_signatures(programme, settings):
    from jalinmitra.core.models import City, Official

    city = City.objects.get()
    Official.objects.create(
        city=city,
        name="Drs. Kepala Dinas Koperasi",
        title="Kepala Dinas Koperasi, UMKM dan Perindustrian",
        nip="197208211997122002",
        order=2,
    )
    f = dashboard_figures(Q3, health=False)
    data = report_pdf(f)
    assert data.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    flat = " ".join(text.split())
    assert city.name.upper() in flat
    assert "LAPORAN PROGRAM KEMITRAAN" in flat
    assert "Triwulan III Tahun 2026" in flat
    assert "Rp3.300.000" in flat  # the delivered value, in the summary and the narrative
    assert "Drs. Kepala Dinas Koperasi" in flat and "197208211997122002" in flat
    assert "Keripik Pisang Bu Alice" in flat
    # The narrative is filled from the figures, not written out.
    assert narrative(f)[0].startswith("Selama Triwulan III 2026 usaha mikro")
    assert any("Rp3.300.000" in p for p in narrative(f))


def test_narrative_of_an_empty_period(db):
    f = dashboard_figures(Q3, health=False)
    text = " ".join(narrative(f))
    assert "Rp0" in text
    assert report_pdf(f).startswith(b"%PDF")


def test_officer_downloads(programme, officer, client_of):
    client = client_of(officer)
    response = client.get(XLSX, Q3_PARAMS)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "beranda-pimpinan-20260701-20260930.xlsx" in response["Content-Disposition"]
    response = client.get(PDF, Q3_PARAMS)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("url", [XLSX, PDF])
def test_downloads_refused_to_others(url, alice, bank_user, client_of):
    assert client_of(alice[0]).get(url).status_code == 403
    assert client_of(bank_user).get(url).status_code == 403


def test_downloads_only_read(programme, officer, client_of):
    from jalinmitra.core.models import AuditLog

    client = client_of(officer)  # signing in may be audited; the downloads may not write
    before = AuditLog.objects.count()
    for url in (XLSX, PDF, "/beranda-pimpinan/"):
        assert client.get(url, Q3_PARAMS).status_code == 200
    assert AuditLog.objects.count() == before
