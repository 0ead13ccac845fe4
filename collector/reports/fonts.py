"""A Chinese font for the charts, found by family name among those installed.

The first of the families below that matplotlib finds is used (Noto Sans CJK on Linux,
Microsoft YaHei or SimHei on Windows); where none is installed the charts are still drawn,
with boxes for Chinese characters, and `cjk_family()` returns None so that the caller can
say so. Nothing here raises for a missing font.
"""

from __future__ import annotations

from functools import cache

from matplotlib import font_manager

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Noto Sans SC",
    "Noto Sans CJK JP",
    "Noto Serif CJK SC",
    "SimSun",
)


@cache
def cjk_family() -> str | None:
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


def chart_style() -> dict[str, object]:
    """matplotlib settings for the report's charts (for `matplotlib.rc_context`)."""
    family = cjk_family()
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [family, "DejaVu Sans"] if family else ["DejaVu Sans"],
        "axes.unicode_minus": False,  # CJK fonts lack U+2212; use '-'
    }
