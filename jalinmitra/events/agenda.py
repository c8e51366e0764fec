"""Agendas on paper and in calendars: .ics, PDF (Typst), the master schedule as XLSX and PDF.

Venue connections are often poor, so every participant's agenda prints with a QR code the
officer at the door scans for check-in.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from pathlib import Path

import segno
from django.conf import settings
from django.urls import reverse

from jalinmitra.core.dates import format_hari_tanggal
from jalinmitra.core.spreadsheets import safe_row
from jalinmitra.events import selectors
from jalinmitra.events.models import Event, Participant

logger = logging.getLogger(__name__)

TYPST_DIR = Path(__file__).parent / "typst"


def checkin_url(participant: Participant) -> str:
    path = reverse("events:checkin_token", args=[participant.event_id, participant.checkin_token])
    return f"{settings.SITE_URL}{path}"


def qr_svg(url: str) -> str:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", border=2, scale=4, xmldecl=False)
    return out.getvalue().decode()


# --- iCalendar (RFC 5545), written by hand ---------------------------------------------------


def _ics_escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped; every line
    break (CRLF, a bare CR or a bare LF) becomes the two characters \\n, so a name typed
    with a line break cannot start a property of its own. Other control characters, which
    the RFC does not allow in TEXT, are dropped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return "".join(ch for ch in text if ch == "\t" or (ord(ch) >= 0x20 and ord(ch) != 0x7F))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    raw = line.encode()
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for ch in line:
        b = ch.encode()
        if len(current) + len(b) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += b
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def participant_ics(participant: Participant) -> bytes:
    event = participant.event
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "jalinmitra"
    stamp = _utc(dt.datetime.now(dt.UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//JalinMitra//Temu Usaha//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_escape(event.name)}",
    ]
    for m in selectors.agenda_of(participant=participant):
        other = m.buyer if participant.pk == m.seller_id else m.seller
        lines += [
            "BEGIN:VEVENT",
            f"UID:temu-{event.pk}-meeting-{m.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(event.slot_start(m.slot))}",
            f"DTEND:{_utc(event.slot_end(m.slot))}",
            f"SUMMARY:{_ics_escape(f'Temu usaha: {other.business.name}')}",
            f"LOCATION:{_ics_escape(f'{event.venue} — {m.buyer.business.name}, meja {m.table}')}",
            f"DESCRIPTION:{_ics_escape(f'{event.name}. Meja {m.table} {m.buyer.business.name}.')}",
            "STATUS:CONFIRMED",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()


# --- PDF through Typst ------------------------------------------------------------------------


def _compile(template: str, data: dict, qr: str = "") -> bytes | None:
    """A PDF, or None when Typst fails (the caller falls back to a printable page)."""
    try:
        import typst

        return typst.compile(
            str(TYPST_DIR / template),
            format="pdf",
            sys_inputs={"data": json.dumps(data), "qr": qr},
        )
    except Exception:
        logger.exception("Typst failed for %s", template)
        return None


def participant_data(participant: Participant) -> dict:
    event = participant.event
    rows = []
    for m in selectors.agenda_of(participant=participant):
        other = m.buyer if participant.pk == m.seller_id else m.seller
        rows.append(
            {
                "time": f"{m.slot}–{event.slot_end_label(m.slot)}",
                "with": other.business.name,
                "table": f"{m.buyer.business.name}, meja {m.table}",
            }
        )
    return {
        "event": event.name,
        "date": format_hari_tanggal(event.date),
        "venue": event.venue,
        "name": participant.business.name,
        "role": str(participant.get_role_display()),
        "rows": rows,
        "checkin": checkin_url(participant),
    }


def participant_pdf(participant: Participant) -> bytes | None:
    data = participant_data(participant)
    return _compile("agenda.typ", data, qr_svg(data["checkin"]))


def master_data(event: Event) -> dict:
    meetings = list(selectors.meetings_of(event=event))
    grid = selectors.schedule_grid(event=event, meetings=meetings)
    return {
        "event": event.name,
        "date": format_hari_tanggal(event.date),
        "venue": event.venue,
        "columns": [f"{b.business.name} · {t}" for b, t in grid["columns"]],
        "rows": [
            {
                "slot": f"{r['slot']}–{r['end']}",
                "cells": [c.seller.business.name if c else "" for c in r["cells"]],
            }
            for r in grid["rows"]
        ],
    }


def master_pdf(event: Event) -> bytes | None:
    return _compile("master.typ", master_data(event))


# --- XLSX ----------------------------------------------------------------------------------


def master_xlsx(event: Event) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    meetings = list(selectors.meetings_of(event=event))
    wb = Workbook()
    ws = wb.active
    ws.title = "Jadwal"
    ws.append(safe_row([event.name, format_hari_tanggal(event.date), event.venue]))
    ws.append([])
    header = [
        "Mulai",
        "Selesai",
        "Pembeli",
        "Meja",
        "Penjual",
        "NIB penjual",
        "Skor",
        "Status",
        "Terbit",
        "Dikunci",
    ]
    ws.append(header)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for m in meetings:
        ws.append(
            safe_row(
                [
                    m.slot,
                    event.slot_end_label(m.slot),
                    m.buyer.business.name,
                    m.table,
                    m.seller.business.name,
                    m.seller.business.nib or "",
                    round(m.score, 3),
                    str(m.get_status_display()),
                    "ya" if m.published else "tidak",
                    "ya" if m.locked else "tidak",
                ]
            )
        )
    for column, width in zip("ABCDEFGHIJ", (8, 8, 34, 6, 34, 16, 7, 12, 7, 8), strict=True):
        ws.column_dimensions[column].width = width
    grid = selectors.schedule_grid(event=event, meetings=meetings)
    ws2 = wb.create_sheet("Meja per slot")
    ws2.append(safe_row(["Slot"] + [f"{b.business.name} · meja {t}" for b, t in grid["columns"]]))
    for cell in ws2[1]:
        cell.font = Font(bold=True)
    for r in grid["rows"]:
        ws2.append(
            safe_row([r["slot"]] + [c.seller.business.name if c else "" for c in r["cells"]])
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
