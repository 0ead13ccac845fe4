"""The report as a PDF: a cover with the key figures, then its charts, four to a page.

Drawn with matplotlib's object API on the Agg/PDF canvases, never pyplot: no global
backend is chosen, so the desktop program may embed matplotlib in Qt at the same time.
"""

from __future__ import annotations

import textwrap
import warnings
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from collector.ledger.errors import (
    CancelCheck,
    OperationCancelled,
    Progress,
    never_cancelled,
    no_progress,
)
from collector.ledger.files import written_whole
from collector.messages import render
from collector.reports import fonts
from collector.reports.tables import Report, Table

A4_LANDSCAPE = (11.69, 8.27)
PER_PAGE = 4
LABEL_WIDTH = 14
MAX_BARS = 25
BAR_COLOUR = "#4472C4"
PIE_COLOURS = ["#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47"]


def _wrap(label: object) -> str:
    return "\n".join(textwrap.wrap(str(label), LABEL_WIDTH)) or str(label)


def draw_chart(ax, table: Table, lang: str | None = None) -> None:
    """One table's chart on a matplotlib Axes (also used by the desktop program)."""
    frame = table.frame
    ax.set_title(table.title(lang), fontsize=11, fontweight="bold")
    if frame.empty or frame.iloc[:, 1].sum() == 0:
        ax.text(0.5, 0.5, render("report.no_data", lang=lang), ha="center", va="center")
        ax.set_axis_off()
        return
    if len(frame) > MAX_BARS:  # the table keeps them all; the chart the largest
        frame = frame.nlargest(MAX_BARS, frame.columns[1]).sort_index()
    labels = [_wrap(v) for v in frame.iloc[:, 0]]
    counts = frame.iloc[:, 1].tolist()
    if table.chart == "pie":
        ax.pie(
            counts,
            labels=labels,
            autopct="%1.1f%%",
            startangle=90,
            counterclock=False,
            colors=PIE_COLOURS[: len(counts)],
            textprops={"fontsize": 8},
        )
        ax.axis("equal")
        return
    positions = range(len(counts))
    bars = ax.barh(positions, counts, color=BAR_COLOUR)
    ax.set_yticks(list(positions), labels, fontsize=7 if len(counts) <= 15 else 6)
    ax.invert_yaxis()
    ax.bar_label(bars, fontsize=7, padding=2)
    ax.tick_params(axis="x", labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.15)


def write_report_pdf(
    report: Report,
    path: str | Path,
    *,
    lang: str | None = None,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> int:
    """Write the PDF; returns its number of pages."""
    path = Path(path)
    charts = [t for t in report.tables if t.chart]
    pages = [charts[i : i + PER_PAGE] for i in range(0, len(charts), PER_PAGE)] or [[]]
    with (
        written_whole(path) as partial,
        warnings.catch_warnings(),
        matplotlib.rc_context(fonts.chart_style()),
    ):
        if fonts.cjk_family() is None:
            # Without a Chinese font every character warns; the caller says it once.
            warnings.filterwarnings("ignore", "Glyph .* missing", UserWarning)
        _draw_pages(report, pages, partial, lang, progress, cancelled)
    return len(pages)


def _draw_pages(report, pages, partial: Path, lang, progress, cancelled) -> None:
    with PdfPages(partial) as pdf:
        for number, tables in enumerate(pages, 1):
            if cancelled():
                raise OperationCancelled()
            pdf.savefig(_page(report, tables, number, lang))
            progress(number, len(pages))


def _page(report: Report, tables: list[Table], number: int, lang: str | None) -> Figure:
    fig = Figure(figsize=A4_LANDSCAPE)
    top = 0.95
    if number == 1:
        fig.text(0.5, 0.955, report.heading(lang), ha="center", fontsize=18)
        subtitle = {
            "scope": report.scope,
            "people": report.people,
            "made": report.made.strftime("%Y-%m-%d %H:%M"),
        }
        fig.text(0.5, 0.92, render("report.subtitle", subtitle, lang), ha="center", fontsize=10)
        top = 0.88
    fig.text(0.97, 0.02, render("report.page", {"page": number}, lang), ha="right", fontsize=8)
    grid = fig.add_gridspec(
        2, 2, left=0.16, right=0.97, top=top, bottom=0.06, hspace=0.35, wspace=0.55
    )
    for i, table in enumerate(tables):
        draw_chart(fig.add_subplot(grid[i // 2, i % 2]), table, lang)
    return fig
