"""Load the demo programme through the real service functions, so the audit trail is real.

Idempotent per object: each section looks up what it would create (logins by
username, officials by name, businesses by name) and creates only what is
missing. Each section draws from its own seeded generator, so a section added
later does not change the data of the others.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from jalinmitra.accounts.models import User
from jalinmitra.accounts.services import membership_add, user_create
from jalinmitra.businesses.models import Business
from jalinmitra.businesses.services import (
    business_create,
    business_return,
    business_submit,
    business_verify,
    certification_add,
    need_create,
    offer_create,
)
from jalinmitra.core.choices import RegionLevel
from jalinmitra.core.models import City, KbliCode, Official, Region
from jalinmitra.core.selectors import DEFAULT_KBLI_VERSION, city_current
from jalinmitra.core.services import official_save
from jalinmitra.demo import data
from jalinmitra.demo.api import api_demo_create
from jalinmitra.demo.catalogue import catalogue_demo_create
from jalinmitra.demo.specs import (
    BusinessSpec,
    micro_specs,
    nip_is_well_formed,
    partner_specs,
)


@dataclass
class SectionReport:
    created: int = 0
    existing: int = 0


@dataclass
class DemoReport:
    sections: dict[str, SectionReport] = field(default_factory=dict)

    def section(self, name: str) -> SectionReport:
        return self.sections.setdefault(name, SectionReport())

    @property
    def created(self) -> int:
        return sum(s.created for s in self.sections.values())


class _Lookups:
    """Regions and KBLI codes the specs name, fetched once."""

    def __init__(self) -> None:
        self.regions = {r.code: r for r in Region.objects.filter(code__startswith=data.CITY_REGION)}
        self.kbli = {
            k.code: k
            for k in KbliCode.objects.filter(version=DEFAULT_KBLI_VERSION, level="kelompok")
        }

    def kelurahan(self) -> list[str]:
        return sorted(
            code
            for code, r in self.regions.items()
            if r.level == RegionLevel.DESA and code.startswith(data.CITY_REGION + ".")
        )


# --- sections -------------------------------------------------------------------


def logins_load(report: DemoReport) -> dict[str, User]:
    """The demo logins, one per role. An existing username is left exactly as it is."""
    section = report.section("Akun demo")
    users: dict[str, User] = {}
    admin = User.objects.filter(username=data.ADMIN_LOGIN).first()
    for login in data.LOGINS:
        user = User.objects.filter(username=login.username).first()
        if user is not None:
            section.existing += 1
            users[login.username] = user
            continue
        # user_create stores any password; the demo's must still pass the validators.
        validate_password(
            login.password,
            user=User(username=login.username, full_name=login.full_name, role=login.role),
        )
        user = user_create(
            actor=admin,
            username=login.username,
            password=login.password,
            role=login.role,
            full_name=login.full_name,
            organisation=login.organisation,
        )
        if login.username == data.ADMIN_LOGIN:
            admin = user
        section.created += 1
        users[login.username] = user
    return users


def officials_load(report: DemoReport, *, actor: User, city: City) -> None:
    section = report.section("Pejabat saksi")
    offices = {o.code: o for o in city.offices.all()}
    for o in data.OFFICIALS:
        if o.nip and not nip_is_well_formed(o.nip):
            raise ImproperlyConfigured(f"NIP demo {o.nip} ({o.name}) tidak sesuai format")
        if Official.objects.filter(city=city, name=o.name).exists():
            section.existing += 1
            continue
        official_save(
            actor=actor,
            official=Official(
                city=city,
                office=offices.get(o.office_code) if o.office_code else None,
                name=o.name,
                title=o.title,
                nip=o.nip,
                is_witness=True,
                order=o.order,
            ),
        )
        section.created += 1


def _business_load(
    spec: BusinessSpec, *, officer: User, users: dict[str, User], lookups: _Lookups
) -> Business:
    """One business, its certificates, offers and needs, and its verification state.

    The owner's login acts where the owner would (registering, listing, submitting);
    without one, the officer does, as for the many owners the officers register.
    """
    owner = users.get(spec.login) if spec.login else None
    actor = owner or officer
    business = business_create(
        actor=actor,
        data={
            "name": spec.name,
            "legal_form": spec.legal_form,
            "nib": spec.nib,
            "npwp": spec.npwp,
            "owner_name": spec.owner_name,
            "owner_nik": spec.owner_nik,
            "address": spec.address,
            "region": lookups.regions[spec.region],
            "whatsapp": spec.whatsapp,
            "email": spec.email,
            "modal_usaha": spec.modal_usaha,
            "hasil_penjualan": spec.hasil_penjualan,
            "description": spec.description,
        },
        kbli_primary=spec.kbli,
        kbli_others=spec.kbli_others,
        privacy_consent=spec.consent,
        assisted=spec.assisted,
    )
    if owner is not None:
        membership_add(actor=actor, user=owner, business=business)
    certs = [
        certification_add(
            actor=actor,
            business=business,
            kind=c.kind,
            number=c.number,
            expires_on=c.expires_on,
            name=c.name,
        )
        for c in spec.certs
    ]
    for o in spec.offers:
        offer_create(
            actor=actor,
            business=business,
            data={
                "title": o.title,
                "description": o.description,
                "kbli": lookups.kbli[o.kbli],
                "unit": o.unit,
                "price_min": o.price_min,
                "price_max": o.price_max,
                "capacity_per_month": o.capacity_per_month,
            },
            certifications=[c for c in certs if c.kind in o.cert_kinds],
        )
    for n in spec.needs:
        need_create(
            actor=actor,
            business=business,
            data={
                "title": n.title,
                "description": n.description,
                "kbli": lookups.kbli[n.kbli],
                "quantity": n.quantity,
                "unit": n.unit,
                "period": n.period,
                "required_certifications": n.requires,
                "target_price": n.target_price,
                "deadline": n.deadline,
                "delivery_region": lookups.regions[n.delivery_region],
            },
        )
    if spec.status == "draft":
        return business
    if spec.status == "verified" and spec.assisted:
        # Registered by the officer with the owner present: verified on the spot.
        return business_verify(actor=officer, business=business)
    business_submit(actor=actor, business=business)
    if spec.status == "verified":
        business_verify(actor=officer, business=business)
    elif spec.status == "returned":
        business_return(actor=officer, business=business, reason=spec.return_reason)
    return business


def businesses_load(
    report: DemoReport,
    name: str,
    specs: list[BusinessSpec],
    *,
    officer: User,
    users: dict[str, User],
    lookups: _Lookups,
) -> None:
    section = report.section(name)
    existing = dict(
        Business.objects.filter(name__in=[s.name for s in specs]).values_list("name", "pk")
    )
    for spec in specs:
        if spec.name in existing:
            section.existing += 1
            owner = users.get(spec.login) if spec.login else None
            if owner is not None:  # a no-op when the membership is there
                membership_add(
                    actor=officer, user=owner, business=Business.objects.get(pk=existing[spec.name])
                )
            continue
        _business_load(spec, officer=officer, users=users, lookups=lookups)
        section.created += 1


# --- entry point --------------------------------------------------------------------


@transaction.atomic
def demo_load(*, seed: int = data.DEMO_SEED) -> DemoReport:
    """Load (or complete) the Kota Metro demo programme. Safe to run again."""
    city = city_current()
    if city is None or city.region_id != data.CITY_REGION:
        raise ImproperlyConfigured(
            "Data demo hanya untuk Kota Metro (wilayah 18.72); jalankan `migrate` dahulu."
        )
    report = DemoReport()
    lookups = _Lookups()
    users = logins_load(report)
    officer = users[data.OFFICER_LOGIN]
    officials_load(report, actor=users[data.ADMIN_LOGIN], city=city)
    kelurahan = lookups.kelurahan()
    businesses_load(
        report,
        "Usaha mikro dan kecil",
        micro_specs(seed=seed, kelurahan=kelurahan),
        officer=officer,
        users=users,
        lookups=lookups,
    )
    businesses_load(
        report,
        "Usaha menengah dan besar",
        partner_specs(seed=seed),
        officer=officer,
        users=users,
        lookups=lookups,
    )
    catalogue_demo_create(officer=officer)  # photos, signature products, enquiries (issue 12)
    api_demo_create(officer=officer)  # API tokens with known demo secrets (issue 16)
    return report


def demo_counts() -> dict[str, Counter]:
    """What the demo database holds now, for the command's summary."""
    businesses = Business.objects.all()
    return {
        "size": Counter(businesses.values_list("size_class", flat=True)),
        "status": Counter(businesses.values_list("status", flat=True)),
    }
