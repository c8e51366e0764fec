"""Beranda Pimpinan in a real Chromium: an officer signs in, opens the dashboard from the menu,
sees the charts with their tables, changes the period and sees other figures, downloads the
figures as XLSX and the quarterly report as PDF; on a phone the page does not scroll sideways."""

import io
import re

import pytest
from pages import DESKTOP, PHONE, login, watch

from jalinmitra.monitoring.tests import test_dashboard as data

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

programme = data.programme  # Alice and Bob sell to Carol in 2026 (hand-made entries)


def rupiah(n: int) -> str:
    return "Rp" + f"{n:,}".replace(",", ".")


def test_dashboard_period_and_downloads(live_server, browser, programme):
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    from jalinmitra.monitoring.dashboard import Period

    q3, q4 = Period.quarter(2026, 3), Period.quarter(2026, 4)
    in_q3 = data.expected(programme["entries"], q3)
    in_q4 = data.expected(programme["entries"], q4)
    assert in_q3 != in_q4

    base = live_server.url
    ctx = browser.new_context(viewport=DESKTOP, locale="id-ID", accept_downloads=True)
    page = ctx.new_page()
    errors = watch(page)
    login(page, base, "petugas1", "rahasia-petugas-1")
    page.get_by_role("link", name="Beranda Pimpinan").click()
    expect(page).to_have_url(re.compile(r"/beranda-pimpinan/$"))
    # The charts are drawn on the server, each with its table.
    expect(page.locator("#months svg[role=img]")).to_have_count(1)
    expect(page.locator("#months table tbody tr")).to_have_count(3)
    expect(page.locator("#funnel svg[role=img]")).to_have_count(1)
    expect(page.locator("#funnel table tbody tr")).to_have_count(7)

    # Change the period to the third quarter.
    page.fill("#id_dari", "2026-07-01")
    page.fill("#id_sampai", "2026-09-30")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("#period-label")).to_have_text("Triwulan III 2026")
    expect(page.locator("#delivered")).to_have_text(rupiah(in_q3))
    expect(page.locator("#top table")).to_contain_text("Keripik Pisang Bu Alice")
    # And back to the fourth, from the quick links.
    page.get_by_role("link", name="Triwulan IV 2026").click()
    expect(page.locator("#delivered")).to_have_text(rupiah(in_q4))

    # The figures as XLSX, for the period shown.
    with page.expect_download() as info:
        page.locator("#download-xlsx").click()
    download = info.value
    assert download.suggested_filename == "beranda-pimpinan-20261001-20261231.xlsx"
    wb = load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    summary = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(values_only=True)}
    assert summary["Nilai pengiriman dikonfirmasi (Rp)"] == in_q4

    # The quarterly report, as the link would fetch it.
    href = page.locator("#download-pdf").get_attribute("href")
    response = page.request.get(base + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "Triwulan IV Tahun 2026" in " ".join(text.split())
    assert errors == []
    ctx.close()

    # On a phone: readable, nothing wider than the screen except inside the scrolling tables.
    ctx = browser.new_context(viewport=PHONE, locale="id-ID")
    page = ctx.new_page()
    login(page, base, "petugas1", "rahasia-petugas-1")
    page.goto(f"{base}/beranda-pimpinan/?dari=2026-07-01&sampai=2026-09-30")
    expect(page.locator("#delivered")).to_have_text(rupiah(in_q3))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, width
    ctx.close()
