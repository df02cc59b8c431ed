"""Certificates: the PDF opens, is landscape A4, carries real (extractable) text; codes."""

from __future__ import annotations

import io
import re
from datetime import date

import pypdf
import pytest

from bot.certificates import (
    CODE_ALPHABET,
    FONT_BOLD,
    FONT_REGULAR,
    CertificateText,
    new_code,
    normalize_code,
    printable,
    render_certificate,
)

TEXT = CertificateText(
    heading="Сертификат",
    intro="Ин ҳуҷҷат тасдиқ мекунад, ки",
    completed="курсро бомуваффақият хатм кард",
    date_label="Сана",
    code_label="Рамзи тасдиқ",
    verify_hint=(
        "Санҷед: /verify ABCDE-FGHJK ба @wit_tj_bot фиристед "
        "ё t.me/wit_tj_bot?start=verify-ABCDE-FGHJK-ро кушоед"
    ),
    organization="Women in Tech Tajikistan",
)
NAME = "Ҷамила Қодирова"
COURSE = "Асосҳои Python барои оғозкунандагон"
LONG_COURSE = (
    "Маҳорати таҳлили додаҳо бо Python ва SQL: аз асосҳо то лоиҳаҳои воқеӣ "
    "барои занон дар соҳаи технологияҳои иттилоотӣ, 2025"
)
CODE = "ABCDE-FGHJK"
ISSUED = date(2025, 3, 7)

MM = 72 / 25.4  # PDF points per millimetre
FRAME_INSET = 14 * MM  # the inner gold rule


def _render(name: str = NAME, course: str = COURSE) -> bytes:
    return render_certificate(name=name, course=course, issued=ISSUED, code=CODE, text=TEXT)


def _page(data: bytes) -> pypdf.PageObject:
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return reader.pages[0]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _positioned_text(page: pypdf.PageObject) -> list[tuple[str, float, float, float]]:
    """(text, x, y, font size) of every non-blank text run on the page."""
    runs: list[tuple[str, float, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((text.strip(), x, y, size))

    page.extract_text(visitor_text=visit)
    return runs


def test_fonts_are_local_files() -> None:
    assert FONT_REGULAR.is_file() and FONT_REGULAR.name == "DejaVuSans.ttf"
    assert FONT_BOLD.is_file() and FONT_BOLD.name == "DejaVuSans-Bold.ttf"


def test_pdf_is_one_landscape_a4_page() -> None:
    data = _render()
    assert data.startswith(b"%PDF-")
    page = _page(data)
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (page.rotation or 0) % 180 == 0
    assert width > height
    assert width == pytest.approx(297 * MM, abs=1)
    assert height == pytest.approx(210 * MM, abs=1)


def test_pdf_text_is_extractable_with_tajik_letters() -> None:
    text = _flat(_page(_render()).extract_text())
    for expected in (
        NAME,
        COURSE,
        CODE,
        "07.03.2025",
        TEXT.heading.upper(),
        TEXT.intro,
        TEXT.completed,
        TEXT.date_label,
        TEXT.code_label,
        TEXT.verify_hint,
        TEXT.organization.upper(),
    ):
        assert expected in text, expected


def test_long_course_wraps_and_stays_on_the_page() -> None:
    assert 110 <= len(LONG_COURSE) <= 130
    page = _page(_render(course=LONG_COURSE))
    assert LONG_COURSE in _flat(page.extract_text())

    runs = _positioned_text(page)
    words = set(LONG_COURSE.split())
    course_runs = [r for r in runs if set(r[0].split()) <= words]
    assert 2 <= len(course_runs) <= 3  # wrapped, at most three lines
    assert " ".join(r[0] for r in course_runs) == LONG_COURSE

    width, height = float(page.mediabox.width), float(page.mediabox.height)
    for _text, x, y, _size in runs:
        assert FRAME_INSET < x < width - FRAME_INSET
        assert FRAME_INSET < y < height - FRAME_INSET
    (date_y,) = [y for text, _x, y, _s in runs if text == "07.03.2025"]
    for _text, x, y, size in course_runs:
        # The course is centered on the page: starting inside the frame means ending there.
        assert FRAME_INSET < x < width / 2
        assert y > date_y + size  # the course block stays clear of the footer


def test_very_long_course_is_cut_to_three_lines() -> None:
    huge = " ".join([LONG_COURSE] * 4)
    runs = _positioned_text(_page(_render(course=huge)))
    course_runs = [r for r in runs if r[0].split()[0] in set(huge.split())]
    assert len({round(y) for _t, _x, y, _s in course_runs}) <= 3
    assert course_runs[-1][0].endswith("…")


def test_emoji_in_name_is_dropped_from_the_pdf() -> None:
    text = _flat(_page(_render(name="Малика 🌸✨")).extract_text())
    assert "Малика" in text
    assert "🌸" not in text and "✨" not in text


def test_same_input_gives_the_same_bytes() -> None:
    assert _render() == _render()


def test_printable_drops_emoji() -> None:
    assert printable("Малика 🌸✨") == ("Малика", "🌸✨")


def test_printable_keeps_tajik_russian_and_latin() -> None:
    for name in (
        "Ғуломова Ҳилола",
        "ғ ӣ қ ӯ ҳ ҷ Ғ Ӣ Қ Ӯ Ҳ Ҷ",
        "Ёлкина Юлия Щербакова-Эльдарова",
        "Zoë Müller-Ñúñez Łucja Čapek",
    ):
        assert printable(name) == (name, "")


def test_printable_drops_zero_width_and_variation_selectors() -> None:
    woman_technologist = "\U0001f469\u200d\U0001f4bb"
    heart = "\u2764\ufe0f"
    clean, removed = printable(f"  Нигина\u200b {woman_technologist}\tСаидова {heart} ")
    assert clean == "Нигина Саидова ❤"  # U+2764 itself is in DejaVu Sans
    assert removed == "\u200b" + woman_technologist + "\ufe0f"


def test_printable_collapses_whitespace() -> None:
    assert printable("  Ҷамила \n\t Қодирова  ") == ("Ҷамила Қодирова", "")
    assert printable("🌸") == ("", "🌸")


def test_new_code_format_and_uniqueness() -> None:
    pattern = re.compile(rf"[{CODE_ALPHABET}]{{5}}-[{CODE_ALPHABET}]{{5}}")
    codes = [new_code() for _ in range(1000)]
    assert all(pattern.fullmatch(code) for code in codes)
    assert len(set(codes)) == 1000
    assert not set("".join(codes)) & set("0O1IL")
    assert all(normalize_code(code) == code for code in codes)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (" abcde-fghjk ", "ABCDE-FGHJK"),
        ("ABCDEFGHJK", "ABCDE-FGHJK"),
        ("abcdefghjk", "ABCDE-FGHJK"),
        ("ABCDE-FGHJK", "ABCDE-FGHJK"),
        ("\tz2345 67899\n", "Z2345-67899"),
    ],
)
def test_normalize_code_accepts(typed: str, expected: str) -> None:
    assert normalize_code(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "ABCDE-FGHJO",  # O
        "ABCDE-FGHJ0",  # zero
        "ABCDE-FGHJI",  # I
        "ABCDE-FGHJ1",  # one
        "ABCDE-FGHJL",  # L
        "abcde-fghjl",
        "ABCDE-FGHJ",  # too short
        "ABCDEFGHJ",
        "ABCDE-FGHJKM",  # too long
        "ABCDEFGHJKM",
        "ABCD-EFGHJK",  # hyphen in the wrong place
        "ABCDE--FGHJK",
        "ABCDE-FGHJK extra",
        "ABCDE-FGHJK\n2",
    ],
)
def test_normalize_code_rejects(typed: str) -> None:
    assert normalize_code(typed) is None
