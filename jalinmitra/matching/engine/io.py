"""Reading offers and needs from JSON, CSV and XLSX, with every problem reported.

Messages are Indonesian and name the record: ``penawaran #3 (id "o7"): satuan "karung"
tidak dikenal``. Nothing is returned unless every record is valid.
"""

from __future__ import annotations

import csv
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .model import KBLI_RE, REGION_RE, Certification, Need, Offer, Price
from .units import Quantity, UnitError, check_period, check_unit, parse_number, parse_quantity

KIND_LABEL = {"offer": "penawaran", "need": "kebutuhan"}

# Column names accepted in CSV/XLSX (first row), Indonesian or English.
COLUMNS = {
    "id": ("id", "kode"),
    "title": ("title", "judul", "nama"),
    "description": ("description", "deskripsi", "keterangan"),
    "kbli": ("kbli",),
    "certifications": ("certifications", "sertifikat", "sertifikasi"),
    "requires": ("requires", "syarat", "wajib_sertifikat"),
    "capacity": ("capacity", "kapasitas"),
    "quantity": ("quantity", "jumlah", "volume"),
    "region": ("region", "wilayah", "kode_wilayah"),
    "price_min": ("price_min", "harga_min"),
    "price_max": ("price_max", "harga_max"),
    "target_price": ("target_price", "harga_target"),
    "price_unit": ("price_unit", "satuan_harga"),
    "local_only": ("local_only", "hanya_lokal"),
}
_COLUMN_OF = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}


class InputError(Exception):
    """Input that cannot be matched; ``problems`` lists every message."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class MatchInput:
    offers: list[Offer] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)
    local_only: bool = False
    region_names: dict[str, str] = field(default_factory=dict)
    today: date | None = None


class _RecordError(ValueError):
    pass


def _text(value: Any, name: str, required: bool = False) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _RecordError(f"{name} tidak ada")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _RecordError(f"{name} harus berupa teks")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _list(value: Any, name: str) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [_text(value, name)]
    if not isinstance(value, list):
        raise _RecordError(f"{name} harus berupa daftar")
    return value


def _kbli(value: Any) -> tuple[str, ...]:
    codes = []
    for item in _list(value, "kbli"):
        code = _text(item, "kbli").upper()
        if not KBLI_RE.fullmatch(code):
            raise _RecordError(f'kode KBLI "{item}" tidak sah (huruf A–U atau 2–5 angka)')
        codes.append(code)
    return tuple(codes)


def _region(value: Any) -> str | None:
    code = _text(value, "wilayah")
    if not code:
        return None
    if not REGION_RE.fullmatch(code):
        raise _RecordError(f'kode wilayah "{code}" tidak sah (contoh: 18.72.01.1001)')
    return code


def _date(value: Any, name: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise _RecordError(f'tanggal {name} "{value}" tidak sah (pakai TTTT-BB-HH)') from None


def _certifications(value: Any) -> tuple[Certification, ...]:
    certs = []
    for item in _list(value, "sertifikat"):
        if isinstance(item, dict):
            kind = _text(item.get("type"), "jenis sertifikat", required=True)
            number = _text(item.get("number"), "nomor sertifikat") or None
            certs.append(Certification(kind, number, _date(item.get("expires"), "berlaku")))
        else:
            # CSV form: "halal:ID123:2027-12-31" (number and expiry optional)
            parts = [p.strip() for p in _text(item, "sertifikat").split(":")]
            expires = _date(parts[2], "berlaku") if len(parts) > 2 else None
            number = parts[1] if len(parts) > 1 and parts[1] else None
            certs.append(Certification(parts[0], number, expires))
    return tuple(certs)


def _number(value: Any, name: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _RecordError(f"{name} harus berupa angka")
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = parse_number(str(value).replace("Rp", "").replace("rp", "").strip())
        except ValueError:
            raise _RecordError(f'{name} "{value}" bukan angka') from None
    if number < 0:
        raise _RecordError(f"{name} tidak boleh negatif")
    return number


def _quantity(value: Any, name: str) -> Quantity | None:
    if value is None or value == "" or value == {}:
        return None
    try:
        if isinstance(value, str):
            qty = parse_quantity(value)
        elif isinstance(value, dict):
            amount = _number(value.get("quantity"), f"{name}: quantity")
            if amount is None:
                raise _RecordError(f"{name}: quantity tidak ada")
            unit = _text(value.get("unit"), f"{name}: unit", required=True)
            check_unit(unit)
            per = value.get("per")
            check_period(per)
            qty = Quantity(amount, unit.lower(), str(per).strip().lower() if per else None)
        else:
            raise _RecordError(f'{name} harus berupa objek atau teks seperti "500 kg/bulan"')
    except UnitError as exc:
        raise _RecordError(str(exc)) from None
    if qty.quantity <= 0:
        raise _RecordError(f"{name} harus lebih dari nol")
    return qty


def _unit(value: Any) -> str | None:
    unit = _text(value, "satuan harga")
    if not unit:
        return None
    try:
        check_unit(unit)
    except UnitError as exc:
        raise _RecordError(str(exc)) from None
    return unit.lower()


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in {"1", "true", "ya", "y", "yes"}


def _price(record: dict, kind: str) -> Price | None:
    try:
        if kind == "offer":
            raw = record.get("price")
            if isinstance(raw, dict):
                low = _number(raw.get("min"), "harga min")
                high = _number(raw.get("max"), "harga max")
                unit = _unit(raw.get("unit"))
            elif raw not in (None, ""):
                low = high = _number(raw, "harga")
                unit = _unit(record.get("price_unit"))
            else:
                low = _number(record.get("price_min"), "harga min")
                high = _number(record.get("price_max"), "harga max")
                unit = _unit(record.get("price_unit"))
            if low is None and high is None:
                return None
            return Price(low, high, unit)
        raw = record.get("target_price")
        if isinstance(raw, dict):
            amount = _number(raw.get("amount"), "harga target")
            unit = _unit(raw.get("unit"))
        else:
            amount = _number(raw, "harga target")
            unit = _unit(record.get("price_unit"))
        return None if amount is None else Price(amount, amount, unit)
    except ValueError as exc:
        raise _RecordError(str(exc)) from None


def parse_record(record: Any, kind: str) -> Offer | Need:
    """One offer or need from a dict (JSON object or spreadsheet row); raises _RecordError."""
    if not isinstance(record, dict):
        raise _RecordError("harus berupa objek JSON")
    record_id = _text(record.get("id"), "id", required=True)
    title = _text(record.get("title"), "judul (title)", required=True)
    description = _text(record.get("description"), "deskripsi")
    kbli = _kbli(record.get("kbli"))
    region = _region(record.get("region"))
    price = _price(record, kind)
    if kind == "offer":
        return Offer(
            record_id,
            title,
            description,
            kbli,
            _certifications(record.get("certifications")),
            _quantity(record.get("capacity"), "kapasitas"),
            region,
            price,
        )
    requires = tuple(
        Certification(_text(item, "syarat sertifikat")).type
        for item in _list(record.get("requires"), "syarat sertifikat")
    )
    return Need(
        record_id,
        title,
        description,
        kbli,
        requires,
        _quantity(record.get("quantity"), "jumlah"),
        region,
        price,
        _bool(record.get("local_only")),
    )


def parse_records(records: Any, kind: str, problems: list[str]) -> list:
    label = KIND_LABEL[kind]
    if not isinstance(records, list):
        problems.append(f"daftar {label} harus berupa larik (array) JSON")
        return []
    parsed = []
    seen: dict[str, int] = {}
    for number, record in enumerate(records, start=1):
        raw_id = record.get("id") if isinstance(record, dict) else None
        where = f"{label} #{number}" + (f' (id "{raw_id}")' if raw_id not in (None, "") else "")
        key = str(raw_id).strip() if raw_id not in (None, "") else None
        if key is not None and key in seen:
            problems.append(f'{where}: id "{key}" sudah dipakai oleh {label} #{seen[key]}')
            continue
        if key is not None:
            seen[key] = number
        try:
            parsed.append(parse_record(record, kind))
        except _RecordError as exc:
            problems.append(f"{where}: {exc}")
    return parsed


def parse_input(data: Any) -> MatchInput:
    """The CLI's JSON document (see docs/design.md, "Matcher") as plain objects."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise InputError(['berkas masukan harus berupa objek JSON dengan "offers" dan "needs"'])
    result = MatchInput()
    result.offers = parse_records(data.get("offers", []), "offer", problems)
    result.needs = parse_records(data.get("needs", []), "need", problems)
    result.local_only = _bool(data.get("local_only", False))
    names = data.get("region_names") or {}
    if not isinstance(names, dict):
        problems.append("region_names harus berupa objek {kode: nama}")
    else:
        result.region_names = {str(k): str(v) for k, v in names.items()}
    try:
        result.today = _date(data.get("today"), "today")
    except _RecordError as exc:
        problems.append(str(exc))
    if problems:
        raise InputError(problems)
    return result


def _normalise_row(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for header, value in row.items():
        if header is None:
            continue
        key = _COLUMN_OF.get(str(header).strip().lower().replace(" ", "_"))
        if key is not None:
            out[key] = value.strip() if isinstance(value, str) else value
    return out


def read_table(path: Path, sheet: str | None = None) -> list[dict[str, Any]]:
    """Rows of a CSV or XLSX file as dicts keyed by the canonical column names."""
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            sample = handle.read(4096)
            handle.seek(0)
            delimiter = ";" if sample.count(";") > sample.count(",") else ","
            rows = list(csv.DictReader(handle, delimiter=delimiter))
        return [
            _normalise_row(r)
            for r in rows
            if any((v or "").strip() for v in r.values() if isinstance(v, str))
        ]
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        rows = worksheet.iter_rows(values_only=True)
        headers = next(rows, None) or ()
        table = []
        for values in rows:
            if all(v in (None, "") for v in values):
                continue
            table.append(_normalise_row(dict(zip(headers, values, strict=False))))
        workbook.close()
        return table
    raise InputError(
        [f'berkas "{path.name}": jenis berkas tidak didukung (pakai .json, .csv atau .xlsx)']
    )


SHEET_NAMES = {"offer": ("penawaran", "offers"), "need": ("kebutuhan", "needs")}


def read_workbook(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Both sheets ("penawaran"/"offers" and "kebutuhan"/"needs") of one XLSX file."""
    from openpyxl import load_workbook

    names = load_workbook(path, read_only=True).sheetnames
    found = {}
    for kind, candidates in SHEET_NAMES.items():
        sheet = next((n for n in names if n.strip().lower() in candidates), None)
        if sheet is None:
            raise InputError([f'berkas "{path.name}": lembar "{candidates[0]}" tidak ada'])
        found[kind] = read_table(path, sheet)
    return found


def load_input(
    path: Path | None = None, offers: Path | None = None, needs: Path | None = None
) -> MatchInput:
    """Read the CLI input: one JSON or XLSX file, or separate offers and needs tables."""
    try:
        if path is not None and path.suffix.lower() in {".xlsx", ".xlsm"}:
            sheets = read_workbook(path)
            return parse_input({"offers": sheets["offer"], "needs": sheets["need"]})
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:
                raise InputError(
                    [
                        f'berkas "{path.name}": JSON tidak sah (baris {exc.lineno}, kolom {exc.colno}): {exc.msg}'
                    ]
                ) from None
            return parse_input(data)
        if offers is None or needs is None:
            raise InputError(["berikan satu berkas, atau berkas penawaran dan berkas kebutuhan"])
        return parse_input({"offers": read_table(offers), "needs": read_table(needs)})
    except OSError as exc:
        raise InputError([f'berkas "{exc.filename}" tidak dapat dibaca: {exc.strerror}']) from None
    except (zipfile.BadZipFile, KeyError):
        raise InputError(["berkas XLSX rusak atau bukan XLSX"]) from None
    except UnicodeDecodeError:
        raise InputError(["berkas masukan bukan teks UTF-8"]) from None
