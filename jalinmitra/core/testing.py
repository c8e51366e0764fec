"""Test support shared by the app tests' fixtures and the browser tests: businesses and their
owners, built with the real services. Nothing here runs in production; the Django imports sit
inside the functions so that importing this module needs no configured settings."""

SMALL_MODAL, SMALL_TURNOVER = 50_000_000, 300_000_000  # mikro
LARGE_MODAL, LARGE_TURNOVER = 8_000_000_000, 30_000_000_000  # menengah


def make_business(
    *,
    officer,
    name: str,
    nib: str | None = None,
    nik: str = "1872031508750003",
    owner_name: str | None = None,
    whatsapp: str = "081298765432",
    large: bool = False,
    modal_usaha: int | None = None,
    hasil_penjualan: int | None = None,
    region: str = "18.72.01.1005",
    kbli: str = "10794",
    verified: bool = False,
):
    """A business registered by `officer` (with privacy consent), micro unless `large`
    (`modal_usaha`/`hasil_penjualan` override either size); verified by `officer` if asked.
    The owner is "Pemilik <name>" unless `owner_name` says otherwise."""
    from jalinmitra.businesses.services import business_create, business_verify
    from jalinmitra.core.models import Region

    business = business_create(
        actor=officer,
        data={
            "name": name,
            "owner_name": owner_name if owner_name is not None else f"Pemilik {name}",
            "owner_nik": nik,
            "nib": nib,
            "whatsapp": whatsapp,
            "region": Region.objects.get(code=region),
            "modal_usaha": modal_usaha
            if modal_usaha is not None
            else (LARGE_MODAL if large else SMALL_MODAL),
            "hasil_penjualan": hasil_penjualan
            if hasil_penjualan is not None
            else (LARGE_TURNOVER if large else SMALL_TURNOVER),
        },
        kbli_primary=kbli,
        privacy_consent=True,
    )
    if verified:
        business_verify(actor=officer, business=business)
    return business


def make_owner(*, officer, username: str, business=None, full_name: str | None = None, **fields):
    """A business owner's login (role usaha, password "rahasia-<username>-1", full name the
    username in title case) made a member of `business`; without one, the user is created
    first and then a business from `fields` (see `make_business`), owned by that full name
    unless `owner_name` is given. Returns (user, business)."""
    from jalinmitra.accounts.services import membership_add, user_create

    if full_name is None:
        full_name = username.title()
    user = user_create(
        actor=None,
        username=username,
        password=f"rahasia-{username}-1",
        role="usaha",
        full_name=full_name,
    )
    if business is None:
        fields.setdefault("owner_name", full_name)
        business = make_business(officer=officer, **fields)
    elif fields:
        raise TypeError("make_owner: either an existing business or fields for a new one")
    membership_add(actor=officer, user=user, business=business)
    return user, business
