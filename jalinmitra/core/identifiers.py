"""Indonesian identifiers: NIK, NPWP, NIB and WhatsApp numbers.

Each ``clean_*`` function returns the canonical digits or raises ``ValueError``
with a message a user can act on, in Indonesian. ``mask_*`` functions show a
personal identifier without revealing it (UU PDP 27/2022: NIK and phone
numbers are personal data). ``fake_*`` functions make fictitious identifiers
that pass validation, for demo data and tests, from a seeded ``random.Random``.

Pure functions: no Django.

Notes on python-stdnum 2.2 (``stdnum.id.nik``, ``stdnum.id.npwp``):

- ``nik.validate`` looks the first 4 digits up in its own region table,
  which lacks Kalimantan Utara (65) and the Papua provinces created in 2022
  (92, 93, 95, 96 in Kemendagri numbering): it rejects valid NIKs from there.
  It also computes the birth day as ``day % 40``, so a day of 81 passes as the
  1st. We therefore check the NIK ourselves (province against the Kemendagri
  list, kab/kota and kecamatan not 00, the day in 1–31 or 41–71, a real date)
  and use stdnum only for the date arithmetic.
- ``npwp.validate`` checks the Luhn check digit of a legacy 15-digit NPWP and
  of a 16-digit NPWP starting with 0, and treats any other 16-digit NPWP as a
  NIK; we do the same, with our NIK check.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.id import nik as stdnum_nik

__all__ = [
    "clean_nib",
    "clean_nik",
    "clean_npwp",
    "fake_nib",
    "fake_nik",
    "fake_npwp_for_nik",
    "fake_phone",
    "format_npwp",
    "mask_nik",
    "mask_phone",
    "nik_birth_date",
    "nik_is_female",
    "normalize_whatsapp",
]

# Kemendagri province codes (38 provinces, as in data/wilayah.csv), the first
# two digits of a NIK.
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 51 52 53 61 62 63 64 65 "
    "71 72 73 74 75 76 81 82 91 92 93 94 95 96".split()
)

_SEPARATORS = re.compile(r"[\s.\-/]")


def _digits(value: object, label: str) -> str:
    if value is None or not str(value).strip():
        raise ValueError(f"{label} belum diisi")
    text = _SEPARATORS.sub("", str(value))
    if not text.isdigit() or not text.isascii():
        raise ValueError(f"{label} hanya boleh berisi angka")
    return text


# --- NIK --------------------------------------------------------------------


def nik_birth_date(nik: str) -> date:
    """The birth date a valid NIK encodes (the century is a guess: 19xx first)."""
    return stdnum_nik.get_birth_date(clean_nik(nik))


def nik_is_female(nik: str) -> bool:
    """Women's NIKs have 40 added to the birth day."""
    return int(clean_nik(nik)[6:8]) > 40


def clean_nik(value: object) -> str:
    """Return the 16 digits of a valid NIK (*Nomor Induk Kependudukan*).

    Layout PPRRSSDDMMYYXXXX: province, kab/kota, kecamatan, birth date (women:
    day + 40), serial. Spaces, dots and dashes are ignored.
    """
    number = _digits(value, "NIK")
    if len(number) != 16:
        raise ValueError(f"NIK harus 16 angka (yang diisi {len(number)} angka)")
    if number[:2] not in PROVINCE_CODES:
        raise ValueError(f"NIK tidak valid: kode provinsi {number[:2]} tidak dikenal")
    if number[2:4] == "00" or number[4:6] == "00":
        raise ValueError("NIK tidak valid: kode kabupaten/kota atau kecamatan tidak boleh 00")
    day = int(number[6:8])
    if not (1 <= day <= 31 or 41 <= day <= 71):
        raise ValueError("NIK tidak valid: tanggal lahir tidak masuk akal")
    try:
        stdnum_nik.get_birth_date(number)
    except ValidationError:
        raise ValueError("NIK tidak valid: tanggal lahir tidak masuk akal") from None
    if number[12:] == "0000":
        raise ValueError("NIK tidak valid: nomor urut tidak boleh 0000")
    return number


def mask_nik(value: str | None) -> str:
    """``"1872014506900001"`` → ``"1872************"``.

    Keeps the first 4 digits (province and kab/kota of registration), which
    officers use and which say little about the person; hides the kecamatan,
    the birth date and sex, and the serial. Anything that is not a 16-digit
    NIK is masked entirely.
    """
    if not value:
        return "–"
    digits = re.sub(r"\D", "", str(value))
    if len(digits) != 16:
        return "*" * len(digits)
    return digits[:4] + "*" * 12


# --- NPWP -------------------------------------------------------------------


def clean_npwp(value: object) -> str:
    """Return the 16-digit NPWP (*Nomor Pokok Wajib Pajak*).

    Accepts the 16-digit NPWP used since 2024 and the legacy 15-digit one
    (``01.234.567.4-901.000``), which becomes ``0`` + the 15 digits
    (PMK 112/PMK.03/2022: the 16-digit NPWP of a *badan*, a government
    office or a non-resident individual is the legacy NPWP prefixed with 0).
    A resident individual's 16-digit NPWP is their NIK instead, which cannot
    be derived from the legacy number: ask for the NIK in that case.
    """
    number = _digits(value, "NPWP")
    if len(number) == 15:
        number = "0" + number
    if len(number) != 16:
        raise ValueError(
            f"NPWP harus 16 angka, atau 15 angka untuk NPWP lama (yang diisi {len(number)} angka)"
        )
    if number.startswith("0"):
        # Legacy body: 2-digit taxpayer type, 6-digit serial, check digit
        # (Luhn over those 8), 3-digit tax office, 3-digit branch.
        if not luhn.is_valid(number[1:10]):
            raise ValueError("NPWP tidak valid: angka pemeriksa tidak cocok; periksa kembali")
        return number
    try:
        return clean_nik(number)
    except ValueError as exc:
        raise ValueError(f"NPWP 16 angka ini berupa NIK, tetapi {exc}") from None


def format_npwp(value: object, *, legacy: bool = False) -> str:
    """The NPWP for display.

    By default the 16 digits without separators, as DJP now writes them. With
    ``legacy=True``, a 0-prefixed NPWP in the old dotted form
    ``01.234.567.4-901.000``; a NIK-based NPWP has no old form (``ValueError``).
    """
    number = clean_npwp(value)
    if not legacy:
        return number
    if not number.startswith("0"):
        raise ValueError("NPWP ini berupa NIK dan tidak memiliki format 15 angka lama")
    n = number[1:]
    return f"{n[:2]}.{n[2:5]}.{n[5:8]}.{n[8]}-{n[9:12]}.{n[12:]}"


# --- NIB --------------------------------------------------------------------


def clean_nib(value: object) -> str:
    """Return the 13 digits of a NIB (*Nomor Induk Berusaha*, issued by OSS).

    OSS publishes no check digit, so only the length is checked.
    """
    number = _digits(value, "NIB")
    if len(number) != 13:
        raise ValueError(f"NIB harus 13 angka (yang diisi {len(number)} angka)")
    return number


# --- WhatsApp / phone -------------------------------------------------------

# Second and third digits of Indonesian mobile numbers (08xx): 081x Telkomsel
# and Indosat and XL, 082x and 085x Telkomsel, 083x Axis, 087x XL, 088x
# Smartfren, 089x Tri. 080x (free/premium), 084x and 086x (satellite) are not
# mobile.
_MOBILE_SECOND_DIGIT = frozenset("1235789")

_PHONE_EXAMPLE = "contoh: 0812-3456-7890"


def normalize_whatsapp(value: object) -> str:
    """Return an Indonesian mobile number in E.164, ``"+6281234567890"``.

    Accepts ``"0812-3456-7890"``, ``"62812…"``, ``"+62 812 …"``,
    ``"+62 (0)812…"`` and ``"812…"``. The national number (with its leading
    0) must be 10–13 digits starting 08. Landlines and foreign numbers are
    refused: WhatsApp reminders go to a mobile.
    """
    if value is None or not str(value).strip():
        raise ValueError("Nomor WhatsApp belum diisi")
    text = re.sub(r"[\s.\-/()]", "", str(value).strip().replace("(0)", ""))
    plus = text.startswith("+")
    if plus:
        text = text[1:]
    if not text.isdigit() or not text.isascii():
        raise ValueError(
            f"Nomor WhatsApp hanya boleh berisi angka, spasi atau tanda -; {_PHONE_EXAMPLE}"
        )
    if text.startswith("62"):
        national = text[2:]
        if national.startswith("0"):
            national = national[1:]  # "+62 0812…" is a common slip
    elif plus:
        raise ValueError("Nomor WhatsApp harus nomor Indonesia (+62)")
    elif text.startswith("0"):
        national = text[1:]
    else:
        national = text
    if not national.startswith("8"):
        raise ValueError(
            f"Nomor {str(value).strip()} bukan nomor HP; masukkan nomor HP yang diawali 08, {_PHONE_EXAMPLE}"
        )
    if len(national) < 2 or national[1] not in _MOBILE_SECOND_DIGIT:
        raise ValueError(
            f"Nomor {str(value).strip()} bukan nomor HP yang dikenali; {_PHONE_EXAMPLE}"
        )
    if not 9 <= len(national) <= 12:
        raise ValueError(
            f"Nomor HP harus 10–13 angka termasuk 0 di depan (yang diisi {len(national) + 1}); {_PHONE_EXAMPLE}"
        )
    return "+62" + national


def mask_phone(value: str | None) -> str:
    """``"+6281234567890"`` → ``"+62812****7890"``: keeps the operator prefix
    and the last 4 digits. A value that is not a valid number keeps only its
    last 4 digits."""
    if not value:
        return "–"
    try:
        national = normalize_whatsapp(value)[3:]
    except ValueError:
        digits = re.sub(r"\D", "", str(value))
        return "*" * max(len(digits) - 4, 0) + digits[-4:]
    return f"+62{national[:3]}{'*' * (len(national) - 7)}{national[-4:]}"


# --- fictitious identifiers for demo data -----------------------------------


def fake_nik(
    rng: random.Random,
    region_code: str = "1872",
    female: bool = False,
    birth: date | None = None,
) -> str:
    """A fictitious NIK that passes :func:`clean_nik`.

    ``region_code`` is 4 digits (province + kab/kota; a kecamatan 01–05 is
    drawn) or 6 (kecamatan included). ``birth`` defaults to a date drawn
    between 1955 and 2005. The serial is drawn from 9000–9999: serials count
    people of one kecamatan born on one day, so real ones almost never get
    that high, which keeps demo NIKs from being some real person's.
    """
    region = re.sub(r"\D", "", region_code)
    if len(region) == 4:
        region += f"{rng.randint(1, 5):02d}"
    if len(region) != 6:
        raise ValueError("Kode wilayah harus 4 angka (kab/kota) atau 6 angka (kecamatan)")
    if birth is None:
        start = date(1955, 1, 1)
        birth = start + timedelta(days=rng.randrange((date(2005, 12, 31) - start).days + 1))
    day = birth.day + (40 if female else 0)
    number = f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}{rng.randint(9000, 9999)}"
    return clean_nik(number)


def fake_nib(rng: random.Random) -> str:
    """A fictitious 13-digit NIB."""
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(12))


def fake_npwp_for_nik(nik: str) -> str:
    """The NPWP of a resident individual since 2024 is their NIK."""
    return clean_npwp(clean_nik(nik))


_FAKE_MOBILE_PREFIXES = (
    "811",
    "812",
    "813",
    "821",
    "822",
    "852",
    "853",
    "857",
    "877",
    "878",
    "895",
    "896",
)


def fake_phone(rng: random.Random) -> str:
    """A fictitious mobile number in E.164 (``+628…``, 12 digits nationally)."""
    tail = "".join(str(rng.randint(0, 9)) for _ in range(8))
    return normalize_whatsapp(f"+62{rng.choice(_FAKE_MOBILE_PREFIXES)}{tail}")
