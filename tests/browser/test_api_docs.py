"""The API's documentation page works in a real Chromium under the site's CSP (no inline
script, no CDN): Swagger UI draws the operations from /api/v1/openapi.json, and a developer
authorises with a token and gets an answer."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_docs_page_renders_under_csp_and_calls_with_a_token(browser, live_server, officer):
    from jalinmitra.api.choices import Institution, Scope
    from jalinmitra.api.services import token_create

    secret = token_create(actor=officer, name="Pengembang bank", institution=Institution.CITY,
                          user=officer, scopes=[Scope.READ_STATISTICS])[1]  # fmt: skip
    page = browser.new_page()
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.goto(f"{live_server.url}/api/v1/docs")
    stats = page.locator('.opblock-summary-path[data-path="/api/v1/statistics"]')
    stats.wait_for(timeout=15000)
    assert page.locator(".opblock").count() >= 10
    page.get_by_role("button", name="Authorize").first.click()
    page.locator(".modal-ux input").first.fill(secret)
    page.locator(".modal-ux button.authorize").first.click()
    page.locator(".modal-ux button.close-modal").first.click()
    stats.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=15000)
    assert status.inner_text().strip().startswith("200")
    assert '"city"' in page.locator(".live-responses-table .microlight").first.inner_text()
    assert not violations, violations
