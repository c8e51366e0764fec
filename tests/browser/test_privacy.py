"""Personal data (UU PDP 27/2022) in a real Chromium: a micro owner downloads everything held
about them (a ZIP with data.json and data.xlsx), sees their own NIK in full and asks for
deletion after a confirmation step, on a 360 px phone; an officer finds the request in the
queue with its 3 x 24 h deadline, reveals the owner's NIK on the business page (audited) and
anonymises after confirming; the owner's login is closed."""

import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pages import DESKTOP, PHONE, login, watch

NIK = "1872015708910004"
NAME = "Sambal Roa Mbak Dewi"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def dewi(officer):
    from jalinmitra.testing import make_owner

    return make_owner(
        officer=officer,
        username="dewi",
        full_name="Dewi Lestari Anggraini",
        name=NAME,
        nik=NIK,
        nib="1234567890131",
        whatsapp="081377775555",
    )


def test_owner_downloads_and_asks_for_deletion_officer_anonymises(live_server, browser, dewi):
    from playwright.sync_api import expect

    from jalinmitra.businesses.models import Business
    from jalinmitra.core.models import AuditLog
    from jalinmitra.privacy.models import DeletionRequest

    base = live_server.url
    owner = browser.new_context(viewport=PHONE, locale="id-ID", accept_downloads=True)
    page = owner.new_page()
    js_errors = watch(page)
    login(page, base, "dewi", "rahasia-dewi-1")

    page.get_by_role("link", name="Data saya").click()
    expect(page.locator("h1")).to_have_text("Data saya")
    expect(page.locator(".nik-full")).to_have_text(NIK)  # the owner's own NIK, in full
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"halaman melebar ke samping: {width}px"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh data saya (ZIP)").click()
    download = download_info.value
    assert re.fullmatch(r"data-saya-\d{8}-\d{4}\.zip", download.suggested_filename)
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    assert sorted(archive.namelist()) == ["data.json", "data.xlsx"]
    data = json.loads(archive.read("data.json"))
    assert data["usaha"][0]["name"] == NAME
    assert data["usaha"][0]["owner_nik"] == NIK
    workbook = openpyxl.load_workbook(io.BytesIO(archive.read("data.xlsx")))
    assert "Usaha" in workbook.sheetnames

    page.get_by_role("link", name="Minta data saya dihapus").click()
    expect(page.locator("h1")).to_have_text("Minta data saya dihapus")
    page.fill("#id_reason", "Usaha sudah tutup")
    page.get_by_role("button", name="Ya, kirim permintaan hapus").click()
    # Not confirmed yet: the box must be ticked, and nothing was sent.
    expect(page.locator(".errorlist")).to_contain_text("Centang kotak ini")
    assert not DeletionRequest.objects.exists()
    page.check("#id_confirm")
    page.get_by_role("button", name="Ya, kirim permintaan hapus").click()
    expect(page.locator(".messages")).to_contain_text("Permintaan hapus data terkirim")
    expect(page.locator("#pending-request")).to_contain_text("sedang diproses petugas")
    assert js_errors == []

    officer_ctx = browser.new_context(viewport=DESKTOP, locale="id-ID")
    officer_page = officer_ctx.new_page()
    login(officer_page, base, "petugas1", "rahasia-petugas-1")
    officer_page.get_by_role("link", name="Permintaan data").click()
    card = officer_page.locator(".card.request")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Dewi Lestari Anggraini")
    expect(card).to_contain_text("batas")
    card.get_by_role("link", name="Tangani").click()
    request_url = officer_page.url

    # On the business page the NIK is masked until the officer asks; asking is audited.
    officer_page.get_by_role("link", name=NAME).click()
    facts = officer_page.locator("dl.facts")
    expect(facts).not_to_contain_text(NIK)
    expect(facts).to_contain_text("1872************")
    officer_page.get_by_role("button", name="Lihat NIK").click()
    expect(facts).to_contain_text(NIK)
    nik_views = AuditLog.objects.filter(
        action="business.nik_view", business_id=Business.objects.get(name=NAME).pk
    )
    assert nik_views.count() == 1

    officer_page.goto(request_url)
    officer_page.get_by_role("link", name="Anonimkan…").click()
    expect(officer_page.locator("h1")).to_have_text("Anonimkan data pemohon?")
    assert Business.objects.get(name=NAME).owner_nik == NIK  # the confirmation page only asks
    officer_page.get_by_role("button", name="Ya, anonimkan sekarang").click()
    expect(officer_page.locator(".messages")).to_contain_text("sudah dianonimkan")

    business = Business.objects.get(name=NAME)
    assert business.owner_nik == "" and business.whatsapp == ""
    assert business.owner_name.startswith("Dihapus atas permintaan #")
    assert AuditLog.objects.filter(action="privacy.anonymise").exists()

    # The owner's session ends with the account.
    page.goto(f"{base}/akun/data-saya/")
    expect(page).to_have_url(re.compile(r"/akun/masuk/"))
    owner.close()
    officer_ctx.close()
