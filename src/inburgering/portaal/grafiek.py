"""Server-rendered SVG charts: no JavaScript, no downloads. Each chart has a title and description for
screen readers and sits next to a table with the same numbers (WCAG 1.1.1)."""

from __future__ import annotations

import math
from html import escape

from django.utils.safestring import mark_safe

KLEUREN = ("#01689b", "#a90061", "#39870c", "#e17000", "#42145f", "#5a5a5a")


def _mooi_max(m: int) -> int:
    """A top for the y-axis with four equal, round, whole steps (0, 60, 120, 180, 240 for 207)."""
    if m <= 4:
        return 4
    ruw = m / 4
    e = 10 ** int(math.log10(ruw))
    for f in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        stap = f * e
        if stap >= ruw and stap == int(stap):
            return int(stap) * 4
    return m


def _getal(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def staven(punten: list[tuple[str, int]], titel: str, omschrijving: str, hoogte: int = 220, id_: str = "st") -> str:
    """Vertical bars (e.g. signals per week)."""
    breedte = max(360, 40 + len(punten) * 44)
    links, onder, boven = 48, 40, 12
    plot_h = hoogte - onder - boven
    top = _mooi_max(max((v for _, v in punten), default=0))
    stap = (breedte - links - 8) / max(1, len(punten))
    delen = [f'<svg class="grafiek" role="img" aria-labelledby="{id_}-t {id_}-d" viewBox="0 0 {breedte} {hoogte}" '
             f'width="{breedte}" height="{hoogte}" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{id_}-t">{escape(titel)}</title><desc id="{id_}-d">{escape(omschrijving)}</desc>']
    for i in range(5):
        y = boven + plot_h - plot_h * i / 4
        delen.append(f'<line x1="{links}" x2="{breedte - 4}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d0d0" stroke-width="1"/>')
        delen.append(f'<text x="{links - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#333">{_getal(round(top * i / 4))}</text>')
    for i, (label, v) in enumerate(punten):
        h = plot_h * v / top if top else 0
        x = links + i * stap + stap * 0.15
        w = stap * 0.7
        delen.append(f'<rect x="{x:.1f}" y="{boven + plot_h - h:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{KLEUREN[0]}">'
                     f'<title>{escape(label)}: {_getal(v)}</title></rect>')
        if v:
            delen.append(f'<text x="{x + w / 2:.1f}" y="{boven + plot_h - h - 3:.1f}" text-anchor="middle" font-size="10" fill="#1a1a1a">{_getal(v)}</text>')
        delen.append(f'<text x="{x + w / 2:.1f}" y="{hoogte - onder + 15}" text-anchor="middle" font-size="10" fill="#333">{escape(label)}</text>')
    delen.append(f'<line x1="{links}" x2="{breedte - 4}" y1="{boven + plot_h}" y2="{boven + plot_h}" stroke="#333" stroke-width="1"/>')
    delen.append("</svg>")
    return mark_safe("".join(delen))


def liggend(rijen: list[tuple[str, dict[str, int]]], reeksen: list[tuple[str, str]], titel: str, omschrijving: str,
            id_: str = "imp") -> str:
    """Horizontal stacked bars, one per row (e.g. impact per gemeente); ``reeksen`` = [(key, label)]."""
    regel_h, links, rechts, boven = 24, 190, 70, 34
    breedte = 760
    hoogte = boven + regel_h * max(1, len(rijen)) + 8
    top = max((sum(d.get(k, 0) for k, _ in reeksen) for _, d in rijen), default=0) or 1
    schaal = (breedte - links - rechts) / top
    delen = [f'<svg class="grafiek" role="img" aria-labelledby="{id_}-t {id_}-d" viewBox="0 0 {breedte} {hoogte}" '
             f'width="{breedte}" height="{hoogte}" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{id_}-t">{escape(titel)}</title><desc id="{id_}-d">{escape(omschrijving)}</desc>']
    x = links
    for i, (_, label) in enumerate(reeksen):  # legend
        delen.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{KLEUREN[i % len(KLEUREN)]}"/>'
                     f'<text x="{x + 16}" y="16" font-size="12" fill="#1a1a1a">{escape(label)}</text>')
        x += 24 + 7 * len(label)
    for r, (label, d) in enumerate(rijen):
        y = boven + r * regel_h
        delen.append(f'<text x="{links - 8}" y="{y + 15}" text-anchor="end" font-size="12" fill="#1a1a1a">{escape(label[:28])}</text>')
        x = links
        for i, (k, naam) in enumerate(reeksen):
            v = d.get(k, 0)
            if v:
                w = v * schaal
                delen.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{regel_h - 8}" fill="{KLEUREN[i % len(KLEUREN)]}">'
                             f'<title>{escape(label)} – {escape(naam)}: {_getal(v)}</title></rect>')
                x += w
        totaal = sum(d.get(k, 0) for k, _ in reeksen)
        delen.append(f'<text x="{x + 6:.1f}" y="{y + 15}" font-size="12" fill="#1a1a1a">{_getal(totaal)}</text>')
    delen.append("</svg>")
    return mark_safe("".join(delen))


def mini(waarden: list[int], label: str) -> str:
    """A small bar sparkline for a table row; the numbers are in the row itself."""
    top = max(waarden, default=0) or 1
    w, h = 6 * len(waarden), 22
    delen = [f'<svg class="mini" role="img" aria-label="{escape(label)}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
             f'xmlns="http://www.w3.org/2000/svg">']
    for i, v in enumerate(waarden):
        bh = (h - 2) * v / top
        delen.append(f'<rect x="{i * 6}" y="{h - bh:.1f}" width="5" height="{bh:.1f}" fill="{KLEUREN[0]}"/>')
    delen.append("</svg>")
    return mark_safe("".join(delen))
