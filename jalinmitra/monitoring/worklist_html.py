"""The worklist's table rows as HTML, made in Python.

The same markup the template loop made (tests/test_worklist_html.py compares both in both
languages), at a fraction of its cost: a page of 100 rows with their late-payment histories
was most of a warm page's time, re-resolving the same lookups, translations and date formats
for every row. Here the fixed translations are read once per page; values are escaped and
localized as the template would (`render_value_in_context`).
"""

import datetime as dt

from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from jalinmitra.core.money import format_rupiah


def _dmy(value) -> str:
    """As the `date:"d-m-Y"` filter: numeric, the same in every language."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):  # not expected; the filter would localize it first
        from django.template.defaultfilters import date

        return date(value, "d-m-Y")
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


def rows(items) -> SafeString:
    """The `<tr>`s of the worklist's table for `items` (WorkItems filled by worklist_details)."""
    esc = conditional_escape
    if not items:
        return mark_safe(
            '<tr><td colspan="5">' + esc(gettext("Tidak ada yang perlu ditangani.")) + "</td></tr>"
        )
    context = Context()

    def val(v) -> str:
        return render_value_in_context(v, context)

    history_title = esc(gettext("Riwayat keterlambatan"))
    unpaid = " · " + esc(gettext("belum dibayar"))
    no_action = '<p class="muted">' + esc(gettext("Belum ada pembinaan atau teguran.")) + "</p>"
    handle = esc(gettext("Tangani"))
    late_line = gettext("Pengiriman %(d)s (%(v)s), jatuh tempo %(due)s, terlambat %(n)s hari")
    shown_of = gettext(
        "%(shown)s terakhir dari %(total)s keterlambatan; semuanya di halaman realisasi."
    )
    out: list[str] = []
    for item in items:
        flag = esc(item.flag)
        a = item.agreement
        small = a.small_party
        region = small.region
        parent = region.parent if region is not None else None
        out.append(
            f'<tr class="work-{flag}">\n<td>{_dmy(item.since)}</td>\n'
            f'<td><span class="badge flag-{flag}">{esc(item.label)}</span></td>\n'
            f'<td>{esc(a.number or a.code)}<br><span class="muted">{esc(small.name)} → '
            f"{esc(a.large_party.name)}"
            + (f" · {esc(parent.name)}" if parent else "")
            + f"</span></td>\n<td>{esc(item.text)}"
        )
        if item.history:
            out.append(f"<details><summary>{history_title}</summary><ul>")
            for x in item.history:
                line = late_line % {
                    "d": val(_dmy(x.delivery_date)),
                    "due": val(_dmy(x.due)),
                    "n": val(x.days),
                    "v": val(format_rupiah(x.amount) if x.amount not in (None, "") else "–"),
                }
                out.append(f"<li>{line}{unpaid if x.outstanding else ''}</li>")
            out.append("</ul>\n")
            if item.history_total > len(item.history):
                line = shown_of % {
                    "shown": val(len(item.history)),
                    "total": val(item.history_total),
                }
                out.append(f'<p class="muted">{line}</p>')
            out.append("\n")
            if item.interventions:
                for i in item.interventions:
                    officer = i.officer.display_name if i.officer is not None else ""
                    out.append(
                        f'<p class="muted">{esc(i.get_kind_display())} {_dmy(i.date)} '
                        f"({esc(officer)})</p>"
                    )
            else:
                out.append(no_action)
            out.append("</details>")
        out.append(
            f'</td>\n<td><a class="btn small" href="{esc(item.url)}">{handle}</a></td>\n</tr>'
        )
    return mark_safe("".join(out))
