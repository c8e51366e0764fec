"""The dashboard's figures as charts, as an XLSX workbook, and as the printable quarterly report
"Laporan Program Kemitraan" (a Typst PDF with the city's header, the charts, the tables, a short
narrative filled from the figures and the officials' signature block); and the public
statistics, where no group of fewer than three businesses is shown."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

import typst
from django.db.models import Count, Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from jalinmitra.core.dates import format_tanggal
from jalinmitra.core.money import format_rupiah
from jalinmitra.core.selectors import city_current
from jalinmitra.core.spreadsheets import safe_row
from jalinmitra.events.choices import OutcomeResult
from jalinmitra.monitoring import charts
from jalinmitra.monitoring.dashboard import Figures, Group, Period, entries_in, month_label

TEMPLATE = Path(__file__).parent / "typst" / "report.typ"
RUPIAH_FORMAT = '"Rp"#,##0'
PERCENT_FORMAT = "0.0%"

# Public statistics: a group of fewer businesses than this is never shown on its own.
MIN_GROUP = 3


def percent(rate: float | None) -> str:
    if rate is None:
        return "–"
    return f"{100 * rate:.1f}%".replace(".", ",")


# --- charts ---------------------------------------------------------------------------------


def figure_charts(f: Figures) -> dict[str, str]:
    """The dashboard's four charts as SVG text, the same for the page and the PDF."""
    months = f.months
    return {
        "funnel": charts.funnel_chart(
            [(s.label, s.count) for s in f.funnel], title="Corong program: usaha mikro dan kecil"
        ),
        "months": charts.bar_chart(
            [month_label(dt_from_key(g.key)) for g in months],
            [g.delivered for g in months],
            title="Nilai penjualan UMK per bulan (pengiriman dikonfirmasi)",
            fmt=charts.rupiah_short,
        ),
        "sectors": charts.hbar_chart(
            [g.label for g in f.sectors[:10]],
            [g.delivered for g in f.sectors[:10]],
            title="Nilai penjualan per sektor (KBLI)",
            fmt=charts.rupiah_short,
        ),
        "kecamatan": charts.hbar_chart(
            [g.label for g in f.kecamatan[:10]],
            [g.delivered for g in f.kecamatan[:10]],
            title="Nilai penjualan per kecamatan",
            fmt=charts.rupiah_short,
        ),
    }


def dt_from_key(key: str) -> dt.date:
    """ "2026-07" -> 1 July 2026 (the key of a month's Group)."""
    return dt.date(int(key[:4]), int(key[5:7]), 1)


# --- the narrative --------------------------------------------------------------------------


def narrative(f: Figures) -> list[str]:
    """A few plain sentences for the report, filled from the figures."""
    stages = {s.key: s for s in f.funnel}
    if f.period.quarter_number or f.period.label.startswith("Tahun"):
        during = f.period.label  # "Triwulan III 2026", "Tahun 2026"
    else:
        during = "periode " + f.period.label
    out = [
        f"Selama {during} "
        f"usaha mikro dan kecil peserta program mencatat penjualan yang dikonfirmasi mitranya "
        f"senilai {format_rupiah(f.delivered)} dan menerima pembayaran {format_rupiah(f.paid)}, "
        f"dari {f.transacting} usaha yang bertransaksi melalui {f.active_agreements} perjanjian "
        f"kemitraan yang berjalan."
    ]
    if f.micro_total:
        out.append(
            f"Sebanyak {f.micro_active} dari {f.micro_total} usaha mikro terverifikasi "
            f"({percent(f.micro_share)}) memiliki sedikitnya satu kemitraan yang berjalan."
        )
    best = max(f.months, key=lambda g: g.delivered, default=None)
    if best is not None and best.delivered:
        out.append(
            f"Penjualan tertinggi terjadi pada {best.label} ({format_rupiah(best.delivered)})."
        )
    if f.sectors and f.sectors[0].delivered:
        share = f.sectors[0].delivered / f.delivered if f.delivered else None
        out.append(
            f"Sektor terbesar adalah {f.sectors[0].label} dengan {percent(share)} nilai penjualan."
        )
    if f.kecamatan and f.kecamatan[0].delivered:
        out.append(f"Kecamatan dengan penjualan terbesar: {f.kecamatan[0].label}.")
    out.append(
        f"Dari {stages['registered'].count} usaha mikro dan kecil yang terdaftar, "
        f"{stages['verified'].count} telah terverifikasi, {stages['agreed'].count} telah "
        f"menandatangani perjanjian kemitraan, dan {stages['transacting'].count} bertransaksi "
        f"dalam periode ini."
    )
    if f.events:
        meetings = sum(e.meetings_held for e in f.events)
        agreed = sum(e.agreed for e in f.events)
        out.append(
            f"Dalam periode ini tercatat {len(f.events)} temu usaha dengan {meetings} "
            f"pertemuan terlaksana; {agreed} pertemuan berakhir dengan kesepakatan bermitra."
        )
    if f.attention:
        out.append(
            f"{f.attention} kemitraan saat ini perlu perhatian petugas (pembayaran terlambat, "
            f"sanggahan, atau tidak ada transaksi) dan ditindaklanjuti melalui daftar kerja petugas."
        )
    return out


# --- XLSX -----------------------------------------------------------------------------------


def _sheet(
    wb: Workbook, title: str, header: list[str], rows: list[list], money_cols=(), pct_cols=()
):
    ws = wb.create_sheet(title)
    ws.append(safe_row(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(safe_row(row))
    for col in money_cols:
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            cell.number_format = RUPIAH_FORMAT
    for col in pct_cols:
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            cell.number_format = PERCENT_FORMAT
    for i, _h in enumerate(header, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = 34 if i == 1 else 18
    return ws


def _group_rows(groups: list[Group]) -> list[list]:
    return [[g.label, g.delivered, g.paid, g.businesses] for g in groups]


GROUP_HEADER = ["", "Nilai pengiriman (Rp)", "Pembayaran (Rp)", "Usaha mikro/kecil"]


def figures_xlsx(f: Figures) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Ringkasan"
    city = city_current()
    summary = [
        ["Program Kemitraan Usaha", city.name if city else ""],
        ["Periode", f.period.label],
        ["Dari", f.period.start],
        ["Sampai", f.period.end],
        ["Nilai pengiriman dikonfirmasi (Rp)", f.delivered],
        ["Pembayaran dikonfirmasi (Rp)", f.paid],
        ["Usaha yang bertransaksi", f.transacting],
        ["Perjanjian berjalan", f.active_agreements],
        ["Usaha mikro terverifikasi", f.micro_total],
        ["Usaha mikro dengan kemitraan berjalan", f.micro_active],
        ["Porsi usaha mikro bermitra", f.micro_share],
    ]
    if f.attention is not None:
        summary.append(["Kemitraan perlu perhatian (hari ini)", f.attention])
    summary.append(["Dibuat", timezone.localtime().replace(tzinfo=None)])
    for row in summary:
        ws.append(safe_row(row))
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 28
    for r in (5, 6):
        ws.cell(r, 2).number_format = RUPIAH_FORMAT
    ws.cell(11, 2).number_format = PERCENT_FORMAT
    for r in (3, 4):
        ws.cell(r, 2).number_format = "DD/MM/YYYY"
    ws.cell(ws.max_row, 2).number_format = "DD/MM/YYYY HH:MM"

    _sheet(
        wb,
        "Corong",
        ["Tahap", "Jumlah usaha", "Dari tahap sebelumnya"],
        [[s.label, s.count, s.rate] for s in f.funnel],
        pct_cols=(3,),
    )
    _sheet(wb, "Per bulan", ["Bulan", *GROUP_HEADER[1:]], _group_rows(f.months), money_cols=(2, 3))
    _sheet(
        wb,
        "Per sektor",
        ["Sektor (KBLI)", *GROUP_HEADER[1:]],
        _group_rows(f.sectors),
        money_cols=(2, 3),
    )
    _sheet(
        wb,
        "Per kecamatan",
        ["Kecamatan", *GROUP_HEADER[1:]],
        _group_rows(f.kecamatan),
        money_cols=(2, 3),
    )
    _sheet(
        wb,
        "Kemitraan teratas",
        [
            "Nomor perjanjian",
            "Usaha mikro/kecil",
            "Mitra",
            "Nilai pengiriman (Rp)",
            "Pembayaran (Rp)",
        ],
        [
            [
                str(t.agreement),
                t.agreement.small_party.name,
                t.agreement.large_party.name,
                t.delivered,
                t.paid,
            ]
            for t in f.top
        ],
        money_cols=(4, 5),
    )
    results = list(OutcomeResult)
    _sheet(
        wb,
        "Temu usaha",
        [
            "Acara",
            "Tanggal",
            "Penjual (UMK)",
            "Pembeli",
            "Pertemuan terlaksana",
            *[str(r.label) for r in results],
            "Perjanjian",
        ],
        [
            [
                e.event.name,
                e.event.date,
                e.sellers,
                e.buyers,
                e.meetings_held,
                *[e.outcomes.get(r.value, 0) for r in results],
                e.agreements,
            ]
            for e in f.events
        ],
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- the quarterly report (PDF) -------------------------------------------------------------


def _signatories(city) -> list[dict]:
    """Who signs the report: the heads of the offices running the programme (the city's
    officials after the first, who is usually the deputy mayor), and the first official as the
    one who acknowledges it ("Mengetahui"). At most three."""
    officials = list(city.officials.all()) if city else []
    if not officials:
        return [
            {
                "role": "Kepala Perangkat Daerah",
                "name": "(..............................)",
                "title": "",
                "nip": "",
            }
        ]
    chosen = officials[1:3] + officials[:1] if len(officials) > 1 else officials
    out = []
    for i, o in enumerate(chosen):
        last = i == len(chosen) - 1 and len(chosen) > 1
        out.append(
            {
                "role": "Mengetahui," if last else "Yang melaporkan,",
                "name": o.name,
                "title": o.title,
                "nip": o.nip,
            }
        )
    return out


def report_data(f: Figures, svgs: dict[str, str]) -> dict:
    city = city_current()
    today = timezone.localdate()
    q = f.period.quarter_number
    return {
        "title": "Laporan Program Kemitraan",
        "period": f.period.label,
        "subtitle": f"Triwulan {['I', 'II', 'III', 'IV'][q - 1]} Tahun {f.period.start.year}"
        if q
        else f"Periode {f.period.label}",
        "range": f"{format_tanggal(f.period.start)} s.d. {format_tanggal(f.period.end)}",
        "date_text": format_tanggal(today),
        "place": city.short_name if city else "",
        "city": {
            "name": city.name if city else "",
            "address": city.address if city else "",
            "offices": [o.name for o in city.offices.all()] if city else [],
        },
        "summary": [
            ["Nilai penjualan UMK (pengiriman dikonfirmasi)", format_rupiah(f.delivered)],
            ["Pembayaran dikonfirmasi", format_rupiah(f.paid)],
            ["Usaha mikro/kecil yang bertransaksi", str(f.transacting)],
            ["Perjanjian kemitraan berjalan", str(f.active_agreements)],
            [
                "Usaha mikro dengan kemitraan berjalan",
                f"{f.micro_active} dari {f.micro_total} ({percent(f.micro_share)})",
            ],
            *(
                [["Kemitraan perlu perhatian (per tanggal laporan)", str(f.attention)]]
                if f.attention is not None
                else []
            ),
        ],
        "narrative": narrative(f),
        "funnel": [[s.label, str(s.count), percent(s.rate)] for s in f.funnel],
        "months": [
            [g.label, format_rupiah(g.delivered), format_rupiah(g.paid), str(g.businesses)]
            for g in f.months
        ],
        "sectors": [
            [g.label, format_rupiah(g.delivered), format_rupiah(g.paid), str(g.businesses)]
            for g in f.sectors
        ],
        "kecamatan": [
            [g.label, format_rupiah(g.delivered), format_rupiah(g.paid), str(g.businesses)]
            for g in f.kecamatan
        ],
        "top": [
            [
                str(t.agreement),
                t.agreement.small_party.name,
                t.agreement.large_party.name,
                format_rupiah(t.delivered),
            ]
            for t in f.top
        ],
        "events": [
            [
                e.event.name,
                format_tanggal(e.event.date),
                str(e.sellers),
                str(e.buyers),
                str(e.meetings_held),
                str(e.agreed),
                str(e.agreements),
            ]
            for e in f.events
        ],
        "signatories": _signatories(city),
        "charts": list(svgs),
    }


def report_pdf(f: Figures) -> bytes:
    svgs = figure_charts(f)
    data = report_data(f, svgs)
    return typst.compile(
        str(TEMPLATE),
        format="pdf",
        sys_inputs={"data": json.dumps(data), **{f"chart_{k}": v for k, v in svgs.items()}},
    )


# --- public statistics ----------------------------------------------------------------------


@dataclass
class PublicRow:
    label: str
    delivered: int | None  # None: hidden (fewer than MIN_GROUP businesses)
    businesses: int | None
    merged: bool = False  # the row that gathers the small groups


OTHER_LABEL = "Lainnya (gabungan kelompok kecil)"


def small_count(n: int) -> int | None:
    """A count of businesses as the public sees it: None (shown as "kurang dari 3") when it
    is 1 or 2."""
    return None if 0 < n < MIN_GROUP else n


def suppress(groups: list[Group]) -> list[PublicRow]:
    """Groups of at least MIN_GROUP businesses as they are; the smaller ones gathered in one
    row. If that row would itself hold fewer than MIN_GROUP businesses (so one small group
    could be worked out by subtracting the others from the total), the smallest shown groups
    join it until it holds enough; if even all together are too few, it shows no figure.

    For groups a business belongs to only one of (its kecamatan, its main KBLI's sector), so
    the gathered row's count of businesses is a plain sum."""
    big = sorted(
        (g for g in groups if g.businesses >= MIN_GROUP), key=lambda g: (g.businesses, g.delivered)
    )
    small = [g for g in groups if 0 < g.businesses < MIN_GROUP]
    while small and sum(g.businesses for g in small) < MIN_GROUP and big:
        small.append(big.pop(0))
    rows = [
        PublicRow(g.label, g.delivered, g.businesses)
        for g in sorted(big, key=lambda g: -g.delivered)
    ]
    if small:
        n = sum(g.businesses for g in small)
        shown = n >= MIN_GROUP
        rows.append(
            PublicRow(
                OTHER_LABEL,
                sum(g.delivered for g in small) if shown else None,
                n if shown else None,
                merged=True,
            )
        )
    return rows


def suppress_months(period: Period, months: list[Group]) -> list[PublicRow]:
    """Months with fewer than MIN_GROUP businesses show no figure. The same business sells in
    many months, so the hidden months together are checked for MIN_GROUP distinct businesses
    (in the database); while they are fewer, the smallest shown month is hidden too, so the
    total minus the shown months never reveals one or two businesses."""
    hidden = {g.key for g in months if 0 < g.businesses < MIN_GROUP}
    shown = sorted(
        (g for g in months if g.businesses >= MIN_GROUP), key=lambda g: (g.businesses, g.delivered)
    )
    while hidden and shown and distinct_sellers(period, hidden) < MIN_GROUP:
        hidden.add(shown.pop(0).key)
    return [
        PublicRow(g.label, None, None)
        if g.key in hidden
        else PublicRow(g.label, g.delivered, g.businesses)
        for g in months
    ]


def distinct_sellers(period: Period, month_keys: set[str]) -> int:
    """Distinct micro/small partners with a confirmed entry in any of these months."""
    q = Q()
    for key in month_keys:
        first = dt_from_key(key)
        q |= Q(date__year=first.year, date__month=first.month)
    return (
        entries_in(period)
        .filter(q)
        .aggregate(n=Count("agreement__small_party", distinct=True))["n"]
    )


@dataclass
class PublicStats:
    period: Period
    delivered: int | None
    transacting: int | None
    active_agreements: int | None
    micro_total: int | None
    micro_active: int | None
    registered: int | None
    verified: int | None
    months: list[PublicRow]
    sectors: list[PublicRow]
    kecamatan: list[PublicRow]
    events: int
    meetings_held: int


def public_stats(f: Figures) -> PublicStats:
    """What anyone may see: counts and sums, no names, no figure from fewer than MIN_GROUP
    businesses."""
    enough = f.transacting >= MIN_GROUP
    stages = {s.key: s.count for s in f.funnel}
    return PublicStats(
        period=f.period,
        delivered=f.delivered if enough else None,
        transacting=small_count(f.transacting),
        active_agreements=small_count(f.active_agreements),
        micro_total=small_count(f.micro_total),
        micro_active=small_count(f.micro_active),
        registered=small_count(stages["registered"]),
        verified=small_count(stages["verified"]),
        months=suppress_months(f.period, f.months) if enough else [],
        sectors=suppress(f.sectors) if enough else [],
        kecamatan=suppress(f.kecamatan) if enough else [],
        events=len(f.events),
        meetings_held=sum(e.meetings_held for e in f.events),
    )
