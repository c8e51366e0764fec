"""Two-factor authentication in a real Chromium (issue 14): with TWO_FACTOR_REQUIRED on, an
officer who signs in is sent to set it up, scans (here: reads) the secret, types the app's code,
sees the recovery codes once and lands where they were going; at the next sign-in the code page
comes after the password and a recovery code lets them in. No page breaks the
Content-Security-Policy (no inline script, no eval: the browser would report it)."""

import re
from base64 import b32decode

import pytest
from pages import DESKTOP, login, watch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _code(secret: str) -> str:
    from django_otp.oath import TOTP

    key = b32decode(secret.replace(" ", ""))
    return str(TOTP(key).token()).zfill(6)


def test_officer_sets_up_two_factor_then_signs_in_with_a_recovery_code(
    live_server, browser, officer, settings
):
    from playwright.sync_api import expect

    from jalinmitra.core.models import AuditLog

    settings.TWO_FACTOR_REQUIRED = True
    base = live_server.url
    context = browser.new_context(viewport=DESKTOP, locale="id-ID")
    page = context.new_page()
    errors = watch(page)
    csp = []
    page.on(
        "console",
        lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None,
    )

    login(page, base, "petugas1", "rahasia-petugas-1")
    page.goto(f"{base}/usaha/")
    expect(page).to_have_url(re.compile(r"/akun/keamanan/pasang/\?next=%2Fusaha%2F"))
    expect(page.locator(".qr svg")).to_be_visible()
    secret = page.locator("code").first.inner_text()

    page.fill("#id_token", "000000")
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.locator(".errorlist")).to_contain_text("Kode tidak cocok")
    assert page.locator("code").first.inner_text() == secret  # the same secret, still valid

    page.fill("#id_token", _code(secret))
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.get_by_role("heading", name="Kode pemulihan")).to_be_visible()
    codes = page.locator("ul.codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Sudah saya simpan, lanjut").click()
    expect(page).to_have_url(f"{base}/usaha/")
    assert AuditLog.objects.filter(action="user.two_factor_enable").count() == 1

    # Next sign-in: the password, then the code page; a recovery code lets the officer in.
    page.locator("header").get_by_role("button", name="Keluar").click()
    login(page, base, "petugas1", "rahasia-petugas-1")
    page.goto(f"{base}/usaha/")
    expect(page).to_have_url(re.compile(r"/akun/keamanan/kode/"))
    page.fill("#id_token", codes[0])
    page.get_by_role("button", name="Lanjut").click()
    expect(page).to_have_url(f"{base}/usaha/")
    expect(page.locator(".messages")).to_contain_text("tersisa 9")

    # The type-ahead pickers still work under the CSP (htmx, app.js, no eval).
    page.goto(f"{base}/usaha/baru/")
    page.locator(".typeahead input[type=search]").first.fill("metro")
    expect(page.locator("[data-pick-value]").first).to_be_visible()

    assert errors == [] and csp == []
    context.close()
