"""A Chinese font for the charts, found by family name among those installed.

The first of the families below that matplotlib finds is used (Noto Sans CJK on Linux,
Microsoft YaHei or SimHei on Windows); where none is installed the charts are still drawn,
with boxes for Chinese characters, and `cjk_family()` returns None so that the caller can
say so. Nothing here raises for a missing font.

matplotlib reads the system's fonts once and keeps the list in its cache (the program's
own, see `collector.reports`); a font installed later is not in it. So when no Chinese
font is in the list, the font folders are read again for files the list lacks, and the
cache is written anew if that finds one.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

import matplotlib
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

log = logging.getLogger(__name__)


def _listed() -> str | None:
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


@cache
def cjk_family() -> str | None:
    family = _listed()
    if family is None and _add_fonts_installed_since():
        family = _listed()
    return family


def _add_fonts_installed_since() -> bool:
    """Adds the system's font files missing from matplotlib's list; True if there were."""
    manager = font_manager.fontManager
    known = {entry.fname for entry in manager.ttflist}
    added = 0
    for path in font_manager.findSystemFonts():
        if path in known:
            continue
        try:
            manager.addfont(path)
            added += 1
        except Exception:  # as matplotlib does: a broken font file is skipped
            continue
    if added:
        cache_file = Path(matplotlib.get_cachedir(), f"fontlist-v{manager.__version__}.json")
        font_manager.json_dump(manager, cache_file)
        log.info("font list renewed: fonts=%d", added)
    return bool(added)


def chart_style() -> dict[str, object]:
    """matplotlib settings for the report's charts (for `matplotlib.rc_context`)."""
    family = cjk_family()
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [family, "DejaVu Sans"] if family else ["DejaVu Sans"],
        "axes.unicode_minus": False,  # CJK fonts lack U+2212; use '-'
    }
