"""Small SVG charts rendered on the server: no chart library, nothing fetched."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COLOURS = {"imported": "#0b5cad", "decided": "#1e7a3c", "removed": "#b3261e"}


def line_chart(
    rows: list[dict[str, Any]],
    series: list[tuple[str, str]],
    *,
    title: str,
    width: int = 720,
    height: int = 220,
) -> SafeString:
    """A line chart of ``series`` (key, label) over ``rows`` (each with a "day")."""
    pad_l, pad_r, pad_t, pad_b = 40, 10, 20, 30
    plot_w, plot_h = width - pad_l - pad_r, height - pad_t - pad_b
    peak = max([1] + [int(r[key]) for r in rows for key, _label in series])
    n = max(1, len(rows) - 1)

    def x(i: int) -> float:
        return pad_l + plot_w * i / n

    def y(v: float) -> float:
        return pad_t + plot_h * (1 - v / peak)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{pad_l}" y1="{pad_t + plot_h}" x2="{width - pad_r}" y2="{pad_t + plot_h}" '
        'stroke="#999"/>',
        f'<text x="4" y="{pad_t + 4}" font-size="11">{peak}</text>',
        f'<text x="4" y="{pad_t + plot_h}" font-size="11">0</text>',
    ]
    if rows:
        parts.append(
            f'<text x="{pad_l}" y="{height - 8}" font-size="11">'
            f"{escape(str(rows[0]['day']))}</text>"
        )
        parts.append(
            f'<text x="{width - pad_r}" y="{height - 8}" font-size="11" text-anchor="end">'
            f"{escape(str(rows[-1]['day']))}</text>"
        )
    for k, (name, label) in enumerate(series):
        points = " ".join(f"{x(i):.1f},{y(float(r[name])):.1f}" for i, r in enumerate(rows))
        colour = COLOURS.get(name, "#555")
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>'
        )
        parts.append(
            f'<text x="{pad_l + 10 + k * 110}" y="{pad_t - 5}" font-size="12" fill="{colour}">'
            f"■ {escape(label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and escaped labels only
