"""Course certificates: a one-page PDF and a short verification code.

Pure functions, no Telegram and no database. The PDF is drawn with fpdf2 using the
DejaVu Sans fonts that ship inside matplotlib, so nothing is downloaded at run time
and Tajik Cyrillic (ғ ӣ қ ӯ ҳ ҷ), Russian and accented Latin all render as real,
extractable text.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fpdf takes a second to import: loaded when a certificate is drawn
    from fpdf import FPDF

__all__ = [
    "CODE_ALPHABET",
    "FONT_BOLD",
    "FONT_REGULAR",
    "CertificateText",
    "FontNotFoundError",
    "new_code",
    "normalize_code",
    "printable",
    "render_certificate",
]


# --------------------------------------------------------------------------- fonts

_SYSTEM_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


class FontNotFoundError(RuntimeError):
    """Neither matplotlib's bundled DejaVu fonts nor the system ones could be found."""


def _font_dirs() -> list[Path]:
    dirs: list[Path] = []
    try:
        import matplotlib  # only its data directory is used

        dirs.append(Path(matplotlib.get_data_path()) / "fonts" / "ttf")
    except ImportError:
        pass
    dirs.append(_SYSTEM_DEJAVU)
    return dirs


def _find_font(filename: str) -> Path:
    dirs = _font_dirs()
    for directory in dirs:
        candidate = directory / filename
        if candidate.is_file():
            return candidate
    searched = ", ".join(str(d) for d in dirs)
    raise FontNotFoundError(
        f"certificate font {filename} not found (looked in: {searched}); "
        "install matplotlib or the fonts-dejavu-core package"
    )


FONT_REGULAR: Path = _find_font("DejaVuSans.ttf")
FONT_BOLD: Path = _find_font("DejaVuSans-Bold.ttf")

_FAMILY = "DejaVu"


@cache
def _drawable() -> frozenset[int]:
    """Code points both certificate fonts have a glyph for (read once, then cached).

    The name is printed in bold, so a character counts as drawable only if the regular
    and the bold face both map it (they differ by a few dozen rare code points).
    """
    from fontTools.ttLib import TTFont  # imported lazily: only needed once

    points: set[int] | None = None
    for path in (FONT_REGULAR, FONT_BOLD):
        with TTFont(path, lazy=True) as font:
            cmap = set(font.getBestCmap() or {})
        points = cmap if points is None else points & cmap
    return frozenset(points or ())


# Characters the fonts "map" to an empty glyph but that make no sense on paper:
# controls, format characters (ZWJ, ZWSP, soft hyphen, bidi marks, tags), private use,
# surrogates/unassigned, enclosing marks (keycaps) and variation selectors.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Me"})


def _is_variation_selector(cp: int) -> bool:
    return 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF or 0x180B <= cp <= 0x180F


def _keeps(ch: str, drawable: frozenset[int]) -> bool:
    cp = ord(ch)
    if cp not in drawable or _is_variation_selector(cp):
        return False
    return unicodedata.category(ch) not in _INVISIBLE_CATEGORIES


def printable(name: str) -> tuple[str, str]:
    """Split ``name`` into what the certificate font can draw and what it cannot.

    Returns ``(clean, removed)``: ``clean`` has every undrawable character (emoji,
    variation selectors, zero-width joiners, controls...) removed and whitespace
    collapsed to single spaces and stripped; ``removed`` is the removed characters,
    in order, joined into one string (whitespace is never reported as removed).
    """
    drawable = _drawable()
    kept: list[str] = []
    removed: list[str] = []
    for ch in unicodedata.normalize("NFC", name):
        if ch.isspace():
            kept.append(" ")
        elif _keeps(ch, drawable):
            kept.append(ch)
        else:
            removed.append(ch)
    return " ".join("".join(kept).split()), "".join(removed)


# ------------------------------------------------------------------------------ PDF


@dataclass(frozen=True)
class CertificateText:
    """The already-localized strings printed on a certificate."""

    heading: str  # "Certificate"
    intro: str  # "This certifies that"
    completed: str  # "has successfully completed the course"
    date_label: str  # "Date"
    code_label: str  # "Verification code"
    verify_hint: str  # "Check it: send /verify CODE to @bot ..." (already formatted)
    organization: str  # "Women in Tech Tajikistan"


# Palette (RGB).
_PLUM = (94, 38, 112)
_ROSE = (196, 69, 128)
_GOLD = (201, 162, 74)
_INK = (38, 34, 48)
_MUTED = (110, 104, 122)
_PAPER = (255, 252, 247)

# A4 landscape, millimetres.
_PAGE_W = 297.0
_PAGE_H = 210.0
_TEXT_MARGIN = 32.0  # left/right margin of the text block (inside the frame)
_TEXT_W = _PAGE_W - 2 * _TEXT_MARGIN

_COURSE_MAX_LINES = 3
_NAME_MAX_LINES = 2
_PT_TO_MM = 25.4 / 72


def _clean(text: str) -> str:
    return printable(text)[0]


def _fit_lines(
    pdf: FPDF, text: str, *, style: str, sizes: range | tuple[int, ...], max_lines: int
) -> tuple[float, list[str], bool]:
    """Largest font size in ``sizes`` at which ``text`` wraps into ``max_lines`` lines.

    Returns ``(size, lines, fitted)``. If even the smallest size is too big, the text
    is cut to ``max_lines`` lines, the last one ending with an ellipsis, so the block
    never grows past its slot, and ``fitted`` is False.
    """
    size = float(sizes[0])
    lines: list[str] = [text]
    for size in sizes:
        pdf.set_font(_FAMILY, style, size)
        lines = _wrap(pdf, text)
        if len(lines) <= max_lines:
            return float(size), lines, True
    lines = lines[:max_lines]
    last = lines[-1].rstrip()
    while last and pdf.get_string_width(last + "…") > _TEXT_W:
        last = last[:-1].rstrip()
    lines[-1] = last + "…"
    return float(size), lines, False


def _wrap(pdf: FPDF, text: str) -> list[str]:
    from fpdf.enums import Align, MethodReturnValue
    if not text:
        return [""]
    result = pdf.multi_cell(
        _TEXT_W, text=text, align=Align.C, dry_run=True, output=MethodReturnValue.LINES
    )
    return [line for line in result if line] or [""]  # type: ignore[union-attr]


def _centered_lines(pdf: FPDF, lines: list[str], *, y: float, line_h: float) -> float:
    """Draw ``lines`` centered across the text block from ``y``; return the new y."""
    from fpdf.enums import Align, XPos, YPos
    pdf.set_xy(_TEXT_MARGIN, y)
    pdf.multi_cell(
        _TEXT_W, line_h, "\n".join(lines), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    return pdf.get_y()


def _centered(pdf: FPDF, text: str, *, y: float, h: float) -> None:
    from fpdf.enums import Align
    pdf.set_xy(_TEXT_MARGIN, y)
    pdf.cell(_TEXT_W, h, text, align=Align.C)


def _draw_frame(pdf: FPDF) -> None:
    pdf.set_fill_color(*_PAPER)
    pdf.rect(0, 0, _PAGE_W, _PAGE_H, style="F")
    # Thick outer band, thin gold inner rule.
    pdf.set_draw_color(*_PLUM)
    pdf.set_line_width(3.2)
    pdf.rect(9, 9, _PAGE_W - 18, _PAGE_H - 18)
    pdf.set_draw_color(*_GOLD)
    pdf.set_line_width(0.6)
    pdf.rect(14, 14, _PAGE_W - 28, _PAGE_H - 28)
    # Corner ornaments: small rose diamonds on the inner rule.
    pdf.set_fill_color(*_ROSE)
    for cx, cy in ((14, 14), (_PAGE_W - 14, 14), (14, _PAGE_H - 14), (_PAGE_W - 14, _PAGE_H - 14)):
        pdf.polygon([(cx, cy - 3), (cx + 3, cy), (cx, cy + 3), (cx - 3, cy)], style="F")


def _rule(pdf: FPDF, y: float, half_width: float, color: tuple[int, int, int]) -> None:
    pdf.set_draw_color(*color)
    pdf.set_line_width(0.5)
    mid = _PAGE_W / 2
    pdf.line(mid - half_width, y, mid + half_width, y)


def render_certificate(
    *, name: str, course: str, issued: date, code: str, text: CertificateText
) -> bytes:
    """Render an A4 landscape certificate and return the PDF bytes.

    Characters the font cannot draw (emoji etc.) are dropped from every string. The
    same input always gives the same bytes: the PDF creation date is ``issued`` at
    midnight UTC.
    """
    from fpdf import FPDF
    from fpdf.enums import Align
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_creation_date(datetime(issued.year, issued.month, issued.day, tzinfo=UTC))
    pdf.set_title(_clean(f"{text.heading} {code}"))
    pdf.set_author(_clean(text.organization))
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(_TEXT_MARGIN, 0, _TEXT_MARGIN)
    pdf.c_margin = 0
    pdf.add_font(_FAMILY, "", FONT_REGULAR)
    pdf.add_font(_FAMILY, "B", FONT_BOLD)
    pdf.add_page()

    _draw_frame(pdf)

    # Organization, letter-spaced, at the top.
    pdf.set_text_color(*_PLUM)
    pdf.set_font(_FAMILY, "B", 13)
    pdf.set_char_spacing(1.5)
    _centered(pdf, _clean(text.organization).upper(), y=24, h=8)
    pdf.set_char_spacing(0)
    _rule(pdf, 35, 22, _GOLD)

    # Heading.
    pdf.set_text_color(*_ROSE)
    heading_size, heading_lines, _ = _fit_lines(
        pdf, _clean(text.heading).upper(), style="B", sizes=range(40, 19, -2), max_lines=1
    )
    pdf.set_font(_FAMILY, "B", heading_size)
    _centered(pdf, heading_lines[0], y=41, h=18)

    # Intro.
    pdf.set_text_color(*_MUTED)
    pdf.set_font(_FAMILY, "", 14)
    _centered(pdf, _clean(text.intro), y=63, h=8)

    # Learner's name (usually one line; very long names shrink, then wrap to two).
    pdf.set_text_color(*_INK)
    clean_name = _clean(name)
    name_size, name_lines, fitted = _fit_lines(
        pdf, clean_name, style="B", sizes=range(34, 23, -2), max_lines=1
    )
    if not fitted:  # too long for one line even at 24pt: two smaller lines
        name_size, name_lines, _ = _fit_lines(
            pdf, clean_name, style="B", sizes=range(26, 15, -2), max_lines=_NAME_MAX_LINES
        )
    pdf.set_font(_FAMILY, "B", name_size)
    name_line_h = name_size * _PT_TO_MM * 1.25
    name_block_h = name_line_h * len(name_lines)
    name_top = 74 + (17 - name_block_h) / 2 if len(name_lines) == 1 else 72
    y = _centered_lines(pdf, name_lines, y=name_top, line_h=name_line_h)
    _rule(pdf, max(y, 91) + 2, 70, _ROSE)

    # "has successfully completed the course".
    pdf.set_text_color(*_MUTED)
    pdf.set_font(_FAMILY, "", 14)
    _centered(pdf, _clean(text.completed), y=max(y, 91) + 7, h=8)

    # Course title: up to three lines, shrinking from 20pt to 12pt.
    pdf.set_text_color(*_PLUM)
    course_size, course_lines, _ = _fit_lines(
        pdf, _clean(course), style="B", sizes=range(20, 11, -1), max_lines=_COURSE_MAX_LINES
    )
    pdf.set_font(_FAMILY, "B", course_size)
    course_line_h = course_size * _PT_TO_MM * 1.3
    course_top = max(y, 91) + 17
    _centered_lines(pdf, course_lines, y=course_top, line_h=course_line_h)

    # Footer: date on the left, verification code on the right.
    footer_y = 156.0
    col_w = 80.0
    left_x = 36.0
    right_x = _PAGE_W - 36.0 - col_w
    for x, label, value in (
        (left_x, text.date_label, issued.strftime("%d.%m.%Y")),
        (right_x, text.code_label, code),
    ):
        pdf.set_text_color(*_INK)
        pdf.set_font(_FAMILY, "B", 14)
        pdf.set_xy(x, footer_y)
        pdf.cell(col_w, 7, _clean(value), align=Align.C)
        pdf.set_draw_color(*_GOLD)
        pdf.set_line_width(0.4)
        pdf.line(x + 8, footer_y + 8.5, x + col_w - 8, footer_y + 8.5)
        pdf.set_text_color(*_MUTED)
        pdf.set_font(_FAMILY, "", 10)
        pdf.set_xy(x, footer_y + 10)
        pdf.cell(col_w, 5, _clean(label), align=Align.C)

    # Seal between the two columns.
    cx, cy, r = _PAGE_W / 2, footer_y + 7, 10.5
    pdf.set_draw_color(*_GOLD)
    pdf.set_fill_color(*_GOLD)
    pdf.set_line_width(0.8)
    pdf.circle(cx, cy, r, style="D")
    pdf.circle(cx, cy, r - 2.2, style="F")
    pdf.set_text_color(*_PAPER)
    pdf.set_font(_FAMILY, "B", 11)
    pdf.set_xy(cx - r, cy - 3)
    pdf.cell(2 * r, 6, "WiT", align=Align.C)

    # Verification hint at the bottom, shrunk to one line if possible.
    pdf.set_text_color(*_MUTED)
    hint_size, hint_lines, _ = _fit_lines(
        pdf, _clean(text.verify_hint), style="", sizes=(9, 8, 7), max_lines=2
    )
    pdf.set_font(_FAMILY, "", hint_size)
    hint_line_h = hint_size * _PT_TO_MM * 1.35
    _centered_lines(pdf, hint_lines, y=186 - hint_line_h * len(hint_lines), line_h=hint_line_h)

    return bytes(pdf.output())


# ------------------------------------------------------------------------------ codes

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
_CODE_GROUP = 5
_CODE_RE = re.compile(rf"([{CODE_ALPHABET}]{{5}})[-\s\u2010-\u2015]?([{CODE_ALPHABET}]{{5}})")

# Cyrillic letters that look like Latin ones in the code alphabet (a code typed on a
# Russian/Tajik keyboard layout, or copied through OCR).
_HOMOGLYPHS = str.maketrans("АВЕКМНРСТУХ", "ABEKMHPCTYX")


def new_code() -> str:
    """A fresh verification code, ``ABCDE-FGHJK`` over an unambiguous 31-letter alphabet.

    Ten characters from ``secrets`` give about 49.5 bits: unguessable by brute force
    through a rate-limited bot.
    """
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(2 * _CODE_GROUP))
    return f"{raw[:_CODE_GROUP]}-{raw[_CODE_GROUP:]}"


def normalize_code(text: str) -> str | None:
    """The canonical ``ABCDE-FGHJK`` form of a typed code, or None if it cannot be one.

    Accepts lowercase, surrounding whitespace, and the hyphen (or a space or dash)
    between the two halves being present or absent.
    """
    candidate = text.strip().upper().translate(_HOMOGLYPHS)
    match = _CODE_RE.fullmatch(candidate)
    if match is None:
        return None
    return f"{match.group(1)}-{match.group(2)}"
