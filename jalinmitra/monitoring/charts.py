"""Charts for the programme dashboard and its printed report, drawn as plain SVG text.

Pure: no Django, no JavaScript, no fonts of its own. Each function takes labels and numbers and
returns one ``<svg>`` element that scales to its container (``viewBox``, ``width="100%"``), names
itself for screen readers (``role="img"``, ``<title>``), and stays small (a few kilobytes) for a
phone on a mobile connection. The same figures are always shown as a table under the chart, so the
chart only has to be readable, not precise: bars are labelled with their value.

    bar_chart(["Jan", "Feb"], [1_500_000, 2_000_000], title="Nilai per bulan", fmt=rupiah_short)
    hbar_chart(["Kec. Metro Pusat", "Kec. Metro Barat"], [5, 3], title="Usaha per kecamatan")
    line_chart(["Jan", "Feb"], [("Pengiriman", [1, 2]), ("Pembayaran", [1, 1])], title="...")
    funnel_chart([("Terdaftar", 120), ("Terverifikasi", 100)], title="Corong program")
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

__all__ = [
    "COLOURS",
    "bar_chart",
    "funnel_chart",
    "hbar_chart",
    "line_chart",
    "number_id",
    "rupiah_short",
]

# The site's green first, then colours that stay apart for the common colour blindnesses.
COLOURS = ("#0b6b3a", "#d08a00", "#1d4f91", "#a3201b", "#6a4c93")
INK = "#1d2430"
MUTED = "#5b6675"
GRID = "#d9dee5"
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'

Formatter = Callable[[float], str]


def number_id(value: float) -> str:
    """1234567 -> "1.234.567" (Indonesian thousands separator)."""
    return f"{round(value):,}".replace(",", ".")


def rupiah_short(value: float) -> str:
    """An axis label: Rp950 rb, Rp12,5 jt, Rp1,2 M, Rp3,4 T (one decimal, comma as decimal mark)."""
    value = float(value)
    sign = "-" if value < 0 else ""
    value = abs(value)
    for size, word in ((10**12, "T"), (10**9, "M"), (10**6, "jt"), (10**3, "rb")):
        if value >= size:
            shown = f"{value / size:.1f}".rstrip("0").rstrip(".").replace(".", ",")
            return f"{sign}Rp{shown} {word}"
    return f"{sign}Rp{round(value)}"


def _nice_max(value: float) -> float:
    """The axis top: the smallest 1, 2, 2.5 or 5 times a power of ten at or above `value`."""
    if value <= 0:
        return 1.0
    power = 1.0
    while power * 10 <= value:
        power *= 10
    while power > value:
        power /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px;display:block;margin:0 auto" '
        f'preserveAspectRatio="xMidYMid meet" role="img" '
        f'aria-label="{escape(title)}" class="chart" {FONT} font-size="13">'
        f"<title>{escape(title)}</title>"
    )
    return head + "".join(body) + "</svg>"


def _text(x: float, y: float, text: str, *, anchor: str = "start", **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{escape(str(text))}</text>'


def _clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _empty(width: int, height: int, title: str) -> str:
    return _svg(
        width,
        height,
        title,
        [_text(width / 2, height / 2, "Belum ada data", anchor="middle", fill=MUTED)],
    )


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    fmt: Formatter = number_id,
    width: int = 400,
    height: int = 220,
    colour: str = COLOURS[0],
) -> str:
    """Vertical bars, one per label (months), the value written above each bar."""
    if len(labels) != len(values):
        raise ValueError("labels and values differ in length")
    if not labels:
        return _empty(width, height, title)
    left, right, top, bottom = 58, 6, 20, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max(max(values), 0))
    body: list[str] = []
    for i in range(5):
        v = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        body.append(_text(left - 4, y + 4, fmt(v), anchor="end", fill=MUTED, font_size="10"))
    slot = plot_w / len(labels)
    bar_w = max(2.0, slot * 0.7)
    label_every = max(1, math.ceil(len(labels) * 46 / plot_w))  # a label is ~46 px wide
    show_values = slot >= 56
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * max(value, 0) / top_value
        x = left + slot * i + (slot - bar_w) / 2
        y = top + plot_h - h
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{colour}">'
            f"<title>{escape(label)}: {escape(fmt(value))}</title></rect>"
        )
        if value and show_values:
            body.append(
                _text(x + bar_w / 2, y - 4, fmt(value), anchor="middle", font_size="10", fill=INK)
            )
        if i % label_every == 0:
            body.append(
                _text(x + bar_w / 2, height - bottom + 16, _clip(label, 10), anchor="middle")
            )
    return _svg(width, height, title, body)


def hbar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    fmt: Formatter = number_id,
    width: int = 360,
    row: int = 26,
    colour: str = COLOURS[0],
) -> str:
    """Horizontal bars, one row per label (sectors, kecamatan): long names stay readable on a
    narrow screen, the value written after the bar."""
    if len(labels) != len(values):
        raise ValueError("labels and values differ in length")
    if not labels:
        return _empty(width, 80, title)
    label_w, value_w = 128, 70
    plot_w = width - label_w - value_w
    height = row * len(labels) + 8
    top_value = max(max(values), 0) or 1
    body: list[str] = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 4 + row * i
        w = plot_w * max(value, 0) / top_value
        body.append(_text(label_w - 6, y + row * 0.65, _clip(label, 17), anchor="end"))
        body.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{max(w, 1):.1f}" height="{row - 8}" '
            f'fill="{colour}"><title>{escape(label)}: {escape(fmt(value))}</title></rect>'
        )
        body.append(_text(label_w + w + 6, y + row * 0.65, fmt(value), fill=INK))
    return _svg(width, height, title, body)


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    fmt: Formatter = number_id,
    width: int = 480,
    height: int = 240,
) -> str:
    """One line per series over the same labels, with a legend above."""
    if not labels or not series:
        return _empty(width, height, title)
    for name, values in series:
        if len(values) != len(labels):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(labels)} labels")
    left, right, top, bottom = 64, 12, 30, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max(max(max(v) for _, v in series), 0))
    body: list[str] = []
    for i in range(5):
        v = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        body.append(_text(left - 4, y + 4, fmt(v), anchor="end", fill=MUTED, font_size="10"))
    step = plot_w / max(len(labels) - 1, 1)
    label_every = max(1, math.ceil(len(labels) * 46 / plot_w))
    for i, label in enumerate(labels):
        if i % label_every == 0:
            body.append(
                _text(left + step * i, height - bottom + 16, _clip(label, 10), anchor="middle")
            )
    for n, (name, values) in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        points = [
            (left + step * i, top + plot_h - plot_h * max(v, 0) / top_value)
            for i, v in enumerate(values)
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        for (x, y), v, label in zip(points, values, labels, strict=True):
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                f"<title>{escape(name)} {escape(label)}: {escape(fmt(v))}</title></circle>"
            )
        lx = left + n * 170
        body.append(f'<rect x="{lx}" y="6" width="12" height="12" fill="{colour}"/>')
        body.append(_text(lx + 16, 16, _clip(name, 22)))
    return _svg(width, height, title, body)


def funnel_chart(
    stages: Sequence[tuple[str, float]],
    *,
    title: str,
    fmt: Formatter = number_id,
    width: int = 360,
    row: int = 30,
) -> str:
    """The programme's funnel: one centred bar per stage, as wide as its count, with the count
    and the share of the stage before it."""
    if not stages:
        return _empty(width, 80, title)
    label_w = 124
    plot_w = width - label_w - 4
    top_value = max(max(v for _, v in stages), 0) or 1
    height = row * len(stages) + 8
    body: list[str] = []
    previous: float | None = None
    for i, (label, value) in enumerate(stages):
        y = 4 + row * i
        w = max(plot_w * max(value, 0) / top_value, 1)
        x = label_w + (plot_w - w) / 2
        colour = COLOURS[0] if i % 2 == 0 else "#2f8a5a"
        body.append(
            _text(label_w - 8, y + row * 0.6, _clip(label, 18), anchor="end", font_size="12")
        )
        body.append(
            f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" rx="3" '
            f'fill="{colour}"><title>{escape(label)}: {escape(fmt(value))}</title></rect>'
        )
        text = fmt(value)
        if previous:
            text += f" ({round(100 * value / previous)}%)"
        inside = w > 90
        body.append(
            _text(
                label_w + plot_w / 2 if inside else x + w + 6,
                y + row * 0.6,
                text,
                anchor="middle" if inside else "start",
                fill="#ffffff" if inside else INK,
                font_weight="bold",
            )
        )
        previous = value
    return _svg(width, height, title, body)
