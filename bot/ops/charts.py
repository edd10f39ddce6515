"""Small charts as inline SVG, rendered on the server: pure functions from numbers to markup, nothing fetched.

Colours come from classes (``ops.css``), so the charts follow the page's light/dark scheme; every chart has a
``<title>`` and ``aria-label`` for screen readers. Labels are escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

Point = tuple[str, float]


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 or float(value).is_integer() else f"{value:.2f}"


def _svg(width: int, height: int, title: str, body: list[str]) -> Markup:
    head = (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="100%" role="img" aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">'
            f"<title>{escape(title)}</title>")
    return Markup(head + "".join(body) + "</svg>")


def column_chart(points: Sequence[Point], *, title: str, width: int = 960, height: int = 190,
                 label_every: int = 1) -> Markup:
    """Vertical bars, one per point (e.g. turns per hour), the largest value written at the top left."""
    top, bottom, left = 18, 22, 4
    plot_h = height - top - bottom
    peak = max((v for _, v in points), default=0) or 1
    step = (width - left) / max(len(points), 1)
    body = [f'<text class="axis" x="{left}" y="12">최대 {_fmt(peak)}</text>',
            f'<line class="baseline" x1="{left}" x2="{width}" y1="{top + plot_h}" y2="{top + plot_h}"/>']
    for i, (label, value) in enumerate(points):
        h = plot_h * value / peak
        x = left + i * step
        body.append(f'<rect class="bar" x="{x + step * 0.12:.1f}" y="{top + plot_h - h:.1f}" '
                    f'width="{step * 0.76:.1f}" height="{h:.1f}"><title>{escape(label)}: {_fmt(value)}</title></rect>')
        if i % max(label_every, 1) == 0:
            body.append(f'<text class="axis" x="{x + step / 2:.1f}" y="{height - 6}" '
                        f'text-anchor="middle">{escape(label)}</text>')
    return _svg(width, height, title, body)


def bar_list(points: Sequence[Point], *, title: str, width: int = 380, row: int = 24, unit: str = "",
             highlight: Sequence[str] = ()) -> Markup:
    """Horizontal bars with their label and value: per channel, per intent, latency percentiles."""
    label_w, value_w = 128, 64
    peak = max((v for _, v in points), default=0) or 1
    height = max(row * len(points), row)
    body = []
    for i, (label, value) in enumerate(points):
        y = i * row
        w = (width - label_w - value_w) * value / peak
        cls = "bar warn" if label in highlight else "bar"
        body.append(f'<text class="label" x="0" y="{y + row * 0.68:.1f}">{escape(label)}</text>'
                    f'<rect class="{cls}" x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row - 8}"/>'
                    f'<text class="value" x="{label_w + w + 6:.1f}" y="{y + row * 0.68:.1f}">'
                    f"{_fmt(value)}{escape(unit)}</text>")
    if not points:
        body.append(f'<text class="axis" x="0" y="{row * 0.68:.1f}">데이터 없음</text>')
    return _svg(width, height, title, body)


def share_meter(share: float, *, title: str, width: int = 300, height: int = 26) -> Markup:
    """One proportion (0..1) as a filled track with the percentage written on it."""
    share = min(max(share, 0.0), 1.0)
    return _svg(width, height, title, [
        f'<rect class="track" x="0" y="0" width="{width}" height="{height}" rx="6"/>',
        f'<rect class="bar warn" x="0" y="0" width="{width * share:.1f}" height="{height}" rx="6"/>',
        f'<text class="value on-bar" x="8" y="{height * 0.7:.1f}">{share * 100:.1f}%</text>',
    ])
