"""A date for the person reading, in the active language: "28 November 2026" / "28 November
2026", "1 Juli 2026" / "1 July 2026". Documents (agreements, letters) keep core.dates, which is
always Indonesian."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.formats import date_format

from jalinmitra.core.dates import format_tanggal


def date_for_reader(value) -> str:
    if not value:
        return "–"
    if hasattr(value, "astimezone"):
        value = timezone.localtime(value).date()
    if translation.get_language() == "en":
        return date_format(value, "j F Y")
    return format_tanggal(value)
