"""Officer pages speak to officers, in a real Chromium and in English mode: the business page
shows its description and a history in words (labels, not `business.create` or `owner_name:`),
and every page links a favicon that loads."""

import pytest
from pages import DESKTOP, login, watch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DESCRIPTION = "Keripik tempe renyah, digoreng tiap pagi di Yosomulyo."


def test_officer_in_english_reads_history_and_description(live_server, browser, officer):
    from playwright.sync_api import expect

    from jalinmitra.businesses import services
    from jalinmitra.testing import make_business

    business = make_business(officer=officer, name="Keripik Tempe Bu Yati")
    services.business_update(
        actor=officer,
        business=business,
        data={
            "owner_name": "Suryati",
            "description": DESCRIPTION,
            "legal_form": business.legal_form,
        },
    )

    context = browser.new_context(viewport=DESKTOP, locale="id-ID")
    page = context.new_page()
    js_errors = watch(page)
    base = live_server.url
    login(page, base, "petugas1", "rahasia-petugas-1")

    # The language switch in the header.
    page.locator("header").get_by_role("button", name="English").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.goto(f"{base}/usaha/{business.pk}/")
    expect(page.locator("main")).to_contain_text(DESCRIPTION)

    history = page.locator("table").filter(has_text="Business registered")
    expect(history).to_be_visible()
    expect(history).to_contain_text("Business data changed")
    expect(history).to_contain_text("Suryati")
    text = history.inner_text()
    for raw in (
        "business.create",
        "business.update",
        "owner_name",
        "\ndescription:",
        "modal_usaha",
    ):
        assert raw not in text, f"raw code {raw!r} shown in the history"
    # Fields are named by their labels and amounts read as rupiah.
    assert "Short description: " + DESCRIPTION in text
    assert "Rp300.000.000" in text

    # The favicon is linked and loads.
    href = page.locator('link[rel="icon"]').get_attribute("href")
    assert href and href.endswith(".svg")
    response = page.request.get(f"{base}{href}")
    assert response.ok
    assert b"<svg" in response.body()

    assert not js_errors, js_errors
    context.close()


HEADER = (
    "nama_usaha,bentuk_usaha,nib,npwp,nama_pemilik,nik_pemilik,alamat,kelurahan,no_whatsapp,"
    "email,kbli_utama,kbli_lain,modal_usaha,hasil_penjualan,deskripsi,sertifikat,"
    "persetujuan_privasi\n"
)
BAD_ROW = (
    "Usaha Uji,perorangan,,,Pemilik Uji,1872014506900,Jl. Uji,18.72.01.1005,0812-3456-7890,"
    "uji@example.com,10794,,Rp50.000.000,300000000,,,\n"
)


def test_failed_import_reads_as_failed_in_english(live_server, browser, officer):
    from playwright.sync_api import expect

    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    js_errors = watch(page)
    base = live_server.url
    login(page, base, "petugas1", "rahasia-petugas-1")
    page.locator("header").get_by_role("button", name="English").click()
    page.wait_for_load_state()

    page.goto(f"{base}/usaha/impor/")
    expect(page.locator("main")).to_contain_text("Type of data")
    page.select_option("#id_kind", "usaha")
    page.set_input_files(
        "#id_file",
        {"name": "usaha.csv", "mimeType": "text/csv", "buffer": (HEADER + BAD_ROW).encode()},
    )
    page.locator("main").get_by_role("button", name="Upload and import").click()
    page.wait_for_load_state()

    job = page.locator("#job")
    expect(job).to_contain_text("Failed")
    expect(job).to_contain_text("No data was saved: 1 row has problems.")
    expect(job).to_contain_text("NIK must have 16 digits (13 given)")
    expect(page.locator('[role="progressbar"]')).to_have_count(0)
    assert "50%" not in job.inner_text()
    assert not js_errors, js_errors
    context.close()
