"""Charts drawn on the server as inline SVG (no script, no CDN, presentation attributes only so the pages'
Content-Security-Policy holds): grouped bars of time in step by month, horizontal bars of what waits now."""
from __future__ import annotations

from html import escape

PALETTE = ("#1f5fa8", "#d9822b", "#3a8f4b", "#b03a48", "#6b4fa0", "#5f6b73")


def _fmt(v: float) -> str:
    return f"{v:.1f}".replace(".", ",") if v < 10 else f"{v:.0f}"


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    step = 10 ** (len(str(int(v))) - 1)
    for m in (1, 2, 2.5, 5, 10):
        if v <= m * step:
            return m * step
    return 10 * step


def grouped_bars(title: str, categories: list[str], series: list[tuple[str, list[float | None]]],
                 unit: str) -> str:
    """Vertical bars: one group per category (month), one bar per series (step); values in `unit`."""
    width, height, left, right, top, bottom = 860, 340, 60, 10, 36, 90
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, vs in series for v in vs if v is not None]
    top_v = _nice_max(max(values, default=0))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{escape(title)}" class="chart" font-family="sans-serif" font-size="12">',
           f'<title>{escape(title)}</title>',
           f'<text x="{left}" y="20" font-size="14" font-weight="bold" fill="#222">{escape(title)}</text>']
    for i in range(5):
        v = top_v * i / 4
        y = top + plot_h - plot_h * i / 4
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#444">{_fmt(v)}</text>')
    out.append(f'<text x="14" y="{top + plot_h / 2:.0f}" transform="rotate(-90 14 {top + plot_h / 2:.0f})" '
               f'text-anchor="middle" fill="#444">{escape(unit)}</text>')
    n_cat, n_ser = max(len(categories), 1), max(len(series), 1)
    group_w = plot_w / n_cat
    bar_w = max(min(group_w * 0.8 / n_ser, 28), 2)
    for ci, cat in enumerate(categories):
        x0 = left + ci * group_w + (group_w - bar_w * n_ser) / 2
        for si, (name, vs) in enumerate(series):
            v = vs[ci] if ci < len(vs) else None
            if v is None:
                continue
            h = plot_h * v / top_v
            x, y = x0 + si * bar_w, top + plot_h - h
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 1:.1f}" height="{h:.1f}" '
                       f'fill="{PALETTE[si % len(PALETTE)]}"><title>{escape(name)} · {escape(cat)}: '
                       f'{_fmt(v)} {escape(unit)}</title></rect>')
        out.append(f'<text x="{left + ci * group_w + group_w / 2:.1f}" y="{top + plot_h + 16}" '
                   f'text-anchor="middle" fill="#222">{escape(cat)}</text>')
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#888"/>')
    lx, ly = left, top + plot_h + 40
    for si, (name, _) in enumerate(series):
        step = 28 + 7 * len(name)  # about 7 px a character at 12 px
        if lx + step > width:
            lx, ly = left, ly + 20
        out.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{PALETTE[si % len(PALETTE)]}"/>')
        out.append(f'<text x="{lx + 16}" y="{ly}" fill="#222">{escape(name)}</text>')
        lx += step
    if not values:
        out.append(f'<text x="{left + plot_w / 2:.0f}" y="{top + plot_h / 2:.0f}" text-anchor="middle" '
                   f'fill="#666">Chưa có số liệu trong khoảng thời gian này</text>')
    out.append("</svg>")
    return "".join(out)


def waiting_bars(title: str, rows: list[tuple[str, int, int]]) -> str:
    """Horizontal bars per label: waiting now (light) with the overdue part (dark) drawn over it."""
    width, row_h, left, top = 860, 26, 190, 36
    height = top + row_h * max(len(rows), 1) + 40
    top_v = _nice_max(max((w for _, w, _ in rows), default=0))
    plot_w = width - left - 170  # room for the label after the longest bar
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{escape(title)}" class="chart" font-family="sans-serif" font-size="12">',
           f'<title>{escape(title)}</title>',
           f'<text x="10" y="20" font-size="14" font-weight="bold" fill="#222">{escape(title)}</text>']
    for i, (label, waiting, overdue) in enumerate(rows):
        y = top + i * row_h
        out.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end" fill="#222">{escape(label)}</text>')
        ww, wo = plot_w * waiting / top_v, plot_w * overdue / top_v
        out.append(f'<rect x="{left}" y="{y + 4}" width="{ww:.1f}" height="16" fill="#9cc3e6"/>')
        out.append(f'<rect x="{left}" y="{y + 4}" width="{wo:.1f}" height="16" fill="#b03a48"/>')
        out.append(f'<text x="{left + ww + 6:.1f}" y="{y + 16}" fill="#222">{waiting} chờ · {overdue} quá hạn</text>')
    ly = top + row_h * max(len(rows), 1) + 20
    out.append(f'<rect x="{left}" y="{ly - 10}" width="12" height="12" fill="#9cc3e6"/>'
               f'<text x="{left + 16}" y="{ly}" fill="#222">Đang chờ</text>'
               f'<rect x="{left + 110}" y="{ly - 10}" width="12" height="12" fill="#b03a48"/>'
               f'<text x="{left + 126}" y="{ly}" fill="#222">Quá hạn</text>')
    if not rows:
        out.append(f'<text x="{left}" y="{top + 16}" fill="#666">Không có văn bản nào đang chờ</text>')
    out.append("</svg>")
    return "".join(out)
