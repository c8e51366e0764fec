"""The worklist's rows made in Python equal what the template loop made, in both languages."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from jalinmitra.monitoring import worklist_html
from jalinmitra.monitoring.health import Late

# The loop of monitoring/worklist.html before the rows were made in Python (the reference).
LOOP = (
    "{% load i18n jm %}"
    + '{% for item in items %}<tr class="work-{{ item.flag }}">\n<td>{{ item.since|date:"d-m-Y" }}</td>\n<td><span class="badge flag-{{ item.flag }}">{{ item.label }}</span></td>\n<td>{{ item.agreement.number|default:item.agreement.code }}<br><span class="muted">{{ item.agreement.small_party.name }} → {{ item.agreement.large_party.name }}{% if item.agreement.small_party.region.parent %} · {{ item.agreement.small_party.region.parent.name }}{% endif %}</span></td>\n<td>{{ item.text }}{% if item.history %}<details><summary>{% translate "Riwayat keterlambatan" %}</summary><ul>{% for x in item.history %}<li>{% blocktranslate with d=x.delivery_date|date:"d-m-Y" due=x.due|date:"d-m-Y" n=x.days v=x.amount|rupiah %}Pengiriman {{ d }} ({{ v }}), jatuh tempo {{ due }}, terlambat {{ n }} hari{% endblocktranslate %}{% if x.outstanding %} · {% translate "belum dibayar" %}{% endif %}</li>{% endfor %}</ul>\n{% if item.history_total > item.history|length %}<p class="muted">{% blocktranslate with shown=item.history|length total=item.history_total %}{{ shown }} terakhir dari {{ total }} keterlambatan; semuanya di halaman realisasi.{% endblocktranslate %}</p>{% endif %}\n{% for i in item.interventions %}<p class="muted">{{ i.get_kind_display }} {{ i.date|date:"d-m-Y" }} ({{ i.officer.display_name }})</p>{% empty %}<p class="muted">{% translate "Belum ada pembinaan atau teguran." %}</p>{% endfor %}</details>{% endif %}</td>\n<td><a class="btn small" href="{{ item.url }}">{% translate "Tangani" %}</a></td>\n</tr>{% empty %}<tr><td colspan="5">{% translate "Tidak ada yang perlu ditangani." %}</td></tr>{% endfor %}'
)


def _item(n, *, history=None, total=0, interventions=None, parent=True, number="PK/<1>&"):
    region = SimpleNamespace(parent=SimpleNamespace(name=f"Kec. <b>{n}</b>") if parent else None)
    agreement = SimpleNamespace(
        number=number,
        code=f"KODE-{n}",
        small_party=SimpleNamespace(name=f"UMKM '{n}\" & co", region=region),
        large_party=SimpleNamespace(name=f"PT Besar {n} <x>"),
    )
    return SimpleNamespace(
        flag="repeated_late" if history else "entry_pending",
        label=f"Tanda <{n}>",
        since=dt.date(2026, 1 + n % 12, 1 + n % 28),
        agreement=agreement,
        text=f"Teks & <i>{n}</i>",
        url=f"/pemantauan/{n}/?a=1&b=2",
        history=history,
        history_total=total,
        interventions=interventions,
    )


def _intervention(kind, date, officer):
    return SimpleNamespace(
        get_kind_display=lambda: kind,
        date=date,
        officer=officer and SimpleNamespace(display_name=officer),
    )


ITEMS = [
    _item(1),
    _item(2, number="", parent=False),
    _item(
        3,
        history=[
            Late(dt.date(2026, 3, 1), dt.date(2026, 3, 31), 12, 1250000, 0),
            Late(dt.date(2026, 4, 2), dt.date(2026, 5, 2), 1234, 5000, 5000),
        ],
        total=7,
        interventions=[
            _intervention("Pembinaan", dt.date(2026, 6, 1), "Bu <Ani>"),
            _intervention("Teguran", dt.date(2026, 7, 9), None),
        ],
    ),
    _item(4, history=[Late(dt.date(2025, 12, 31), dt.date(2026, 1, 30), 1, 0, 0)], total=1),
    _item(5, history=[], total=0),
]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("items", [ITEMS, ITEMS[2:3], []], ids=["many", "one", "none"])
def test_rows_equal_the_template_loop(language, items):
    with translation.override(language):
        expected = Template(LOOP).render(Context({"items": items}))
        assert str(worklist_html.rows(items)) == expected
