"""Spreadsheet import of businesses (usaha), offers (penawaran) and needs (kebutuhan).

All or nothing. :func:`read_table` checks the file itself (type, size, headers,
number of rows) and returns plain rows; :func:`import_rows` checks every row
with the same rules the forms use (``business_clean``, the offer and need
checks of ``services``) and collects every problem with its row number (the
header is row 1, as the spreadsheet shows it), its column and a reason in
Indonesian. Only when no row is bad does it write, in one transaction, through
the service functions, so every write leaves an audit row with the officer as
actor.

Linking offers and needs to a business (businesses are imported first, in their
own file):

- penawaran: by ``nib``; when ``nib`` is empty, by ``nama_usaha`` together
  with ``kelurahan``, which must match exactly one registered business (a name
  alone is too often shared by two warungs).
- kebutuhan: by ``nib`` only (medium and large businesses have one).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from jalinmitra.businesses import services
from jalinmitra.businesses.choices import (
    LARGE_SIZES,
    CertificationKind,
    LegalForm,
    Period,
    Unit,
)
from jalinmitra.businesses.models import Business, Certification, Need, Offer
from jalinmitra.core.identifiers import clean_nib
from jalinmitra.core.models import City, KbliCode, Region
from jalinmitra.core.money import parse_rupiah
from jalinmitra.core.selectors import DEFAULT_KBLI_VERSION
from jalinmitra.core.spreadsheets import (
    Cell,
    ImportFileError,
    RowError,
    cell_value,
    header_key,
    open_rows,
)
from jalinmitra.core.text import fold
from jalinmitra.core.validator_text import value_error_text

MAX_ROWS = 5000
PROGRESS_EVERY = 25

Rows = list[tuple[int, dict[str, Cell]]]
Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    example: str = ""
    required: bool = False
    # Identifiers and codes: the template formats these columns as text so
    # Excel keeps leading zeros and all 16 digits of a NIK.
    text: bool = False


@dataclass(frozen=True)
class ImportKind:
    key: str
    label: str
    columns: tuple[Column, ...]
    # Service field name -> column, to put a service's ValidationError on a column.
    field_columns: dict[str, str]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


_CERT_KINDS = ", ".join(CertificationKind.values)
_UNITS = ", ".join(Unit.values)
_DATE_HELP = gettext_noop("tanggal TTTT-BB-HH (mis. 2027-12-31) atau HH/BB/TTTT")
_UNKNOWN_KBLI = gettext_lazy("Kode KBLI %(code)s tidak dikenal; pakai kode KBLI 2020 5 angka.")

USAHA = ImportKind(
    key="usaha",
    label=gettext_lazy("Usaha"),
    columns=(
        Column("nama_usaha", gettext_lazy("Nama usaha."), "Keripik Pisang Bu Sari", required=True),
        Column(
            "bentuk_usaha",
            gettext_lazy("Salah satu: %(legal_forms)s. Kosong berarti perorangan."),
            "perorangan",
        ),
        Column(
            "nib",
            gettext_lazy("NIB 13 angka dari OSS; boleh kosong. Satu NIB hanya untuk satu usaha."),
            "9120001234567",
            text=True,
        ),
        Column(
            "npwp",
            gettext_lazy(
                "NPWP 16 angka (perorangan: sama dengan NIK) atau NPWP lama 15 angka; boleh kosong."
            ),
            "",
            text=True,
        ),
        Column(
            "nama_pemilik",
            gettext_lazy("Nama pemilik atau penanggung jawab."),
            "Sari Wulandari",
            True,
        ),
        Column(
            "nik_pemilik",
            gettext_lazy(
                "NIK 16 angka sesuai KTP. Format kolom sebagai Teks: Excel menghapus angka ke-16 bila NIK disimpan sebagai bilangan."
            ),
            "1872014506900001",
            text=True,
        ),
        Column("alamat", gettext_lazy("Alamat tempat usaha."), "Jl. Jenderal Sudirman No. 10"),
        Column(
            "kelurahan",
            gettext_lazy(
                "Kelurahan/desa: kode Kemendagri (mis. 18.72.01.1005) atau nama kelurahan di kota ini (mis. Yosomulyo). Judul kolom kode_kelurahan juga diterima."
            ),
            "18.72.01.1005",
            text=True,
        ),
        Column(
            "no_whatsapp",
            gettext_lazy("Nomor HP/WhatsApp, mis. 0812-3456-7890."),
            "081234567890",
            text=True,
        ),
        Column("email", gettext_lazy("Alamat email; boleh kosong."), "sari@example.com"),
        Column(
            "kbli_utama",
            gettext_lazy("Kode KBLI 2020 5 angka untuk kegiatan utama."),
            "10794",
            text=True,
        ),
        Column(
            "kbli_lain",
            gettext_lazy("Kode KBLI 2020 lain (5 angka), pisahkan dengan koma atau titik koma."),
            "47241",
            text=True,
        ),
        Column(
            "modal_usaha",
            gettext_lazy(
                "Modal usaha tanpa tanah dan bangunan, dalam rupiah: 50000000 atau Rp50.000.000."
            ),
            "Rp50.000.000",
        ),
        Column(
            "hasil_penjualan",
            gettext_lazy("Hasil penjualan tahunan, dalam rupiah: 300000000 atau Rp300.000.000."),
            "Rp300.000.000",
        ),
        Column("deskripsi", gettext_lazy("Deskripsi singkat usaha."), "Keripik pisang aneka rasa"),
        Column(
            "sertifikat",
            gettext_lazy(
                "Sertifikat yang dimiliki, ditulis jenis:nomor:berlaku_sampai dan dipisah titik koma. Jenis: %(cert_kinds)s. Tanggal berlaku boleh kosong; %(date_help)s."
            ),
            "halal:ID18110000123450124:2027-12-31; pirt:2061872010123-25:",
        ),
        Column(
            "persetujuan_privasi",
            gettext_lazy(
                "Isi ya bila pemilik sudah membaca dan menyetujui pemberitahuan privasi (simpan buktinya); selain itu kosongkan."
            ),
            "ya",
        ),
    ),
    field_columns={
        "name": "nama_usaha",
        "legal_form": "bentuk_usaha",
        "nib": "nib",
        "npwp": "npwp",
        "owner_name": "nama_pemilik",
        "owner_nik": "nik_pemilik",
        "address": "alamat",
        "region": "kelurahan",
        "whatsapp": "no_whatsapp",
        "email": "email",
        "modal_usaha": "modal_usaha",
        "hasil_penjualan": "hasil_penjualan",
        "description": "deskripsi",
        "kbli": "kbli_utama",
        "kind": "sertifikat",
        "number": "sertifikat",
    },
)

PENAWARAN = ImportKind(
    key="penawaran",
    label=gettext_lazy("Penawaran"),
    columns=(
        Column(
            "nib",
            gettext_lazy(
                "NIB usaha pemilik penawaran. Bila kosong, usaha dicari dari nama_usaha dan kelurahan, yang harus cocok dengan tepat satu usaha terdaftar."
            ),
            "9120001234567",
            text=True,
        ),
        Column("nama_usaha", gettext_lazy("Nama usaha; hanya dipakai bila nib kosong."), ""),
        Column(
            "kelurahan",
            gettext_lazy("Kelurahan usaha (kode atau nama); hanya dipakai bila nib kosong."),
            "",
            text=True,
        ),
        Column(
            "judul",
            gettext_lazy("Nama produk atau jasa."),
            "Keripik pisang cokelat 250 g",
            required=True,
        ),
        Column("deskripsi", gettext_lazy("Deskripsi produk."), "Tanpa pengawet, tahan 3 bulan"),
        Column("kbli", gettext_lazy("Kode KBLI 2020 5 angka; boleh kosong."), "10794", text=True),
        Column("satuan", gettext_lazy("Salah satu: %(units)s. Kosong berarti pcs."), "pak"),
        Column("harga_min", gettext_lazy("Harga terendah per satuan, dalam rupiah."), "Rp15.000"),
        Column("harga_max", gettext_lazy("Harga tertinggi per satuan, dalam rupiah."), "Rp18.000"),
        Column(
            "kapasitas_per_bulan",
            gettext_lazy("Jumlah satuan yang sanggup dibuat per bulan."),
            "500",
        ),
        Column(
            "sertifikat",
            gettext_lazy(
                "Jenis sertifikat usaha yang berlaku untuk produk ini, dipisah titik koma (mis. halal; pirt). Sertifikat harus sudah tercatat pada usahanya. Jenis: %(cert_kinds)s."
            ),
            "halal; pirt",
        ),
        Column("aktif", gettext_lazy("ya atau tidak; kosong berarti ya."), "ya"),
    ),
    field_columns={
        "title": "judul",
        "description": "deskripsi",
        "kbli": "kbli",
        "unit": "satuan",
        "price_min": "harga_min",
        "price_max": "harga_max",
        "capacity_per_month": "kapasitas_per_bulan",
        "certifications": "sertifikat",
        "is_active": "aktif",
    },
)

KEBUTUHAN = ImportKind(
    key="kebutuhan",
    label=gettext_lazy("Kebutuhan"),
    columns=(
        Column(
            "nib",
            gettext_lazy("NIB usaha menengah/besar yang membutuhkan."),
            "9120007654321",
            True,
            True,
        ),
        Column(
            "judul",
            gettext_lazy("Apa yang dibutuhkan."),
            "Pasokan keripik pisang untuk oleh-oleh",
            True,
        ),
        Column("deskripsi", gettext_lazy("Keterangan kebutuhan."), "Kemasan 250 g, merek sendiri"),
        Column("kbli", gettext_lazy("Kode KBLI 2020 5 angka; boleh kosong."), "10794", text=True),
        Column("jumlah", gettext_lazy("Jumlah satuan yang dibutuhkan per periode."), "200"),
        Column("satuan", gettext_lazy("Salah satu: %(units)s. Kosong berarti pcs."), "pak"),
        Column(
            "periode",
            gettext_lazy("hari, minggu, bulan, tahun atau sekali. Kosong berarti per bulan."),
            "bulan",
        ),
        Column(
            "sertifikat_wajib",
            gettext_lazy(
                "Jenis sertifikat yang wajib dimiliki pemasok, dipisah titik koma. Jenis: %(cert_kinds)s."
            ),
            "halal",
        ),
        Column(
            "harga_sasaran", gettext_lazy("Harga sasaran per satuan, dalam rupiah."), "Rp14.000"
        ),
        Column(
            "batas_waktu", gettext_lazy("Batas waktu; %(date_help)s. Boleh kosong."), "2027-06-30"
        ),
        Column(
            "wilayah_pengiriman",
            gettext_lazy(
                "Wilayah pengiriman: kode Kemendagri atau nama kelurahan/kecamatan di kota ini."
            ),
            "18.72.01",
            text=True,
        ),
    ),
    field_columns={
        "title": "judul",
        "description": "deskripsi",
        "kbli": "kbli",
        "quantity": "jumlah",
        "unit": "satuan",
        "period": "periode",
        "required_certifications": "sertifikat_wajib",
        "target_price": "harga_sasaran",
        "deadline": "batas_waktu",
        "delivery_region": "wilayah_pengiriman",
    },
)

KINDS: dict[str, ImportKind] = {k.key: k for k in (USAHA, PENAWARAN, KEBUTUHAN)}

_HEADER_ALIASES = {
    "kode_kelurahan": "kelurahan",
    "kelurahan_desa": "kelurahan",
    "kode_wilayah": "kelurahan",
    "whatsapp": "no_whatsapp",
    "no_wa": "no_whatsapp",
    "no_hp": "no_whatsapp",
    "nik": "nik_pemilik",
}


# --- reading the file --------------------------------------------------------


def read_table(*, filename: str, data: bytes, kind: str) -> Rows:
    """Check the file and return its non-empty rows as ``(row number, {column: value})``.

    Raises :class:`ImportFileError` for a file that cannot be imported at all.
    """
    spec = KINDS[kind]
    source = open_rows(filename=filename, data=data)

    header: list[str] | None = None
    rows: Rows = []
    for number, values in enumerate(source, start=1):
        if header is None:
            header = _check_header(values, spec)
            continue
        cells = [cell_value(v) for v in values]
        if all(c in (None, "") for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("Berkas berisi lebih dari %(max)s baris data; bagi menjadi beberapa berkas.")
                % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
            )
        extra = [c for c in cells[len(header) :] if c not in (None, "")]
        if extra:
            raise ImportFileError(
                _(
                    "Baris %(row)s berisi data di luar kolom yang berjudul; "
                    "setiap kolom data harus punya judul di baris 1."
                )
                % {"row": number}
            )
        rows.append(
            (number, {col: cells[i] if i < len(cells) else None for i, col in enumerate(header)})
        )
    if header is None:
        raise ImportFileError(_("Berkas kosong: baris 1 harus berisi judul kolom."))
    if not rows:
        raise ImportFileError(_("Berkas tidak berisi baris data di bawah judul kolom."))
    return rows


def _check_header(values: list[Any], spec: ImportKind) -> list[str]:
    while values and values[-1] in (None, ""):
        values = values[:-1]
    keys = [_HEADER_ALIASES.get(header_key(v), header_key(v)) for v in values]
    if not any(keys):
        raise ImportFileError(_("Baris 1 harus berisi judul kolom (lihat templat)."))
    problems = []
    blank = [i + 1 for i, k in enumerate(keys) if not k]
    if blank:
        problems.append(
            _("kolom ke-%(columns)s tidak berjudul") % {"columns": ", ".join(map(str, blank))}
        )
    unknown = [str(values[i]) for i, k in enumerate(keys) if k and k not in spec.names]
    if unknown:
        problems.append(_("kolom tidak dikenal: %(columns)s") % {"columns": ", ".join(unknown)})
    twice = sorted({k for k in keys if k and keys.count(k) > 1})
    if twice:
        problems.append(_("kolom ganda: %(columns)s") % {"columns": ", ".join(twice)})
    missing = [c.name for c in spec.columns if c.required and c.name not in keys]
    if missing:
        problems.append(_("kolom wajib tidak ada: %(columns)s") % {"columns": ", ".join(missing)})
    if problems:
        raise ImportFileError(
            _(
                "Judul kolom tidak sesuai templat %(kind)s (%(problems)s). Kolom yang dikenal: %(known)s."
            )
            % {
                # "usaha", "penawaran", "kebutuhan" are msgids elsewhere in the catalogue.
                "kind": _(spec.label.lower()),
                "problems": "; ".join(problems),
                "known": ", ".join(spec.names),
            }
        )
    return keys


# --- checking one row --------------------------------------------------------


_SCIENTIFIC = re.compile(r"^\d+([.,]\d+)?e\+?\d+$", re.IGNORECASE)
_GROUPED_INT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_YES = {"ya", "y", "yes", "1", "true", "benar", "aktif", "setuju"}
_NO = {"tidak", "t", "no", "n", "0", "false", "salah", "nonaktif", "tidak aktif"}
# UD (usaha dagang) and PD (perusahaan dagang) are sole proprietorships in law.
_LEGAL_FORM_ALIASES = {
    "ud": LegalForm.PERORANGAN,
    "usaha dagang": LegalForm.PERORANGAN,
    "pd": LegalForm.PERORANGAN,
    "perusahaan dagang": LegalForm.PERORANGAN,
    "perseorangan": LegalForm.PERORANGAN,
    "pt perseorangan": LegalForm.PT_PERORANGAN,
}
_UNIT_ALIASES = {"buah": Unit.PCS, "pcs": Unit.PCS, "dus": Unit.KOTAK, "kardus": Unit.KOTAK}
_PERIOD_ALIASES = {
    "hari": Period.DAY,
    "harian": Period.DAY,
    "minggu": Period.WEEK,
    "mingguan": Period.WEEK,
    "bulan": Period.MONTH,
    "bulanan": Period.MONTH,
    "tahun": Period.YEAR,
    "tahunan": Period.YEAR,
    "sekali": Period.ONCE,
}


class _Row:
    """The cells of one row, read column by column; problems pile up in ``errors``."""

    def __init__(self, number: int, values: dict[str, Cell], errors: list[RowError]):
        self.number = number
        self.values = values
        self.errors = errors
        self.failed: set[str] = set()

    def fail(self, column: str, message: str) -> None:
        self.failed.add(column)
        self.errors.append(RowError(self.number, column, message))

    @property
    def ok(self) -> bool:
        return not self.failed

    def raw(self, column: str) -> Cell:
        return self.values.get(column)

    def text(self, column: str, *, max_length: int | None = None, required: str = "") -> str:
        value = self.raw(column)
        if value is None:
            text = ""
        elif isinstance(value, bool):
            text = "ya" if value else "tidak"
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))
        else:
            text = str(value).strip()
        if required and not text:
            self.fail(column, required)
        elif max_length and len(text) > max_length:
            self.fail(
                column, _("Terlalu panjang: paling banyak %(max)s karakter.") % {"max": max_length}
            )
        return text

    def identifier(self, column: str, label: str) -> str:
        """An identifier typed into a spreadsheet: refuse a number Excel has already damaged."""
        value = self.raw(column)
        if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= 10**15:
            self.fail(
                column,
                _(
                    "%(label)s tersimpan sebagai bilangan sehingga Excel membulatkan angka "
                    "terakhirnya; format kolom sebagai Teks lalu ketik ulang."
                )
                % {"label": label},
            )
            return ""
        text = self.text(column)
        if _SCIENTIFIC.match(text):
            self.fail(
                column,
                _(
                    "%(label)s tertulis dalam format ilmiah (%(text)s); format kolom sebagai Teks "
                    "lalu ketik ulang."
                )
                % {"label": label, "text": text},
            )
            return ""
        return text

    def rupiah(self, column: str) -> int | None:
        value = self.raw(column)
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            self.fail(column, _("Bukan jumlah uang."))
            return None
        if isinstance(value, int | float):
            if not float(value).is_integer():
                self.fail(column, _("Jumlah rupiah harus bulat, tanpa sen."))
                return None
            amount = int(value)
        else:
            try:
                amount = parse_rupiah(str(value))
            except ValueError as e:
                self.fail(column, value_error_text(e))
                return None
        if amount < 0:
            self.fail(column, _("Jumlah uang tidak boleh negatif."))
            return None
        return amount

    def count(self, column: str) -> int | None:
        value = self.raw(column)
        if value in (None, ""):
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        else:
            text = str(value).replace(" ", "")
            if _GROUPED_INT.match(text):
                text = text.replace(".", "")
            try:
                number = float(text)
            except ValueError:
                number = -1.0
        if not number.is_integer() or number < 0:
            self.fail(
                column,
                _('"%(value)s" bukan bilangan bulat tidak negatif, mis. 500.') % {"value": value},
            )
            return None
        if number > 2_147_483_647:
            self.fail(column, _("Bilangan terlalu besar."))
            return None
        return int(number)

    def date(self, column: str) -> dt.date | None:
        text = self.text(column)
        if not text:
            return None
        for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        self.fail(
            column,
            _('"%(text)s" bukan tanggal yang dikenali; tulis %(help)s.')
            % {"text": text, "help": _(_DATE_HELP)},
        )
        return None

    def yes_no(self, column: str, default: bool) -> bool:
        text = fold(self.text(column))
        if not text:
            return default
        if text in _YES:
            return True
        if text in _NO:
            return False
        self.fail(
            column, _('Isi "ya" atau "tidak", bukan "%(text)s".') % {"text": self.text(column)}
        )
        return default

    def choice(self, column: str, choices, default: str, aliases: dict | None = None) -> str:
        text = self.text(column)
        if not text:
            return default
        key = fold(text).replace(" ", "")
        for value, label in choices.choices:
            if key in {value.replace("_", ""), fold(str(label)).replace(" ", "")}:
                return value
        if aliases and fold(text) in aliases:
            return aliases[fold(text)]
        self.fail(
            column,
            _('"%(text)s" tidak dikenal; pilih salah satu: %(choices)s.')
            % {"text": text, "choices": ", ".join(choices.values)},
        )
        return default

    def cert_kinds(self, column: str) -> list[str]:
        kinds = []
        for part in re.split(r"[;,]", self.text(column)):
            if part.strip():
                kind = _cert_kind(part)
                if kind is None:
                    self.fail(
                        column,
                        _('Jenis sertifikat "%(kind)s" tidak dikenal; pilih: %(kinds)s.')
                        % {"kind": part.strip(), "kinds": _CERT_KINDS},
                    )
                elif kind not in kinds:
                    kinds.append(kind)
        return kinds


def _cert_kind(text: str) -> str | None:
    key = fold(text).replace(" ", "")
    for value, label in CertificationKind.choices:
        if key in {value.replace("_", ""), fold(str(label)).replace(" ", "")}:
            return value
    return None


@dataclass
class _Context:
    """Reference data looked up once per import, not once per row."""

    kbli: dict[str, KbliCode] = field(default_factory=dict)
    city_prefix: str = ""
    _regions: dict[tuple[str, tuple[str, ...]], Region | str] = field(default_factory=dict)
    _businesses: dict[tuple[str, str], Business | str] = field(default_factory=dict)
    _certs: dict[int, list[Certification]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> _Context:
        city = City.objects.first()
        return cls(
            kbli={
                k.code: k
                for k in KbliCode.objects.filter(version=DEFAULT_KBLI_VERSION, level="kelompok")
            },
            city_prefix=city.region_id if city else "",
        )

    def region(self, text: str, levels: tuple[str, ...]) -> Region | str:
        """The region a code or a name means, or an Indonesian reason why none."""
        key = (text, levels)
        if key not in self._regions:
            self._regions[key] = self._find_region(text, levels)
        return self._regions[key]

    def _find_region(self, text: str, levels: tuple[str, ...]) -> Region | str:
        if re.fullmatch(r"[\d.]+", text):
            region = Region.objects.filter(code=text.strip("."), level__in=levels).first()
            return region or _("Kode wilayah %(code)s tidak dikenal.") % {"code": text}
        name = re.sub(r"^(kel|kelurahan|desa|kec|kecamatan) ", "", fold(text))
        qs = Region.objects.filter(search_name=name, level__in=levels).select_related("parent")
        if self.city_prefix:
            qs = qs.filter(code__startswith=self.city_prefix + ".")
        found = list(qs[:5])
        if not found:
            return _(
                'Wilayah "%(text)s" tidak ditemukan di kota ini; tulis kodenya, mis. 18.72.01.1005.'
            ) % {"text": text}
        if len(found) > 1:
            codes = ", ".join(f"{r.code} ({r.parent.name if r.parent else r.name})" for r in found)
            return _(
                'Nama "%(text)s" dipakai lebih dari satu wilayah (%(codes)s); tulis kodenya.'
            ) % {
                "text": text,
                "codes": codes,
            }
        return found[0]

    def business(self, *, nib: str = "", name: str = "", region: Region | None = None):
        key = (nib, "") if nib else (fold(name), region.code if region else "")
        if key not in self._businesses:
            if nib:
                found = list(Business.objects.filter(nib=nib)[:2])
                missing = _(
                    "Tidak ada usaha terdaftar dengan NIB %(nib)s; impor usahanya lebih dulu."
                ) % {"nib": nib}
            else:
                found = list(
                    Business.objects.annotate(lname=Lower("name")).filter(
                        lname=name.strip().lower(), region=region
                    )[:2]
                )
                missing = _(
                    'Tidak ada usaha bernama "%(name)s" di %(region)s; periksa ejaannya atau isi NIB.'
                ) % {"name": name, "region": region}
            if not found:
                self._businesses[key] = missing
            elif len(found) > 1:
                self._businesses[key] = _(
                    'Ada lebih dari satu usaha bernama "%(name)s" di %(region)s; isi NIB-nya.'
                ) % {"name": name, "region": region}
            else:
                self._businesses[key] = found[0]
        return self._businesses[key]

    def valid_certs(self, business: Business) -> list[Certification]:
        if business.pk not in self._certs:
            self._certs[business.pk] = [
                c for c in Certification.objects.filter(business=business) if not c.is_expired
            ]
        return self._certs[business.pk]


def _service_errors(row: _Row, error: ValidationError, spec: ImportKind) -> None:
    if hasattr(error, "error_dict"):
        for fld, messages in error.message_dict.items():
            row.fail(spec.field_columns.get(fld, "-"), " ".join(messages))
    else:
        row.fail("-", " ".join(error.messages))


def _kbli(row: _Row, column: str, ctx: _Context) -> KbliCode | None:
    code = row.identifier(column, "KBLI")
    if not code:
        return None
    kbli = ctx.kbli.get(code)
    if kbli is None:
        row.fail(column, _UNKNOWN_KBLI % {"code": code})
    return kbli


# A plan is what a valid row will write, written with all the others in one bulk service call.
Plan = services.BusinessDraft | services.OfferDraft | services.NeedDraft


def _plan_usaha(row: _Row, ctx: _Context, seen: dict[str, Any]) -> Plan | None:
    spec = USAHA
    region = None
    region_text = row.text("kelurahan")
    if region_text:
        found = ctx.region(region_text, ("desa",))
        if isinstance(found, str):
            row.fail("kelurahan", found)
        else:
            region = found
    data = {
        "name": row.text("nama_usaha", max_length=200),
        "legal_form": row.choice(
            "bentuk_usaha", LegalForm, LegalForm.PERORANGAN, _LEGAL_FORM_ALIASES
        ),
        "nib": row.identifier("nib", "NIB"),
        "npwp": row.identifier("npwp", "NPWP"),
        "owner_name": row.text("nama_pemilik", max_length=150),
        "owner_nik": row.identifier("nik_pemilik", "NIK"),
        "address": row.text("alamat", max_length=255),
        "region": region,
        "whatsapp": row.identifier("no_whatsapp", "Nomor WhatsApp"),
        "email": row.text("email", max_length=254),
        "modal_usaha": row.rupiah("modal_usaha"),
        "hasil_penjualan": row.rupiah("hasil_penjualan"),
        "description": row.text("deskripsi"),
    }
    # A cell that already failed is not checked twice.
    data = {k: v for k, v in data.items() if spec.field_columns[k] not in row.failed}
    try:
        cleaned = services.business_clean(data)
    except ValidationError as e:
        _service_errors(row, e, spec)
        cleaned = data
    nib = cleaned.get("nib")
    if nib and "nib" not in row.failed:
        if nib in seen:
            row.fail(
                "nib",
                _("NIB %(nib)s sudah dipakai di baris %(row)s berkas ini.")
                % {"nib": nib, "row": seen[nib]},
            )
        else:
            seen[nib] = row.number

    primary = _kbli(row, "kbli_utama", ctx)
    others = []
    for code in re.split(r"[;,\s]+", row.identifier("kbli_lain", "KBLI")):
        if code and code not in ctx.kbli:
            row.fail("kbli_lain", _UNKNOWN_KBLI % {"code": code})
        elif code:
            others.append(code)

    certs = []
    for part in row.text("sertifikat").split(";"):
        if not part.strip():
            continue
        pieces = [p.strip() for p in part.split(":", 2)] + ["", ""]
        kind, number, expires_text = pieces[:3]
        if _cert_kind(kind) is None:
            row.fail(
                "sertifikat",
                _('Jenis sertifikat "%(kind)s" tidak dikenal; pilih: %(kinds)s.')
                % {"kind": kind, "kinds": _CERT_KINDS},
            )
            continue
        if not number:
            row.fail(
                "sertifikat",
                _(
                    "Nomor sertifikat %(kind)s belum diisi; tulis jenis:nomor:berlaku_sampai, "
                    'mis. "halal:ID123:2027-12-31".'
                )
                % {"kind": kind},
            )
            continue
        if len(number) > 60:
            row.fail(
                "sertifikat",
                _("Nomor sertifikat %(kind)s terlalu panjang (paling banyak 60).") % {"kind": kind},
            )
            continue
        expires = None
        if expires_text:
            cell = _Row(row.number, {"sertifikat": expires_text}, [])
            expires = cell.date("sertifikat")
            if expires is None:
                row.fail(
                    "sertifikat",
                    _("Sertifikat %(kind)s: %(problem)s")
                    % {"kind": kind, "problem": cell.errors[0].message},
                )
                continue
        certs.append((_cert_kind(kind), number, expires))
    consent = row.yes_no("persetujuan_privasi", default=False)

    if not row.ok:
        return None

    return services.BusinessDraft(
        data=cleaned,
        kbli_primary=primary.code if primary else None,
        kbli_others=others,
        certifications=certs,
        privacy_consent=consent,
    )


def _linked_business(row: _Row, ctx: _Context, *, allow_name: bool) -> Business | None:
    nib = row.identifier("nib", "NIB")
    if nib:
        try:
            nib = clean_nib(nib)
        except ValueError as e:
            row.fail("nib", value_error_text(e))
            return None
        found = ctx.business(nib=nib)
        if isinstance(found, str):
            row.fail("nib", found)
            return None
        return found
    if not allow_name:
        row.fail("nib", _("NIB usaha wajib diisi."))
        return None
    name = row.text("nama_usaha")
    region_text = row.text("kelurahan")
    if not name or not region_text:
        row.fail("nib", _("Isi NIB usaha, atau nama_usaha bersama kelurahan-nya."))
        return None
    region = ctx.region(region_text, ("desa",))
    if isinstance(region, str):
        row.fail("kelurahan", region)
        return None
    found = ctx.business(name=name, region=region)
    if isinstance(found, str):
        row.fail("nama_usaha", found)
        return None
    return found


def _plan_penawaran(row: _Row, ctx: _Context, seen: dict[str, Any]) -> Plan | None:
    spec = PENAWARAN
    business = _linked_business(row, ctx, allow_name=True)
    link_column = "nib" if row.text("nib") else "nama_usaha"
    if business is not None and business.size_class in LARGE_SIZES:
        row.fail(
            link_column,
            _(
                "%(name)s berskala %(size)s: penawaran untuk usaha mikro dan kecil; "
                "usaha ini mencatat kebutuhan."
            )
            % {"name": business.name, "size": business.get_size_class_display().lower()},
        )
    data = {
        "title": row.text("judul", max_length=200),
        "description": row.text("deskripsi"),
        "kbli": _kbli(row, "kbli", ctx),
        "unit": row.choice("satuan", Unit, Unit.PCS, _UNIT_ALIASES),
        "price_min": row.rupiah("harga_min"),
        "price_max": row.rupiah("harga_max"),
        "capacity_per_month": row.count("kapasitas_per_bulan"),
        "is_active": row.yes_no("aktif", default=True),
    }
    try:
        services.offer_check(data)
    except ValidationError as e:
        _service_errors(row, e, spec)
    kinds = row.cert_kinds("sertifikat")
    certs: list[Certification] = []
    if business is not None:
        valid = ctx.valid_certs(business)
        for kind in kinds:
            matching = [c for c in valid if c.kind == kind]
            if not matching:
                row.fail(
                    "sertifikat",
                    _(
                        "%(name)s belum punya sertifikat %(kind)s yang berlaku; "
                        "catat sertifikatnya pada data usaha lebih dulu."
                    )
                    % {"name": business.name, "kind": kind},
                )
            certs += matching
        title_key = (business.pk, fold(data["title"]))
        if data["title"] and title_key in seen:
            row.fail(
                "judul",
                _("Penawaran yang sama sudah ada di baris %(row)s berkas ini.")
                % {"row": seen[title_key]},
            )
        elif data["title"]:
            seen[title_key] = row.number
            if Offer.objects.filter(business=business, title__iexact=data["title"]).exists():
                row.fail(
                    "judul",
                    _('%(name)s sudah punya penawaran "%(title)s".')
                    % {"name": business.name, "title": data["title"]},
                )
    if not row.ok:
        return None

    assert business is not None  # a row without its business has failed above
    return services.OfferDraft(business=business, data=data, certifications=certs)


def _plan_kebutuhan(row: _Row, ctx: _Context, seen: dict[str, Any]) -> Plan | None:
    spec = KEBUTUHAN
    business = _linked_business(row, ctx, allow_name=False)
    if business is not None and business.size_class and business.size_class not in LARGE_SIZES:
        row.fail(
            "nib",
            _("%(name)s berskala %(size)s: kebutuhan dicatat oleh usaha menengah dan besar.")
            % {"name": business.name, "size": business.get_size_class_display().lower()},
        )
    region = None
    region_text = row.text("wilayah_pengiriman")
    if region_text:
        found = ctx.region(region_text, ("provinsi", "kabkota", "kecamatan", "desa"))
        if isinstance(found, str):
            row.fail("wilayah_pengiriman", found)
        else:
            region = found
    data = {
        "title": row.text("judul", max_length=200),
        "description": row.text("deskripsi"),
        "kbli": _kbli(row, "kbli", ctx),
        "quantity": row.count("jumlah"),
        "unit": row.choice("satuan", Unit, Unit.PCS, _UNIT_ALIASES),
        "period": row.choice("periode", Period, Period.MONTH, _PERIOD_ALIASES),
        "required_certifications": row.cert_kinds("sertifikat_wajib"),
        "target_price": row.rupiah("harga_sasaran"),
        "deadline": row.date("batas_waktu"),
        "delivery_region": region,
    }
    try:
        services.need_check(data)
    except ValidationError as e:
        _service_errors(row, e, spec)
    if business is not None and data["title"]:
        title_key = (business.pk, fold(data["title"]))
        if title_key in seen:
            row.fail(
                "judul",
                _("Kebutuhan yang sama sudah ada di baris %(row)s berkas ini.")
                % {"row": seen[title_key]},
            )
        else:
            seen[title_key] = row.number
            if Need.objects.filter(
                business=business, title__iexact=data["title"], status="open"
            ).exists():
                row.fail(
                    "judul",
                    _('%(name)s sudah punya kebutuhan terbuka "%(title)s".')
                    % {"name": business.name, "title": data["title"]},
                )
    if not row.ok:
        return None

    assert business is not None
    return services.NeedDraft(business=business, data=data)


_PLANNERS = {"usaha": _plan_usaha, "penawaran": _plan_penawaran, "kebutuhan": _plan_kebutuhan}


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_rows(*, kind: str, rows: Rows, actor, progress: Progress | None = None) -> ImportResult:
    """Check every row; write all of them in one transaction only if none is bad.

    The check reads only, outside any transaction, so it blocks no other writer however long
    the file. The write is one short transaction of bulk inserts (``services.*_create_many``,
    ``BULK_BATCH_SIZE`` rows a statement), so other writers wait a fraction of a second on
    SQLite, not the whole import. ``progress(done, message)`` is called now and then, ``done``
    counting up to ``2 * len(rows)``: first the check, then the write.
    """
    spec = KINDS[kind]
    planner = _PLANNERS[kind]
    ctx = _Context.load()
    total = len(rows)
    errors: list[RowError] = []
    plans: list[tuple[int, Any]] = []
    seen: dict[Any, int] = {}
    for i, (number, values) in enumerate(rows, start=1):
        plan = planner(_Row(number, values, errors), ctx, seen)
        if plan is not None:
            plans.append((number, plan))
        if progress and (i % PROGRESS_EVERY == 0 or i == total):
            progress(
                i,
                _("Tahap 1 dari 2: memeriksa baris (%(done)s dari %(total)s).")
                % {"done": i, "total": total},
            )
    if errors:
        order = {name: i for i, name in enumerate(spec.names)}
        errors.sort(key=lambda e: (e.row, order.get(e.column, len(order))))
        return ImportResult(errors=errors)

    if progress:
        progress(
            total,
            ngettext(
                "Tahap 2 dari 2: menyimpan %(total)s baris dalam satu transaksi.",
                "Tahap 2 dari 2: menyimpan %(total)s baris dalam satu transaksi.",
                total,
            )
            % {"total": total},
        )
    drafts = [plan for _number, plan in plans]
    try:
        _WRITERS[kind](actor=actor, drafts=drafts)
    except ValidationError as e:
        return ImportResult(errors=_write_errors(e, plans, spec))
    except DatabaseError as e:
        return ImportResult(
            errors=[RowError(plans[0][0], "-", f"Gagal menyimpan ke basis data: {e}")]
        )
    return ImportResult(created=len(plans))


_WRITERS: dict[str, Callable[..., Any]] = {
    "usaha": services.business_create_many,
    "penawaran": services.offer_create_many,
    "kebutuhan": services.need_create_many,
}


def _write_errors(error: ValidationError, plans: list[tuple[int, Any]], spec: ImportKind):
    """A refusal of the bulk write, put on the rows it concerns where that can be told: a NIB
    registered by someone else between the check and the write (nothing was saved)."""
    if hasattr(error, "error_dict") and "nib" in error.error_dict:
        nibs = {p.data.get("nib"): n for n, p in plans if isinstance(p, services.BusinessDraft)}
        taken = Business.objects.filter(nib__in=[k for k in nibs if k]).values_list(
            "nib", flat=True
        )
        clashes = [
            RowError(
                nibs[nib], "nib", _("NIB %(nib)s sudah terdaftar untuk usaha lain.") % {"nib": nib}
            )
            for nib in sorted(taken, key=lambda n: nibs[n])
        ]
        if clashes:
            return clashes
    row = _Row(plans[0][0], {}, [])
    _service_errors(row, error, spec)
    return row.errors


# --- templates ---------------------------------------------------------------


def template_csv(kind: str) -> bytes:
    spec = KINDS[kind]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(spec.names)
    writer.writerow([c.example for c in spec.columns])
    # A BOM so that Excel opens the file as UTF-8.
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(kind: str) -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    spec = KINDS[kind]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = str(spec.label)
    bold = Font(bold=True)
    sheet.append(spec.names)
    for i, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(i)
        sheet.cell(row=1, column=i).font = bold
        width = max(len(column.name), len(column.example)) + 4
        sheet.column_dimensions[letter].width = min(max(width, 12), 45)
        if column.text:
            sheet.column_dimensions[letter].number_format = "@"
    sheet.append([c.example or None for c in spec.columns])
    for i, column in enumerate(spec.columns, start=1):
        if column.text:
            sheet.cell(row=2, column=i).number_format = "@"
    sheet.freeze_panes = "A2"

    # The guide is in the officer's language; sheet 1's column names stay as the importer reads them.
    guide = workbook.create_sheet(_("Petunjuk"))
    guide.append([_("Petunjuk impor %(kind)s JalinMitra") % {"kind": spec.label.lower()}])
    guide["A1"].font = Font(bold=True, size=13)
    for line in (
        _("Isi lembar %(sheet)s: baris 1 berisi judul kolom (jangan diubah), satu baris per data.")
        % {"sheet": spec.label},
        _("Baris 2 berisi contoh: ganti atau hapus sebelum mengunggah."),
        _(
            "Semua atau tidak sama sekali: bila ada satu baris salah, tidak ada yang disimpan dan "
            "setiap baris yang salah ditunjukkan. Paling banyak %(max)s baris, 5 MB."
        )
        % {"max": MAX_ROWS},
        _("Kolom bertanda wajib harus diisi; kolom lain boleh kosong atau dihapus."),
        "",
    ):
        guide.append([line])
    header_row = guide.max_row + 1
    guide.append([_("kolom"), _("wajib"), _("keterangan"), _("contoh")])
    for cell in guide[header_row]:
        cell.font = bold
    help_params = {
        "legal_forms": ", ".join(LegalForm.values),
        "cert_kinds": _CERT_KINDS,
        "units": _UNITS,
        "date_help": _(_DATE_HELP),
    }
    for column in spec.columns:
        guide.append(
            [
                column.name,
                _("wajib") if column.required else "",
                str(column.help) % help_params,
                column.example,
            ]
        )
    for row in guide.iter_rows(min_row=header_row + 1):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 8
    guide.column_dimensions["C"].width = 80
    guide.column_dimensions["D"].width = 40
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
