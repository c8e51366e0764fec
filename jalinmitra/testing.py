"""Test support shared by every app's tests and the browser tests: the personas (officer, Alice,
Bob, Carol, ...) as pytest fixtures, loaded for the whole suite by the root conftest.py, and the
helpers that build businesses and their owners with the real services.

It sits above every app (like the demo loader, tests/test_architecture.py treats it as the top
layer), so any app's tests may use it; no app's code does. Nothing here runs in production; the
Django imports sit inside the functions so that importing this module needs no configured
settings."""

import pytest

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


def numbered_business(officer, i: int, **kwargs):
    """A verified micro business in Kota Metro numbered `i` (name, NIB and NIK made from it),
    for tests that need many; `kwargs` replace any field."""
    fields = {
        "name": f"Usaha Uji {i:03d}",
        "nib": f"91{i:011d}",
        "nik": f"187201450690{i + 1:04d}",
        "whatsapp": "081234567890",
        "region": "18.72.01.1001",
        "modal_usaha": 30_000_000,
        "hasil_penjualan": 200_000_000,
        "kbli": "10794",
        "verified": True,
    }
    return make_business(officer=officer, **(fields | kwargs))


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


def make_chip_market(*, officer, buyer):
    """The market of the matching feedback tests: `buyer` (a business, verified here) needs
    "Keripik pisang" by the kg; three verified sellers offer "Keripik pisang cokelat",
    "Keripik pisang keju" and "Keripik pisang", all created by `officer` through the real
    services. Returns (need, [the three offers, in that order])."""
    from jalinmitra.businesses import services as biz

    offers = []
    for i, title in enumerate(["Keripik pisang cokelat", "Keripik pisang keju", "Keripik pisang"]):
        seller = make_business(
            officer=officer, name=f"Keripik Uji {i}", nib=f"910000000011{i}",
            nik=f"18720145069001{i:02}", verified=True,
        )  # fmt: skip
        offers.append(
            biz.offer_create(
                actor=officer,
                business=seller,
                data={"title": title, "description": "Renyah.", "unit": "kg"},
                certifications=[],
            )
        )
    biz.business_verify(actor=officer, business=buyer)
    need = biz.need_create(
        actor=officer, business=buyer, data={"title": "Keripik pisang", "unit": "kg"}
    )
    return need, offers


# --- personas ----------------------------------------------------------------------------


def _staff(username: str, password: str, role: str, full_name: str):
    from jalinmitra.accounts.services import user_create

    return user_create(
        actor=None, username=username, password=password, role=role, full_name=full_name
    )


@pytest.fixture
def officer(db):
    return _staff("petugas1", "rahasia-petugas-1", "petugas", "Siti Petugas")


@pytest.fixture
def officer2(db):
    """A second officer: the one who drafts or submits may not approve."""
    return _staff("petugas2", "rahasia-petugas-2", "petugas", "Budi Petugas")


@pytest.fixture
def city_admin(db):
    return _staff("admin1", "rahasia-admin-1", "admin", "Admin Kota")


@pytest.fixture
def bank_user(db):
    return _staff("bank1", "rahasia-bank-1", "bank", "Analis Bank")


@pytest.fixture
def alice(officer):
    """A micro-business owner."""
    return make_owner(
        officer=officer,
        username="alice",
        name="Keripik Pisang Bu Alice",
        nik="1872014506900001",
        nib="1234567890123",
        whatsapp="081234567890",
    )


@pytest.fixture
def bob(officer):
    """Another micro-business owner, who must never see Alice's data."""
    return make_owner(
        officer=officer,
        username="bob",
        name="Kemplang Pak Bob",
        nik="1872021203850002",
        nib="1234567890124",
        whatsapp="081234567890",
    )


@pytest.fixture
def carol(officer):
    """A medium business (a buyer, the large party of an agreement) and its owner."""
    return make_owner(
        officer=officer,
        username="carol",
        name="PT Oleh-Oleh Sari Rasa",
        nik="1872015003800003",
        nib="1234567890125",
        whatsapp="081234567891",
        large=True,
    )


@pytest.fixture
def client_of(client):
    """`client_of(user)`: the test client, logged in as `user`."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def after_commit_now(monkeypatch):
    """What services leave for after the commit (mail, file deletion: core/notify.py) runs at
    once. A test's own transaction never commits; for a test about the mail itself, not about
    the commit (tests of a rollback use django_capture_on_commit_callbacks)."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def dump_rows() -> str:
    """Every row of every table except the reference data (regions, KBLI, content types,
    permissions, sessions), as text: for asserting that personal data is gone everywhere."""
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command(
        "dumpdata",
        exclude=["core.region", "core.kblicode", "contenttypes", "auth.permission", "sessions"],
        stdout=out,
    )
    return out.getvalue()
