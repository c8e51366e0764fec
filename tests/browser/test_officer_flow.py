"""An officer registers a micro business at the counter, verifies it and finds it again,
in a real Chromium; then its owner's page is checked on a 360 px phone screen."""

import re

import pytest
from pages import DESKTOP, PHONE, login, watch

NAME = "Keripik Tempe Bu Yati"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _pick(page, field: str, typed: str, value: str) -> None:
    """Type into a type-ahead picker and click the option whose code is `value`."""
    page.wait_for_load_state("load")  # htmx is deferred: typing earlier would go unheard
    page.locator(f"input[name={field}__q]").press_sequentially(typed, delay=20)
    option = page.locator(f'[data-pick-value="{value}"]')
    option.wait_for(state="visible")
    option.click()
    assert page.locator(f"input[type=hidden][name={field}]").input_value() == value


def _assert_fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"halaman melebar ke samping: {width}px"


def test_officer_registers_verifies_and_finds_business(live_server, browser, officer, tmp_path):
    from playwright.sync_api import expect

    from jalinmitra.businesses.models import Business

    context = browser.new_context(viewport=DESKTOP, locale="id-ID")
    page = context.new_page()
    js_errors = watch(page)
    base = live_server.url

    login(page, base, "petugas1", "rahasia-petugas-1")
    expect(page.locator("h1")).to_have_text("Daftar usaha")

    page.get_by_role("link", name="Daftarkan usaha").click()
    expect(page.locator("h1")).to_have_text("Daftarkan usaha untuk pemiliknya")
    page.fill("#id_name", NAME)
    page.fill("#id_owner_name", "Suryati")
    page.fill("#id_owner_nik", "1872014506900001")
    page.fill("#id_whatsapp", "0812-7788-9900")
    _pick(page, "region", "yosomulyo", "18.72.01.1005")
    expect(page.locator("input[name=region__q]")).to_have_value(
        re.compile("Yosomulyo — Metro Pusat")
    )
    _pick(page, "kbli_primary", "keripik", "10794")
    page.fill("#id_modal_usaha", "50.000.000")
    page.fill("#id_hasil_penjualan", "300.000.000")
    page.check("#id_privacy_consent")
    page.locator("main").get_by_role("button", name="Simpan").click()

    expect(page).to_have_url(re.compile(r"/usaha/\d+/$"))
    expect(page.locator("h1")).to_contain_text(NAME)
    expect(page.locator("h1 .badge")).to_have_text("Draf")
    expect(page.locator(".messages")).to_contain_text(f"Usaha {NAME} didaftarkan.")
    # The full NIK shows only when asked for ("Lihat NIK"), and the asking is audited.
    expect(page.locator("dl.facts")).not_to_contain_text("1872014506900001")
    expect(page.locator("dl.facts")).to_contain_text("1872************")
    page.get_by_role("button", name="Lihat NIK").click()
    expect(page.locator("dl.facts")).to_contain_text("1872014506900001")
    expect(page.locator("dl.facts")).to_contain_text("Mikro")

    page.get_by_role("button", name="Verifikasi", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Usaha terverifikasi.")
    expect(page.locator("h1 .badge")).to_have_text("Terverifikasi")

    business = Business.objects.get(name=NAME)
    assert business.status == "verified"
    assert business.verified_by == officer
    assert business.assisted
    assert business.region_id == "18.72.01.1005"
    assert business.primary_kbli.code == "10794"
    assert business.whatsapp == "+6281277889900"
    assert (business.modal_usaha, business.hasil_penjualan) == (50_000_000, 300_000_000)
    assert business.size_class == "mikro"
    assert business.privacy_consent_at is not None

    # The same detail page on a phone: nothing may stick out sideways.
    page.set_viewport_size(PHONE)
    page.reload()
    _assert_fits_phone(page)
    page.screenshot(path=str(tmp_path / "detail-360.png"), full_page=True)
    assert (tmp_path / "detail-360.png").stat().st_size > 0
    page.set_viewport_size(DESKTOP)

    page.get_by_role("link", name="Daftar usaha").click()
    page.fill("input[name=q]", "tempe bu yati")
    row = page.locator("#results tbody tr").filter(has_text=NAME)
    expect(row).to_have_count(1)
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(row.locator(".badge")).to_have_text("Terverifikasi")
    expect(page).to_have_url(re.compile(r"[?&]q=tempe"))

    assert js_errors == []
    context.close()


def test_owner_pages_fit_a_phone(live_server, browser, alice, tmp_path):
    user, business = alice
    context = browser.new_context(viewport=PHONE, locale="id-ID", is_mobile=True)
    page = context.new_page()
    js_errors = watch(page)

    login(page, live_server.url, "alice", "rahasia-alice-1")
    assert page.url.endswith("/usaha/saya/")
    _assert_fits_phone(page)

    page.get_by_role("link", name="Buka").click()
    facts = page.locator("dl.facts")
    assert "1872************" in facts.inner_text()
    assert "1872014506900001" not in page.content()
    _assert_fits_phone(page)
    page.screenshot(path=str(tmp_path / "owner-detail-360.png"), full_page=True)

    page.get_by_role("link", name="Ubah data").click()
    _assert_fits_phone(page)

    assert js_errors == []
    context.close()


def test_officer_pages_with_long_values_fit_a_phone(live_server, browser, officer):
    """Long unbreakable values (an email address, a NIB, a hash) must wrap, not widen the page."""
    from jalinmitra.businesses.models import Business
    from jalinmitra.testing import make_business

    business = make_business(
        officer=officer,
        name="PT Swalayan Dengan Nama Yang Cukup Panjang",
        nib="5425565913600",
        large=True,
    )
    Business.objects.filter(pk=business.pk).update(
        email="pengadaan.barang.dan.jasa@swalayandengannamapanjang.example"
    )
    page = browser.new_page(viewport=PHONE)
    login(page, live_server.url, "petugas1", "rahasia-petugas-1")
    for path in [f"/usaha/{business.pk}/", "/usaha/"]:
        page.goto(live_server.url + path)
        _assert_fits_phone(page)
    page.close()
