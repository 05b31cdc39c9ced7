"""Charts drawn on the server as inline SVG: nothing is fetched, they print, and each comes with its table and CSV.

A `Chart` holds the figures once (columns and rows); the SVG, the table view and the CSV download are three
renderings of the same rows, so they can never disagree. Colours are dark enough to print in greyscale and every
bar carries its value as text, so the chart still reads on a black-and-white printout.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from innopark.core.money import format_money, format_money_compact, tenge_string

# Print-safe palette: distinct in greyscale (light to dark), readable on white.
PALETTE = ["#0b6e6e", "#c06000", "#3d4fa8", "#7a8c1c", "#8e3b72", "#5b6775", "#b8860b", "#2f7d32"]
INK, MUTED, GRID = "#1d2733", "#5b6775", "#d8dee6"
FONT = "system-ui, 'DejaVu Sans', Arial, sans-serif"

LABEL, COUNT, MONEY, PERCENT = "label", "count", "money", "percent"


@dataclass
class Chart:
    """One figure: `rows` of raw values (labels, integers, tiyn), typed by `kinds` per column."""

    key: str
    title: str
    columns: list[str]
    kinds: list[str]
    rows: list[list] = field(default_factory=list)
    svg: SafeString = field(default_factory=lambda: SafeString(""))
    note: str = ""

    def display_rows(self) -> list[list[tuple[str, bool]]]:
        """Cells as (text, is_number) in the active language, for the table view."""
        return [
            [(display_value(v, kind), kind != LABEL) for v, kind in zip(row, self.kinds, strict=True)]
            for row in self.rows
        ]

    def csv_text(self) -> str:
        """The CSV download: machine values (tenge as "21400000.00", plain integers), headers in the page's
        language. Starts with a BOM so that spreadsheet programs open Cyrillic correctly."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([str(c) for c in self.columns])
        for row in self.rows:
            writer.writerow([csv_value(v, kind) for v, kind in zip(row, self.kinds, strict=True)])
        return "\ufeff" + buffer.getvalue()


def display_value(value, kind: str) -> str:
    if value is None:
        return "—"
    if kind == MONEY:
        return format_money(int(value))
    if kind == PERCENT:
        return f"{value}%"
    return str(value)


def csv_value(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == MONEY:
        return tenge_string(int(value))
    return str(value)


def _svg(width: int, height: int, title: str, body) -> SafeString:
    return format_html(
        '<svg viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="{f}"><title>{t}</title>{b}</svg>',
        w=width,
        h=height,
        t=title,
        f=FONT,
        b=body,
    )


def clip(label, length: int) -> str:
    """A long label shortened with an ellipsis (the table view has it in full)."""
    text = str(label)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _n(value: float) -> str:
    return f"{value:.1f}"


def _short(value, kind: str) -> str:
    return format_money_compact(int(value)) if kind == MONEY else str(value)


def bar_chart(labels: list[str], values: list[int], *, title: str, kind: str = COUNT) -> SafeString:
    """Vertical bars with their values on top (trends per year or quarter)."""
    if not labels:
        return SafeString("")
    width, height, left, bottom, top = 640, 240, 16, 30, 24
    peak = max(max(values), 1)
    slot = (width - 2 * left) / len(labels)
    bar = max(min(slot * 0.6, 90), 4)
    parts = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = (height - bottom - top) * max(value, 0) / peak
        x = left + i * slot + (slot - bar) / 2
        y = height - bottom - h
        parts.append(
            (
                f"{x:.1f}",
                f"{y:.1f}",
                f"{bar:.1f}",
                f"{h:.1f}",
                PALETTE[0],
                f"{x + bar / 2:.1f}",
                f"{y - 5:.1f}",
                _short(value, kind),
                f"{height - bottom + 18:.1f}",
                label,
            )
        )
    body = format_html_join(
        "",
        '<rect x="{0}" y="{1}" width="{2}" height="{3}" fill="{4}"></rect>'
        '<text x="{5}" y="{6}" text-anchor="middle" font-size="13" fill="' + INK + '">{7}</text>'
        '<text x="{5}" y="{8}" text-anchor="middle" font-size="13" fill="' + MUTED + '">{9}</text>',
        parts,
    )
    axis = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"></line>',
        left,
        height - bottom,
        width - left,
        height - bottom,
        MUTED,
    )
    return _svg(width, height, title, axis + body)


def hbar_chart(labels: list[str], values: list[int], *, title: str, kind: str = COUNT) -> SafeString:
    """Horizontal bars (categories, regions): long labels stay readable."""
    if not labels:
        return SafeString("")
    row_h, label_w, width, pad = 28, 250, 640, 8
    height = row_h * len(labels) + 2 * pad
    peak = max(max(values), 1)
    usable = width - label_w - 110
    parts = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = pad + i * row_h
        w = usable * max(value, 0) / peak
        parts.append(
            (
                f"{label_w - 8}",
                f"{y + row_h / 2 + 5:.1f}",
                clip(label, 34),
                label_w,
                f"{y + 4:.1f}",
                f"{max(w, 1):.1f}",
                f"{row_h - 8}",
                PALETTE[i % len(PALETTE)],
                f"{label_w + w + 6:.1f}",
                _short(value, kind),
            )
        )
    body = format_html_join(
        "",
        '<text x="{0}" y="{1}" text-anchor="end" font-size="13" fill="' + INK + '">{2}</text>'
        '<rect x="{3}" y="{4}" width="{5}" height="{6}" fill="{7}"></rect>'
        '<text x="{8}" y="{1}" font-size="13" fill="' + INK + '">{9}</text>',
        parts,
    )
    return _svg(width, height, title, body)


def flow_chart(
    sources: list[tuple[str, int]], middle: tuple[str, int], targets: list[tuple[str, int]], *, title: str
) -> SafeString:
    """Money from funders (left) into the fund (middle) and out to grants by category (right), as bands whose
    thickness is proportional to the amount: a small Sankey diagram without any script."""
    if not sources and not targets:
        return SafeString("")
    width, pad, node_w, gap = 760, 10, 14, 6
    col_x = [210, width // 2 - node_w // 2 - 40, width - 250 - node_w]
    total = max(sum(v for _, v in sources), sum(v for _, v in targets), middle[1], 1)
    rows = max(len(sources), len(targets), 1)
    height = max(220, rows * 34 + 2 * pad)
    scale = (height - 2 * pad - gap * max(rows - 1, 0)) / total
    parts: list[str] = []

    def column(items, x, anchor_left):
        y = pad
        boxes = []
        for i, (label, value) in enumerate(items):
            h = max(value * scale, 2)
            boxes.append((y, h))
            colour = PALETTE[i % len(PALETTE)]
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>', x, _n(y), node_w, _n(h), colour
                )
            )
            tx = x - 6 if anchor_left else x + node_w + 6
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="{}" font-size="12" fill="{}">{} · {}</text>',
                    tx,
                    _n(y + h / 2 + 4),
                    "end" if anchor_left else "start",
                    INK,
                    clip(label, 30),
                    format_money_compact(value),
                )
            )
            y += h + gap
        return boxes

    left_boxes = column(sources, col_x[0], True)
    right_boxes = column(targets, col_x[2], False)
    mid_h = max(middle[1] * scale, 2)
    mid_y = pad
    parts.append(
        format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>', col_x[1], mid_y, node_w, _n(mid_h), INK
        )
    )
    parts.append(
        format_html(
            '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}">{} · {}</text>',
            col_x[1] + node_w // 2,
            _n(min(mid_y + mid_h + 16, height - 2)),
            INK,
            middle[0],
            format_money_compact(middle[1]),
        )
    )

    def bands(boxes, from_x, to_x, into_middle):
        offset = mid_y
        for i, (y, h) in enumerate(boxes):
            a, b = (y, offset) if into_middle else (offset, y)
            c = (from_x + to_x) / 2
            parts.append(
                format_html(
                    '<path d="M{x0},{a0} C{c},{a0} {c},{b0} {x1},{b0} L{x1},{b1} '
                    'C{c},{b1} {c},{a1} {x0},{a1} Z" fill="{col}" fill-opacity="0.35"></path>',
                    x0=from_x,
                    x1=to_x,
                    c=_n(c),
                    a0=_n(a),
                    a1=_n(a + h),
                    b0=_n(b),
                    b1=_n(b + h),
                    col=PALETTE[i % len(PALETTE)],
                )
            )
            offset += h

    bands(left_boxes, col_x[0] + node_w, col_x[1], True)
    bands(right_boxes, col_x[1] + node_w, col_x[2], False)
    return _svg(width, height, title, mark_safe("".join(parts)))  # noqa: S308 - every part is format_html output
