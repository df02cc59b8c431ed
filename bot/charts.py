"""Statistics charts for coordinators, rendered as PNG bytes to send as Telegram photos.

Pure functions: they take already-translated texts and plain numbers and return a
1000x600 PNG. Only matplotlib's object API is used (``Figure`` + ``FigureCanvasAgg``,
never pyplot), so every call owns its figure and may run in ``asyncio.to_thread``.
All text is set in DejaVu Sans (bundled with matplotlib), which has every Tajik and
Russian Cyrillic letter (ғ қ ҳ ҷ ӣ ӯ). Output is deterministic: the same input gives
the same bytes (no version or date in the PNG metadata).
"""

from __future__ import annotations

import sys

import matplotlib

# Charts never need a GUI. If pyplot is already loaded (e.g. in a notebook) its
# backend is left alone: switching it would close the user's figures, and these
# charts draw on their own Agg canvas anyway.
if "matplotlib.pyplot" not in sys.modules:
    matplotlib.use("Agg")

import io
import math
from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

__all__ = [
    "DPI",
    "FIGSIZE",
    "FONT_FAMILY",
    "LABEL_LIMIT",
    "bar_chart",
    "funnel_chart",
    "line_chart",
]

FIGSIZE: tuple[float, float] = (10.0, 6.0)
DPI = 100  # 10x6 inches -> 1000x600 px
FONT_FAMILY = "DejaVu Sans"
LABEL_LIMIT = 28  # longer category / series / stage names end with "…"
_TITLE_LIMIT = 70  # about one line at the title size

_TITLE_SIZE = 18
_LABEL_SIZE = 13
_TICK_SIZE = 13
_VALUE_SIZE = 12
_EMPTY_SIZE = 20

_PALETTE = ("#7b3fa0", "#1f9e89", "#e07b39", "#3a6fb0", "#c2407a", "#6b8e23")
_TEXT = "#222222"
_MUTED = "#777777"
_GRID = "#dddddd"


# --------------------------------------------------------------------------- helpers


def _plain(text: object, limit: int | None = None) -> str:
    """One line of literal text: whitespace collapsed, cut to ``limit`` with "…".

    Dollar signs are escaped so matplotlib never reads "$...$" as mathtext.
    """
    s = " ".join(str(text).split())
    if limit is not None and len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return s.replace("$", r"\$")


def _number(value: int) -> str:
    """``12345`` -> ``"12 345"`` (no-break space, as in Tajik and Russian)."""
    return f"{value:,}".replace(",", "\u00a0")


def _check_counts(values: Sequence[int], what: str) -> list[int]:
    out = [int(v) for v in values]
    if any(v < 0 for v in out):
        raise ValueError(f"{what} must not be negative: {out}")
    return out


def _new_figure(title: str) -> tuple[Figure, Axes]:
    fig = Figure(figsize=FIGSIZE, dpi=DPI, facecolor="white", layout="tight")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_title(
        _plain(title, _TITLE_LIMIT),
        fontfamily=FONT_FAMILY,
        fontsize=_TITLE_SIZE,
        fontweight="bold",
        color=_TEXT,
        pad=14,
    )
    ax.tick_params(labelfontfamily=FONT_FAMILY, labelsize=_TICK_SIZE, colors=_TEXT)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_axisbelow(True)
    return fig, ax


def _axis_label(ax: Axes, axis: str, text: str) -> None:
    if not text:
        return
    setter = ax.set_xlabel if axis == "x" else ax.set_ylabel
    setter(_plain(text), fontfamily=FONT_FAMILY, fontsize=_LABEL_SIZE, color=_TEXT)


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    return buf.getvalue()


def _empty_png(title: str, message: str) -> bytes:
    fig, ax = _new_figure(title)
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        _plain(message),
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontfamily=FONT_FAMILY,
        fontsize=_EMPTY_SIZE,
        color=_MUTED,
    )
    return _png(fig)


def _category_font_size(count: int) -> float:
    """Smaller tick labels when many categories share the axis."""
    if count <= 12:
        return _TICK_SIZE
    return max(7.0, _TICK_SIZE * 12 / count)


# ---------------------------------------------------------------------------- charts


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[int],
    *,
    xlabel: str = "",
    ylabel: str = "",
    horizontal: bool = False,
    empty: str = "No data yet",
) -> bytes:
    """Bars with their value printed at the end; horizontal bars keep the given order
    top to bottom. Shows ``empty`` instead when there are no labels or all are zero."""
    counts = _check_counts(values, "values")
    if len(labels) != len(counts):
        raise ValueError(f"{len(labels)} labels but {len(counts)} values")
    if not counts or not any(counts):
        return _empty_png(title, empty)

    fig, ax = _new_figure(title)
    names = [_plain(label, LABEL_LIMIT) for label in labels]
    positions = list(range(len(counts)))
    size = _category_font_size(len(counts))
    top = max(counts)
    color = _PALETTE[0]

    if horizontal:
        bars = ax.barh(positions, counts, color=color, height=0.65)
        ax.set_yticks(positions, labels=names, fontfamily=FONT_FAMILY, fontsize=size)
        ax.invert_yaxis()  # first label on top
        ax.set_xlim(0, top * 1.15)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="x", color=_GRID)
    else:
        bars = ax.bar(positions, counts, color=color, width=0.65)
        crowded = len(counts) > 6 or max(len(n) for n in names) > 10
        ax.set_xticks(
            positions,
            labels=names,
            fontfamily=FONT_FAMILY,
            fontsize=size,
            rotation=30 if crowded else 0,
            ha="right" if crowded else "center",
            rotation_mode="anchor",
        )
        ax.set_ylim(0, top * 1.12)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="y", color=_GRID)

    ax.bar_label(
        bars,
        labels=[_number(v) for v in counts],
        padding=4,
        fontfamily=FONT_FAMILY,
        fontsize=min(_VALUE_SIZE, size),
        color=_TEXT,
    )
    _axis_label(ax, "x", xlabel)
    _axis_label(ax, "y", ylabel)
    return _png(fig)


def line_chart(
    title: str,
    labels: Sequence[str],
    series: Mapping[str, Sequence[int]],
    *,
    ylabel: str = "",
    empty: str = "No data yet",
) -> bytes:
    """One line per named series over ``labels`` (e.g. weeks "02.11"); a legend when
    there is more than one series. Shows ``empty`` when there is nothing to plot."""
    data = {name: _check_counts(points, f"series {name!r}") for name, points in series.items()}
    for name, points in data.items():
        if len(points) != len(labels):
            raise ValueError(f"series {name!r} has {len(points)} points for {len(labels)} labels")
    if not labels or not data or not any(any(points) for points in data.values()):
        return _empty_png(title, empty)

    fig, ax = _new_figure(title)
    positions = list(range(len(labels)))
    marker = "o" if len(labels) <= 30 else None
    for index, (name, points) in enumerate(data.items()):
        ax.plot(
            positions,
            points,
            label=_plain(name, LABEL_LIMIT),
            color=_PALETTE[index % len(_PALETTE)],
            linewidth=2.5,
            marker=marker,
            markersize=6,
        )

    # At most ~12 week labels fit on a phone; keep every n-th one, always the last.
    step = math.ceil(len(labels) / 12)
    shown = positions[::-1][::step][::-1]
    ax.set_xticks(
        shown,
        labels=[_plain(labels[i], LABEL_LIMIT) for i in shown],
        fontfamily=FONT_FAMILY,
        fontsize=_TICK_SIZE,
    )
    if len(labels) > 1:
        ax.set_xlim(-0.3, len(labels) - 0.7)
    else:
        ax.set_xlim(-1, 1)
    top = max(max(points) for points in data.values())
    ax.set_ylim(0, top * 1.12)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", color=_GRID)
    _axis_label(ax, "y", ylabel)
    if len(data) > 1:
        ax.legend(prop={"family": FONT_FAMILY, "size": _LABEL_SIZE}, frameon=False)
    return _png(fig)


def funnel_chart(
    title: str,
    stages: Sequence[tuple[str, int]],
    *,
    empty: str = "No data yet",
) -> bytes:
    """Centred horizontal bars, first stage on top, each labelled "count (percent of the
    first stage)"; no percent when the first stage is 0. ``empty`` when all are zero."""
    names = [_plain(name, LABEL_LIMIT) for name, _ in stages]
    counts = _check_counts([count for _, count in stages], "stage counts")
    if not counts or not any(counts):
        return _empty_png(title, empty)

    fig, ax = _new_figure(title)
    positions = list(range(len(counts)))
    widest = max(counts)
    first = counts[0]
    lefts = [(widest - c) / 2 for c in counts]
    colors = [_PALETTE[i % len(_PALETTE)] for i in positions]
    ax.barh(positions, counts, left=lefts, color=colors, height=0.7)
    ax.set_yticks(
        positions,
        labels=names,
        fontfamily=FONT_FAMILY,
        fontsize=_category_font_size(len(counts)),
    )
    ax.invert_yaxis()
    ax.set_xlim(-widest * 0.02, widest * 1.02)
    ax.set_xticks([])
    for side in ("bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)

    for pos, left, count in zip(positions, lefts, counts, strict=True):
        text = _number(count)
        if first > 0:
            text += f" ({100 * count / first:.0f}%)"
        wide = count >= widest * 0.3  # room for the label inside the bar
        ax.text(
            widest / 2 if wide else left + count + widest * 0.01,
            pos,
            text,
            ha="center" if wide else "left",
            va="center",
            fontfamily=FONT_FAMILY,
            fontsize=_VALUE_SIZE + 1,
            fontweight="bold",
            color="white" if wide else _TEXT,
        )
    return _png(fig)
