"""Turn the demo data into concrete, deterministic business specs.

Pure: no Django, no database. The same seed gives the same specs, so the loader
can tell which of them already exist and create only the missing ones.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from stdnum import luhn

from jalinmitra.core.identifiers import (
    clean_npwp,
    fake_nib,
    fake_nik,
    fake_npwp_for_nik,
    fake_phone,
)
from jalinmitra.demo import data


@dataclass
class CertSpec:
    kind: str
    number: str
    name: str
    expires_on: date | None


@dataclass
class OfferSpec:
    title: str
    description: str
    kbli: str
    unit: str
    price_min: int
    price_max: int
    capacity_per_month: int
    cert_kinds: tuple[str, ...]


@dataclass
class NeedSpec:
    title: str
    description: str
    kbli: str
    quantity: int
    unit: str
    period: str
    requires: list[str]
    target_price: int
    deadline: date
    delivery_region: str


@dataclass
class BusinessSpec:
    name: str
    legal_form: str
    owner_name: str
    owner_nik: str
    nib: str | None
    npwp: str
    address: str
    region: str  # kelurahan code
    whatsapp: str
    email: str
    modal_usaha: int
    hasil_penjualan: int
    description: str
    kbli: str
    kbli_others: list[str]
    status: str  # draft / submitted / verified / returned
    assisted: bool = False
    consent: bool = True  # the owner's privacy consent, recorded at registration
    return_reason: str = ""
    login: str | None = None  # a demo login that owns it and acts for it
    line: str = ""
    certs: list[CertSpec] = field(default_factory=list)
    offers: list[OfferSpec] = field(default_factory=list)
    needs: list[NeedSpec] = field(default_factory=list)


def section_rng(seed: int, section: str) -> random.Random:
    """One generator per section, so adding a section never reshuffles another."""
    return random.Random(f"{seed}:{section}")


# --- small helpers ------------------------------------------------------------


def _date_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _round_to(value: float, step: int) -> int:
    return max(step, int(round(value / step)) * step)


def _price_step(value: float) -> int:
    if value < 10_000:
        return 100
    if value < 100_000:
        return 500
    if value < 1_000_000:
        return 5_000
    return 50_000


def _capacity_step(value: float) -> int:
    return 5 if value < 100 else 10 if value < 1_000 else 100


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def fake_npwp_badan(rng: random.Random) -> str:
    """A fictitious 16-digit NPWP of a *badan* (0 + legacy 15 digits, Luhn-checked)."""
    body = f"0{rng.randint(1, 3)}" + "".join(str(rng.randint(0, 9)) for _ in range(6))
    number = f"0{body}{luhn.calc_check_digit(body)}{rng.randint(300, 399)}000"
    return clean_npwp(number)


def calling_name(owner_name: str, female: bool) -> str:
    """What customers call the owner: "Bu Sri", "Kang Asep", "Pak Joko"."""
    parts = [p for p in owner_name.split() if p not in data.NOT_A_CALLING_NAME]
    first = (parts or owner_name.split())[0]
    if first in data.SUNDANESE:
        # "Ceu", not "Teh": "Kopi Teh Imas" would read as coffee and tea.
        return f"{'Ceu' if female else 'Kang'} {first}"
    return f"{'Bu' if female else 'Pak'} {first}"


def nip_is_well_formed(nip: str) -> bool:
    """NIP: birth YYYYMMDD, appointment YYYYMM, sex 1/2, serial NNN (18 digits)."""
    if len(nip) != 18 or not nip.isdigit():
        return False
    try:
        born = date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return False
    appointed_year, appointed_month = int(nip[8:12]), int(nip[12:14])
    return (
        1 <= appointed_month <= 12
        and born.year + 17 <= appointed_year
        and nip[14] in "12"
        and nip[15:] != "000"
    )


# --- certificates and offers ---------------------------------------------------


class _Serials:
    """Draws distinct serial numbers, so no two demo certificates share one."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[tuple[str, int]] = set()

    def draw(self, kind: str, low: int, high: int) -> int:
        while True:
            n = self.rng.randint(low, high)
            if (kind, n) not in self.used:
                self.used.add((kind, n))
                return n


def _halal(rng: random.Random, serials: _Serials, issued: date | None = None) -> CertSpec:
    if issued is None:
        # Most micro businesses got theirs free through the self-declare programme
        # (SEHATI) from 2023; a quarter hold an older, 4-year certificate.
        if rng.random() < 0.25:
            issued = _date_between(rng, date(2021, 3, 1), date(2022, 12, 29))
        else:
            issued = _date_between(rng, date(2023, 1, 2), date(2025, 10, 31))
    expires = None if issued >= data.HALAL_INDEFINITE_FROM else _add_years(issued, 4)
    serial = serials.draw("halal", 10_000, 99_999)
    # BPJPH: ID + province (18 Lampung) + 110000 + serial + issue MMYY.
    number = f"ID18110000{serial:05d}{issued.month:02d}{issued.year % 100:02d}"
    return CertSpec("halal", number, "Sertifikat Halal BPJPH", expires)


def _pirt(
    rng: random.Random, serials: _Serials, pirt_type: str, issued: date | None = None
) -> CertSpec:
    issued = issued or _date_between(rng, date(2021, 1, 1), date(2025, 10, 31))
    expires = _add_years(issued, data.PIRT_YEARS)
    serial = serials.draw("pirt", 1, 9_999)
    # P-IRT No.: packaging + food type (3), kab/kota 1872, product no. (2), producer no. (4),
    # then the two digits of the year it expires.
    number = (
        f"P-IRT No. {pirt_type}1872{rng.randint(1, 3):02d}{serial:04d}-{expires.year % 100:02d}"
    )
    return CertSpec("pirt", number, "SPP-IRT", expires)


def _slhs(rng: random.Random, serials: _Serials) -> CertSpec:
    issued = _date_between(rng, date(2022, 1, 1), date(2025, 10, 31))
    serial = serials.draw("slhs", 1, 999)
    return CertSpec(
        "lainnya",
        f"440/{serial:03d}/SLHS/D.3/{issued.year}",
        "Sertifikat Laik Higiene Sanitasi",
        _add_years(issued, data.SLHS_YEARS),
    )


def _offers(rng: random.Random, line: data.ProductLine, *, small: bool) -> list[OfferSpec]:
    templates = list(line.offers)
    how_many = min(len(templates), rng.choice((1, 2, 2, 2, 3)))
    # The line's flagship product always comes first; the rest are drawn.
    chosen = [templates[0], *rng.sample(templates[1:], how_many - 1)]
    offers = []
    for t in chosen:
        low, high = t.price
        price_min = _round_to(rng.uniform(low, (low + high) / 2), _price_step(low))
        if rng.random() < 0.2:
            price_max = price_min
        else:
            price_max = _round_to(
                rng.uniform(max(price_min * 1.1, (low + high) / 2), high * 1.05),
                _price_step(price_min),
            )
            price_max = max(price_max, price_min)
        cap = rng.uniform(*t.capacity) * (3 if small else 1)
        offers.append(
            OfferSpec(
                title=rng.choice(t.titles),
                description=t.description,
                kbli=t.kbli or line.kbli,
                unit=t.unit,
                price_min=price_min,
                price_max=price_max,
                capacity_per_month=_round_to(cap, _capacity_step(cap)),
                cert_kinds=t.certs,
            )
        )
    return offers


def _certs(
    rng: random.Random, serials: _Serials, line: data.ProductLine, *, full: bool = False
) -> list[CertSpec]:
    """The certificates a business holds; with ``full``, current halal and PIRT."""
    certs = []
    if line.halal and (full or rng.random() < line.halal):
        certs.append(_halal(rng, serials, issued=date(2024, 5, 20) if full else None))
    if line.pirt_type and (full or rng.random() < line.pirt):
        certs.append(
            _pirt(rng, serials, line.pirt_type, issued=date(2024, 8, 12) if full else None)
        )
    if line.slhs and rng.random() < line.slhs:
        certs.append(_slhs(rng, serials))
    return certs


# --- the 100 micro and small businesses --------------------------------------------------


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _address(rng: random.Random) -> str:
    street = rng.choice(data.STREETS)
    number = rng.randint(1, 160)
    suffix = rng.choice(("", "", "", "", "A", "B"))
    return f"{street} No. {number}{suffix}, RT {rng.randint(1, 45):03d}/RW {rng.randint(1, 12):03d}"


def _business_name(
    rng: random.Random,
    line: data.ProductLine,
    legal_form: str,
    sapaan: str,
    used: set[str],
) -> str:
    patterns = list(line.badan_names.get(legal_form) or line.names)
    for _ in range(60):
        name = rng.choice(patterns).format(sapaan=sapaan, merek=rng.choice(data.BRANDS))
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError(f"Tidak dapat membuat nama usaha unik untuk {line.key}")


def _owner_nik(rng: random.Random, region: str, female: bool, used: set[str]) -> str:
    kecamatan = region.replace(".", "")[:6]  # 18.72.01.1005 -> 187201
    while True:
        birth = _date_between(rng, date(1961, 1, 1), date(2000, 12, 31))
        nik = fake_nik(rng, region_code=kecamatan, female=female, birth=birth)
        if nik not in used:
            used.add(nik)
            return nik


def _unique(rng: random.Random, make, used: set[str]) -> str:
    while True:
        value = make(rng)
        if value not in used:
            used.add(value)
            return value


def _statuses(rng: random.Random, n: int) -> list[str]:
    statuses = [s for s, count in data.STATUS_COUNTS.items() for _ in range(count)]
    if len(statuses) != n:
        raise ValueError(f"STATUS_COUNTS menjumlah {len(statuses)}, bukan {n}")
    rng.shuffle(statuses)
    return statuses


def micro_specs(*, seed: int, kelurahan: list[str]) -> list[BusinessSpec]:
    """The 100 micro and small businesses, spread over the city's kelurahan."""
    rng = section_rng(seed, "micro")
    serials = _Serials(rng)
    lines = [line for line in data.PRODUCT_LINES for _ in range(line.count)]
    n = len(lines)
    # Every kelurahan gets its share: deal them out like cards, then shuffle.
    regions = [kelurahan[i % len(kelurahan)] for i in range(n)]
    rng.shuffle(regions)
    women = [o for o in data.OWNER_NAMES if o[1]]
    men = [o for o in data.OWNER_NAMES if not o[1]]
    rng.shuffle(women)
    rng.shuffle(men)
    statuses = _statuses(rng, n)
    assisted = set(rng.sample(range(n), data.ASSISTED_COUNT))

    featured_line = data.FEATURED_MICRO["line"]
    featured = lines.index(next(line for line in data.PRODUCT_LINES if line.key == featured_line))
    if statuses[featured] != "verified":
        swap = statuses.index("verified")
        statuses[swap], statuses[featured] = statuses[featured], "verified"
    assisted.discard(featured)
    # One draft registered at the counter without the owner's privacy consent: the owner gives
    # it later (on the invitation sign-up or the edit form), and only then can it be verified.
    drafts = [i for i in range(n) if statuses[i] == "draft" and i != featured]
    no_consent = next((i for i in drafts if i in assisted), drafts[0] if drafts else None)
    if no_consent is not None and no_consent not in assisted:
        assisted.remove(max(assisted))
        assisted.add(no_consent)

    verified = [i for i in range(n) if statuses[i] == "verified" and i != featured]
    candidates = [i for i in verified if lines[i].can_be_small]
    small = set(rng.sample(candidates, data.SMALL_COUNT))

    used_names: set[str] = set()
    used_niks: set[str] = set()
    used_nibs: set[str] = set()
    used_phones: set[str] = set()
    specs = []
    for i, line in enumerate(lines):
        is_featured = i == featured
        if is_featured:
            owner_name, female = data.FEATURED_MICRO["owner_name"], data.FEATURED_MICRO["female"]
            region = data.FEATURED_MICRO["region"]
            legal_form = "perorangan"
            name = data.FEATURED_MICRO["name"]
            used_names.add(name)
        else:
            # Women run most home food businesses; either pool refills from the other.
            share = data.WOMEN_SHARE_FOOD if line.halal else data.WOMEN_SHARE_OTHER
            pool = women if (rng.random() < share and women) or not men else men
            owner_name, female = pool.pop()
            region = regions[i]
            legal_form = _weighted(rng, line.legal_forms)
            sapaan = calling_name(owner_name, female)
            name = _business_name(rng, line, legal_form, sapaan, used_names)
        status = statuses[i]
        owner_nik = _owner_nik(rng, region, female, used_niks)
        # Some owners registering for the first time have no NIB yet.
        has_nib = status != "draft" or rng.random() < 0.4
        nib = _unique(rng, fake_nib, used_nibs) if has_nib else None
        if legal_form == "perorangan":
            npwp = fake_npwp_for_nik(owner_nik) if rng.random() < 0.6 else ""
        else:
            npwp = fake_npwp_badan(rng)
        if i in small:
            modal = _round_to(_log_uniform(rng, 400e6, 2.5e9), 10_000_000)
            turnover = _round_to(_log_uniform(rng, 2.2e9, 8e9), 10_000_000)
        else:
            modal = _round_to(_log_uniform(rng, 5e6, 300e6), 500_000)
            turnover = _round_to(min(modal * rng.uniform(1.5, 6), 1.9e9), 500_000)
        kbli_others = [c for c in line.kbli_others if rng.random() < 0.35]
        spec = BusinessSpec(
            name=name,
            legal_form=legal_form,
            owner_name=owner_name,
            owner_nik=owner_nik,
            nib=nib,
            npwp=npwp,
            address=_address(rng),
            region=region,
            whatsapp=_unique(rng, fake_phone, used_phones),
            email="",
            modal_usaha=modal,
            hasil_penjualan=turnover,
            description=line.description,
            kbli=line.kbli,
            kbli_others=kbli_others,
            status=status,
            assisted=i in assisted,
            consent=i != no_consent,
            return_reason=rng.choice(data.RETURN_REASONS) if status == "returned" else "",
            login=data.FEATURED_MICRO["login"] if is_featured else None,
            line=line.key,
        )
        spec.certs = _certs(rng, serials, line, full=is_featured)
        spec.offers = _offers(rng, line, small=i in small)
        specs.append(spec)
    return specs


# --- the medium and large partners --------------------------------------------


def partner_specs(*, seed: int) -> list[BusinessSpec]:
    rng = section_rng(seed, "partners")
    used_nibs: set[str] = set()
    used_niks: set[str] = set()
    specs = []
    for p in data.PARTNERS:
        kecamatan = p.region.rsplit(".", 1)[0]
        needs = [
            NeedSpec(
                title=n.title,
                description=n.description,
                kbli=n.kbli,
                quantity=n.quantity,
                unit=n.unit,
                period=n.period,
                requires=list(n.requires),
                target_price=n.target_price,
                deadline=n.deadline,
                delivery_region=kecamatan if n.delivery == "kecamatan" else data.CITY_REGION,
            )
            for n in p.needs
        ]
        specs.append(
            BusinessSpec(
                name=p.name,
                legal_form=p.legal_form,
                owner_name=p.owner_name,
                owner_nik=_owner_nik(rng, p.region, p.female, used_niks),
                nib=_unique(rng, fake_nib, used_nibs),
                npwp=fake_npwp_badan(rng),
                address=p.address,
                region=p.region,
                whatsapp=fake_phone(rng),
                email=p.email,
                modal_usaha=p.modal_usaha,
                hasil_penjualan=p.hasil_penjualan,
                description=p.description,
                kbli=p.kbli,
                kbli_others=list(p.kbli_others),
                status="verified",
                login=p.login,
                needs=needs,
            )
        )
    return specs
