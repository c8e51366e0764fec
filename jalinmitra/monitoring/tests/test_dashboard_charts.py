"""The pure parts of the dashboard: the SVG charts (well-formed, escaped, labelled, sized) and the
period arithmetic (quarters, months, labels)."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from jalinmitra.monitoring import charts
from jalinmitra.monitoring.dashboard import Period, recent_quarters

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@pytest.mark.parametrize(
    "draw",
    [
        lambda: charts.bar_chart(["Jan", "Feb", "Mar"], [1_500_000, 0, 2_000_000], title="T"),
        lambda: charts.hbar_chart(["Kec. A", "Kec. B"], [5, 3], title="T"),
        lambda: charts.line_chart(
            ["Jan", "Feb"], [("Kirim", [1, 2]), ("Bayar", [0, 1])], title="T"
        ),
        lambda: charts.funnel_chart([("Terdaftar", 10), ("Terverifikasi", 8)], title="T"),
    ],
)
def test_every_chart_is_wellformed_named_svg(draw):
    svg = draw()
    root = parse(svg)
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img" and root.get("aria-label") == "T"
    assert root.find(SVG + "title").text == "T"
    assert len(svg) < 20_000


def test_labels_are_escaped():
    svg = charts.hbar_chart(['<script>alert("x")</script> & co'], [1], title="a<b")
    parse(svg)  # still well-formed
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_bars_scale_with_values():
    root = parse(charts.hbar_chart(["a", "b"], [10, 5], title="T"))
    widths = [float(r.get("width")) for r in root.iter(SVG + "rect")]
    assert widths[0] == pytest.approx(2 * widths[1])


def test_funnel_shows_the_share_of_the_stage_before():
    svg = charts.funnel_chart([("A", 200), ("B", 50)], title="T")
    texts = [t.text for t in parse(svg).iter(SVG + "text")]
    assert "200" in texts and "50 (25%)" in texts


def test_empty_and_mismatched():
    assert "Belum ada data" in charts.bar_chart([], [], title="T")
    assert "Belum ada data" in charts.funnel_chart([], title="T")
    with pytest.raises(ValueError):
        charts.bar_chart(["a"], [1, 2], title="T")
    with pytest.raises(ValueError):
        charts.line_chart(["a", "b"], [("s", [1])], title="T")


def test_many_months_do_not_crowd_their_labels():
    labels = [f"M{i}" for i in range(36)]
    root = parse(charts.bar_chart(labels, list(range(36)), title="T"))
    shown = [t.text for t in root.iter(SVG + "text") if t.text and t.text.startswith("M")]
    assert 0 < len(shown) < 36


@pytest.mark.parametrize(
    "value, text",
    [
        (0, "Rp0"),
        (950_000, "Rp950 rb"),
        (12_500_000, "Rp12,5 jt"),
        (1_200_000_000, "Rp1,2 M"),
        (3_000_000_000_000, "Rp3 T"),
    ],
)
def test_rupiah_short(value, text):
    assert charts.rupiah_short(value) == text


def test_number_id():
    assert charts.number_id(1234567) == "1.234.567"


# --- periods -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "year, q, start, end",
    [
        (2026, 1, dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        (2024, 1, dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        (2026, 2, dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        (2026, 4, dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
    ],
)
def test_quarters(year, q, start, end):
    p = Period.quarter(year, q)
    assert (p.start, p.end) == (start, end)
    assert p.quarter_number == q
    assert Period.quarter_of(end) == p == Period.quarter_of(start)


def test_labels_and_months():
    assert Period.quarter(2026, 3).label == "Triwulan III 2026"
    assert Period.year(2026).label == "Tahun 2026"
    assert Period.year(2026).quarter_number is None
    odd = Period(dt.date(2026, 1, 15), dt.date(2026, 3, 1))
    assert odd.label == "15 Januari 2026 – 1 Maret 2026"
    assert odd.months() == [dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)]
    assert len(Period.year(2026).months()) == 12


def test_bounds_cover_the_last_day(settings):
    start, stop = Period.quarter(2026, 3).bounds()
    assert start.date() == dt.date(2026, 7, 1)
    assert stop.date() == dt.date(2026, 10, 1)  # exclusive: all of 30 September counts


def test_recent_quarters():
    got = recent_quarters(dt.date(2026, 2, 10), n=3)
    assert [p.label for p in got] == ["Triwulan I 2026", "Triwulan IV 2025", "Triwulan III 2025"]
