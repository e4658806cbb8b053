"""Small SVG charts rendered on the server: no chart library, nothing fetched."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="chart" '
            'role="img" aria-label="{}"><title>{}</title>',
            width,
            height,
            title,
            title,
        ),
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"/>',
            pad_l,
            pad_t + plot_h,
            width - pad_r,
            pad_t + plot_h,
        ),
        format_html('<text x="4" y="{}" font-size="11">{}</text>', pad_t + 4, peak),
        format_html('<text x="4" y="{}" font-size="11">0</text>', pad_t + plot_h),
    ]
    if rows:
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11">{}</text>', pad_l, height - 8, rows[0]["day"]
            )
        )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>',
                width - pad_r,
                height - 8,
                rows[-1]["day"],
            )
        )
    for k, (name, label) in enumerate(series):
        points = " ".join(f"{x(i):.1f},{y(float(r[name])):.1f}" for i, r in enumerate(rows))
        colour = COLOURS.get(name, "#555")
        parts.append(
            format_html(
                '<polyline fill="none" stroke="{}" stroke-width="2" points="{}"/>', colour, points
            )
        )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" fill="{}">■ {}</text>',
                pad_l + 10 + k * 110,
                pad_t - 5,
                colour,
                label,
            )
        )
    return format_html("{}</svg>", format_html_join("", "{}", ((part,) for part in parts)))


def reliability_chart(bins: list[dict[str, Any]], *, title: str, size: int = 260) -> SafeString:
    """A reliability diagram: for each tenth of the score range, the share of its posts that
    were removals (a dot, its area by the number of posts) against the diagonal a perfectly
    calibrated model would sit on. ``bins`` are ``evaluate.calibration_bins`` rows."""
    pad = 30
    plot = size - 2 * pad

    def x(v: float) -> float:
        return pad + plot * v

    def y(v: float) -> float:
        return pad + plot * (1 - v)

    most = max([1] + [int(b["posts"]) for b in bins])
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" class="chart square" '
            'role="img" aria-label="{}"><title>{}</title>',
            size,
            size,
            title,
            title,
        ),
        format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#999"/>',
            pad,
            pad,
            plot,
            plot,
        ),
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999" stroke-dasharray="4 3"/>',
            x(0),
            y(0),
            x(1),
            y(1),
        ),
        format_html('<text x="{}" y="{}" font-size="11">0</text>', pad - 10, size - pad + 12),
        format_html(
            '<text x="{}" y="{}" font-size="11" text-anchor="end">1</text>', size - pad, size - 8
        ),
        format_html('<text x="{}" y="{}" font-size="11">1</text>', pad - 12, pad + 4),
    ]
    previous = None
    for b in bins:
        cx, cy = x(float(b["mean_score"])), y(float(b["removed_share"]))
        if previous is not None:
            parts.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b5cad"/>',
                    f"{previous[0]:.1f}",
                    f"{previous[1]:.1f}",
                    f"{cx:.1f}",
                    f"{cy:.1f}",
                )
            )
        previous = (cx, cy)
        radius = 2 + 6 * (int(b["posts"]) / most) ** 0.5
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="{}" fill="#0b5cad"><title>{}–{}: {} · {} · {}</title>'
                "</circle>",
                f"{cx:.1f}",
                f"{cy:.1f}",
                f"{radius:.1f}",
                b["from"],
                b["to"],
                b["posts"],
                b["mean_score"],
                b["removed_share"],
            )
        )
    return format_html("{}</svg>", format_html_join("", "{}", ((part,) for part in parts)))
