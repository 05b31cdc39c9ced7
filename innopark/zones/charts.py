"""Small charts drawn by the server as inline SVG (nothing fetched, readable without JavaScript)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT, PAD, TOP = 640, 220, 28, 18


def bar_chart_svg(points: list[tuple[str, int]], *, title: str) -> SafeString:
    """Bars for (label, value) pairs; each bar carries its value so the chart reads without the table."""
    if not points:
        return SafeString("")
    peak = max(value for _, value in points) or 1
    slot = (WIDTH - 2 * PAD) / len(points)
    bar = max(slot * 0.6, 4)
    rows = []
    for i, (label, value) in enumerate(points):
        h = (HEIGHT - PAD - TOP - 14) * value / peak
        x = PAD + i * slot + (slot - bar) / 2
        y = HEIGHT - PAD - h
        rows.append(
            (
                f"{x:.1f}",
                f"{y:.1f}",
                f"{bar:.1f}",
                f"{h:.1f}",
                f"{x + bar / 2:.1f}",
                f"{y - 4:.1f}",
                value,
                f"{HEIGHT - PAD + 16:.1f}",
                label,
            )
        )
    bars = format_html_join(
        "",
        '<g><rect x="{0}" y="{1}" width="{2}" height="{3}" fill="#0b6e6e"></rect>'
        '<text x="{4}" y="{5}" text-anchor="middle" font-size="12">{6}</text>'
        '<text x="{4}" y="{7}" text-anchor="middle" font-size="11" fill="#5b6775">{8}</text></g>',
        rows,
    )
    return format_html(
        '<svg viewBox="0 0 {} {}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">'
        '<title>{}</title><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#9aa6b2"></line>{}</svg>',
        WIDTH,
        HEIGHT,
        title,
        title,
        PAD,
        HEIGHT - PAD,
        WIDTH - PAD,
        HEIGHT - PAD,
        bars,
    )
