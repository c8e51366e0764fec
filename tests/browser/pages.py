"""Page helpers shared by the browser tests (imported as `pages`: pytest puts this folder on
sys.path for the test modules in it)."""

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def watch(page) -> list[str]:
    """Collect uncaught JavaScript errors, which would break the pickers silently."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def login(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main").get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()
