"""A small demo for a second city (issue 16 item 5): Kota Bandar Lampung.

``manage.py city_demo bandar-lampung`` configures the city from its preset (the service of
``city_configure``) and loads, through the real services: four logins, 10 micro businesses
and 2 large ones in the city's kelurahan with offers and needs, a temu usaha with a published
schedule, and two partnership agreements (one active, one submitted and waiting for the
officer). Every name here is fictitious and none says the first city's name. Idempotent: a second run creates nothing.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from jalinmitra.accounts.models import User
from jalinmitra.accounts.services import user_create
from jalinmitra.agreements import services as agreements
from jalinmitra.agreements.choices import Pattern, Support
from jalinmitra.agreements.models import Agreement
from jalinmitra.api.management.commands.city_configure import PRESETS, city_configure
from jalinmitra.businesses.choices import LARGE_SIZES, SMALL_SIZES, VerificationStatus
from jalinmitra.businesses.models import Business
from jalinmitra.core.choices import RegionLevel
from jalinmitra.core.identifiers import fake_nib, fake_npwp_for_nik, fake_phone
from jalinmitra.core.models import KbliCode, Official, Region
from jalinmitra.core.selectors import DEFAULT_KBLI_VERSION, city_current
from jalinmitra.demo.data import DEMO_YEAR, Login
from jalinmitra.demo.load import DemoReport, _business_load
from jalinmitra.demo.specs import (
    BusinessSpec,
    NeedSpec,
    OfferSpec,
    _owner_nik,
    _unique,
    fake_npwp_badan,
)
from jalinmitra.events.choices import EventStatus, RegisteredHow
from jalinmitra.events.models import Event
from jalinmitra.events.services.events import event_create
from jalinmitra.events.services.participants import participant_add
from jalinmitra.events.services.requests import meeting_request_accept, meeting_request_create
from jalinmitra.events.services.schedule import schedule_publish, schedule_run_create

REGION = "18.71"
CITY_NAME = "Kota Bandar Lampung"
OFFICER = "petugas-bdl"
ADMIN = "admin-bdl"
SMALL_LOGIN = "umkm-bdl"
LARGE_LOGIN = "mitra-bdl"

LOGINS = (
    Login(ADMIN, f"admin-bdl-demo-{DEMO_YEAR}", "admin", "Admin Demo Bandar Lampung",
          "Pemerintah Kota Bandar Lampung", note="pengaturan kota, pengguna"),
    Login(OFFICER, f"petugas-bdl-demo-{DEMO_YEAR}", "petugas", "Dewi Anggraini",
          "DPMPTSP Kota Bandar Lampung", note="verifikasi usaha, perjanjian"),
    Login(SMALL_LOGIN, f"umkm-bdl-demo-{DEMO_YEAR}", "usaha", "Siti Rohmah",
          note="pemilik Kemplang Panggang Bu Siti (usaha mikro)"),
    Login(LARGE_LOGIN, f"mitra-bdl-demo-{DEMO_YEAR}", "usaha", "Hendrik Wijaya",
          note="direktur PT Teluk Betung Swalayan (usaha besar)"),
)  # fmt: skip


@dataclass(frozen=True)
class Micro:
    name: str
    owner: str
    female: bool
    kbli: str
    product: str
    unit: str
    price: int
    street: str


MICRO = (
    Micro("Kemplang Panggang Bu Siti", "Siti Rohmah", True, "10794", "Kemplang panggang ikan tenggiri", "kg", 85_000, "Jl. Ikan Tenggiri"),
    Micro("Keripik Pisang Cokelat Mbak Lina", "Lina Marlina", True, "10794", "Keripik pisang cokelat", "kg", 70_000, "Jl. Pagar Alam"),
    Micro("Kopi Robusta Tanggamus Pak Rusdi", "Rusdi Hasan", False, "10761", "Kopi bubuk robusta 250 g", "pak", 28_000, "Jl. Teuku Umar"),
    Micro("Gula Aren Bu Nur", "Nurhayati", True, "10722", "Gula aren cetak", "kg", 30_000, "Jl. Kartini"),
    Micro("Sambal Seruit Mak Ijah", "Khadijah", True, "10779", "Sambal seruit botol 200 ml", "botol", 20_000, "Jl. Raden Intan"),
    Micro("Roti Kukus Bu Ani", "Ani Suryani", True, "10710", "Roti kukus isi", "pcs", 3_500, "Jl. Antasari"),
    Micro("Tapis Lampung Bu Ratna", "Ratna Sari", True, "13121", "Kain tapis motif pucuk rebung", "pcs", 750_000, "Jl. Diponegoro"),
    Micro("Konveksi Seragam Pak Yudi", "Yudi Pratama", False, "14111", "Seragam kerja katun", "pcs", 95_000, "Jl. Hayam Wuruk"),
    Micro("Katering Nasi Kotak Bu Eni", "Eni Rahayu", True, "56210", "Nasi kotak", "porsi", 25_000, "Jl. Sultan Agung"),
    Micro("Keripik Tempe Pak Joko", "Joko Susilo", False, "10794", "Keripik tempe renyah", "kg", 60_000, "Jl. Urip Sumoharjo"),
)  # fmt: skip


@dataclass(frozen=True)
class Large:
    name: str
    owner: str
    female: bool
    kbli: str
    address: str
    modal: int
    turnover: int
    description: str
    needs: tuple[tuple[str, str, int, str, int], ...]  # title, kbli, quantity, unit, price
    login: str | None = None


M = 1_000_000_000
LARGE = (
    Large("PT Teluk Betung Swalayan", "Hendrik Wijaya", False, "47111",
          "Jl. Laksamana Malahayati No. 40, Teluk Betung", 20 * M, 110 * M,
          "Jaringan swalayan di Bandar Lampung dengan pojok produk lokal Lampung.",
          (("Pasokan kemplang dan keripik khas Lampung", "10794", 250, "kg", 80_000),
           ("Kopi robusta bubuk kemasan 250 g", "10761", 1_000, "pak", 27_000)),
          login=LARGE_LOGIN),
    Large("PT Hotel Way Halim Indah", "Maria Gunawan", True, "55110",
          "Jl. Sultan Agung No. 12, Way Halim", 15 * M, 60 * M,
          "Hotel bintang empat dengan restoran dan ruang pertemuan.",
          (("Nasi kotak untuk rapat dan pelatihan", "56210", 2_000, "porsi", 27_000),
           ("Roti dan kue untuk sarapan", "10710", 3_000, "pcs", 3_000))),
)  # fmt: skip

ACTIVE_SUBJECT = (
    "Kemplang panggang 250 kg per bulan, Rp80.000/kg, dikirim tiap Senin ke gudang Teluk Betung."
)
DRAFT_SUBJECT = "Kemplang bakar 100 kg per bulan, Rp68.000/kg, dikirim dua mingguan."


def _specs(kelurahan: list[str]) -> list[BusinessSpec]:
    rng = random.Random(f"{DEMO_YEAR}:bandar-lampung")
    niks: set[str] = set()
    nibs: set[str] = set()
    phones: set[str] = set()
    specs = []
    for i, m in enumerate(MICRO):
        region = kelurahan[(i * 7) % len(kelurahan)]
        nik = _owner_nik(rng, region, m.female, niks)
        specs.append(
            BusinessSpec(
                name=m.name,
                legal_form="perorangan",
                owner_name=m.owner,
                owner_nik=nik,
                nib=_unique(rng, fake_nib, nibs),
                npwp=fake_npwp_for_nik(nik),
                address=f"{m.street} No. {rng.randint(1, 120)}, RT {rng.randint(1, 20):03d}",
                region=region,
                whatsapp=_unique(rng, fake_phone, phones),
                email="",
                modal_usaha=rng.randrange(10, 200) * 1_000_000,
                hasil_penjualan=rng.randrange(100, 900) * 1_000_000,
                description=f"Usaha rumahan di {CITY_NAME}: {m.product.lower()}.",
                kbli=m.kbli,
                kbli_others=[],
                status="verified" if i < 8 else "submitted",
                login=SMALL_LOGIN if i == 0 else None,
                offers=[
                    OfferSpec(
                        m.product,
                        f"{m.product}, dibuat di {CITY_NAME}.",
                        m.kbli,
                        m.unit,
                        m.price,
                        int(m.price * 1.2),
                        100 + 20 * i,
                        (),
                    )
                ],  # fmt: skip
            )
        )
    deadline = date(DEMO_YEAR + 1, 3, 31)
    for j, p in enumerate(LARGE):
        region = kelurahan[(j * 11 + 3) % len(kelurahan)]
        specs.append(
            BusinessSpec(
                name=p.name,
                legal_form="pt",
                owner_name=p.owner,
                owner_nik=_owner_nik(rng, region, p.female, niks),
                nib=_unique(rng, fake_nib, nibs),
                npwp=fake_npwp_badan(rng),
                address=p.address,
                region=region,
                whatsapp=_unique(rng, fake_phone, phones),
                email="",
                modal_usaha=p.modal,
                hasil_penjualan=p.turnover,
                description=p.description,
                kbli=p.kbli,
                kbli_others=[],
                status="verified",
                login=p.login,
                needs=[
                    NeedSpec(
                        title,
                        f"{title}; dikirim ke {CITY_NAME}.",
                        kbli,
                        qty,
                        unit,
                        "month",
                        [],
                        price,
                        deadline,
                        REGION,
                    )
                    for title, kbli, qty, unit, price in p.needs
                ],  # fmt: skip
            )
        )
    return specs


class _Lookups:
    def __init__(self) -> None:
        self.regions = {r.code: r for r in Region.objects.filter(code__startswith=REGION)}
        self.kbli = {
            k.code: k
            for k in KbliCode.objects.filter(version=DEFAULT_KBLI_VERSION, level="kelompok")
        }

    def kelurahan(self) -> list[str]:
        return sorted(c for c, r in self.regions.items() if r.level == RegionLevel.DESA)


@dataclass
class SecondCityReport:
    report: DemoReport
    agreements_created: int = 0
    agreements_existing: int = 0
    event_created: bool = False

    @property
    def created(self) -> int:
        return self.report.created + self.agreements_created + self.event_created


def _agreement(*, subject: str, small_user, small, large_user, large, officer, active: bool):
    if Agreement.objects.filter(subject=subject).exists():
        return False
    today = timezone.localdate()
    a = agreements.agreement_create(
        actor=small_user,
        small_party=small,
        large_party=large,
        data={
            "pattern": Pattern.PERDAGANGAN_UMUM,
            "subject": subject,
            "rights_obligations": "Pihak Pertama memasok; Pihak Kedua membayar tepat waktu.",
            "development_support": [Support.KEMASAN],
            "start_date": today - timedelta(days=10) if active else today + timedelta(days=14),
            "end_date": today + timedelta(days=355),
            "payment_term_days": 30,
            "estimated_value": 240_000_000,
            "no_control_declared_small": True,
            "no_control_declared_large": False,
        },
    )
    a = agreements.agreement_update(
        actor=large_user, agreement=a, data={"no_control_declared_large": True}
    )
    agreements.agreement_submit(actor=small_user, agreement=a)
    if not active:
        return True
    witness = Official.objects.filter(is_witness=True).order_by("order").first()
    agreements.agreement_approve(actor=officer, agreement=a, notes="Baik")
    agreements.agreement_sign(actor=small_user, agreement=a, party="small")
    agreements.agreement_sign(actor=large_user, agreement=a, party="large")
    agreements.agreement_witness(actor=officer, agreement=a, witnesses=[witness], render=False)
    agreements.agreement_activate(actor=officer, agreement=a)
    return True


def _logins(report: DemoReport) -> dict[str, User]:
    section = report.section("Akun demo")
    users: dict[str, User] = {}
    for login in LOGINS:
        user = User.objects.filter(username=login.username).first()
        if user is None:
            validate_password(
                login.password,
                user=User(username=login.username, full_name=login.full_name, role=login.role),
            )
            user = user_create(
                actor=users.get(ADMIN),
                username=login.username,
                password=login.password,
                role=login.role,
                full_name=login.full_name,
                organisation=login.organisation,
            )
            section.created += 1
        else:
            section.existing += 1
        users[login.username] = user
    return users


EVENT_KEY = "bandar-lampung-temu-usaha"


def _event(officer: User) -> bool:
    """A temu usaha in two weeks: 8 verified micro sellers, the 2 large buyers, requests
    accepted, the schedule solved and published. False when it is already there."""
    if Event.objects.filter(demo_key=EVENT_KEY).exists():
        return False
    now = timezone.now()
    event = event_create(
        actor=officer,
        data={
            "name": f"Temu Usaha Kemitraan {CITY_NAME}",
            "date": timezone.localdate() + timedelta(days=14),
            "venue": "Gedung Semergou, Jl. Dr. Susilo No. 2, Bandar Lampung",
            "sessions": [{"start": "09:00", "end": "11:00"}],
            "meeting_minutes": 20,
            "break_minutes": 0,
            "max_meetings_per_participant": 6,
            "registration_opens": now - timedelta(days=7),
            "registration_closes": now + timedelta(days=7),
            "request_expiry_hours": 72,
        },
    )
    event.demo_key = EVENT_KEY
    event.status = EventStatus.OPEN
    event.save(update_fields=["demo_key", "status"])
    verified = Business.objects.filter(status=VerificationStatus.VERIFIED).order_by("id")
    add = partial(participant_add, actor=officer, event=event, how=RegisteredHow.INVITED,
                  notify=False)  # fmt: skip
    sellers = [add(business=b) for b in verified.filter(size_class__in=SMALL_SIZES)[:8]]
    buyers = [add(business=b) for b in verified.filter(size_class__in=LARGE_SIZES)[:2]]
    for i, seller in enumerate(sellers):
        request = meeting_request_create(
            actor=officer,
            from_participant=seller,
            to_participant=buyers[i % len(buyers)],
            reason="Menawarkan produk olahan untuk pembeli",
            notify=False,
        )
        meeting_request_accept(actor=officer, request=request, notify=False)
    schedule_run_create(actor=officer, event=event, background=False)
    schedule_publish(actor=officer, event=event, notify=False)
    return True


def _configured(config: dict) -> bool:
    city = city_current()
    if city is None or any(
        getattr(city, k) != v for k, v in config["city"].items() if k != "region"
    ):
        return False
    names = set(Official.objects.filter(city=city).values_list("name", flat=True))
    return city.region_id == config["city"]["region"] and names == {
        o["name"] for o in config.get("officials", [])
    }


@transaction.atomic
def second_city_demo_create(*, preset: str = "bandar-lampung") -> SecondCityReport:
    path = PRESETS / f"{preset}.json"
    if preset != "bandar-lampung" or not path.exists():
        raise ImproperlyConfigured(
            f"demo kota kedua hanya ada untuk bandar-lampung, bukan {preset}"
        )
    config = json.loads(path.read_text(encoding="utf-8"))
    if not _configured(config):  # configuring again would rewrite (and audit) the same values
        city_configure(config)
    result = SecondCityReport(DemoReport())
    users = _logins(result.report)
    officer = users[OFFICER]
    lookups = _Lookups()
    section = result.report.section("Usaha")
    specs = _specs(lookups.kelurahan())
    existing = set(
        Business.objects.filter(name__in=[s.name for s in specs]).values_list("name", flat=True)
    )
    for spec in specs:
        if spec.name in existing:
            section.existing += 1
            continue
        _business_load(spec, officer=officer, users=users, lookups=lookups)
        section.created += 1
    result.event_created = _event(officer)
    small = Business.objects.get(name=MICRO[0].name)
    large = Business.objects.get(name=LARGE[0].name)
    for subject, active in ((ACTIVE_SUBJECT, True), (DRAFT_SUBJECT, False)):
        made = _agreement(subject=subject, small_user=users[SMALL_LOGIN], small=small,
                          large_user=users[LARGE_LOGIN], large=large, officer=officer,
                          active=active)  # fmt: skip
        if made:
            result.agreements_created += 1
        else:
            result.agreements_existing += 1
    return result
