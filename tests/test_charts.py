"""Charts: valid 1000x600 PNGs, Tajik glyphs, empty data, determinism, threads."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import matplotlib.image
import pytest
from matplotlib import font_manager

from bot.charts import FONT_FAMILY, bar_chart, funnel_chart, line_chart

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TAJIK_LETTERS = "ғқҳҷӣӯ ҒҚҲҶӢӮ"
REGIONS = ["Душанбе", "Суғд", "Хатлон", "ВМКБ", "Ноҳияҳои тобеи ҷумҳурӣ"]
REGION_COUNTS = [120, 80, 45, 12, 30]
WEEKS = ["02.11", "09.11", "16.11", "23.11", "30.11", "07.12"]
WEEKLY = {"Нав": [3, 5, 2, 8, 4, 6], "Ментор": [1, 1, 2, 0, 3, 1]}
STAGES = [
    ("Оғоз кард", 200),
    ("Онбординг анҷом ёфт", 150),
    ("Ба курс сабт шуд", 60),
    ("Курсро хатм кард", 9),
]


def assert_png(data: bytes) -> None:
    assert isinstance(data, bytes)
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) < 200 * 1024
    image = matplotlib.image.imread(io.BytesIO(data))
    assert image.shape[:2] == (600, 1000)


def test_bar_chart_horizontal_and_vertical() -> None:
    assert_png(
        bar_chart(
            "Корбарон аз рӯи минтақа",
            REGIONS,
            REGION_COUNTS,
            xlabel="Корбарон",
            horizontal=True,
        )
    )
    assert_png(bar_chart("Courses", ["Python", "SQL", "UX"], [12, 3456, 1], ylabel="Users"))


def test_line_chart_one_and_several_series() -> None:
    assert_png(line_chart("Корбарони нав дар ҳафта", WEEKS, {"Нав": [3, 5, 2, 8, 4, 6]}))
    many_weeks = [f"{day:02}.{month:02}" for month in range(1, 13) for day in (1, 8, 15, 22)]
    assert_png(
        line_chart(
            "Ҷуфтҳои ментор дар ҳафта",
            many_weeks,
            {
                "Пешниҳод": [i % 7 for i in range(len(many_weeks))],
                "Қабул шуд": [i % 3 for i in range(len(many_weeks))],
            },
            ylabel="Шумора",
        )
    )
    assert_png(line_chart("One week", ["02.11"], {"New": [4]}))


def test_funnel_chart() -> None:
    assert_png(funnel_chart("Воронкаи онбординг", STAGES))


def test_funnel_with_zero_first_stage() -> None:
    assert_png(funnel_chart("Воронка", [("Оғоз", 0), ("Анҷом", 3), ("Сабт", 1)]))


def test_tajik_glyphs_render_without_warnings() -> None:
    long_label = f"Ноҳияҳои тобеи ҷумҳурӣ {TAJIK_LETTERS} ва боз чизе"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        charts = [
            bar_chart(
                TAJIK_LETTERS,
                [TAJIK_LETTERS, long_label],
                [3, 5],
                xlabel=TAJIK_LETTERS,
                ylabel=TAJIK_LETTERS,
                horizontal=True,
            ),
            bar_chart(TAJIK_LETTERS, [TAJIK_LETTERS, long_label], [3, 5]),
            line_chart(
                TAJIK_LETTERS,
                WEEKS,
                {TAJIK_LETTERS: [1, 2, 3, 4, 5, 6], long_label: [0, 1, 0, 1, 0, 1]},
                ylabel=TAJIK_LETTERS,
            ),
            funnel_chart(TAJIK_LETTERS, [(TAJIK_LETTERS, 10), (long_label, 4)]),
            bar_chart(TAJIK_LETTERS, [], [], empty=TAJIK_LETTERS),
        ]
    for chart in charts:
        assert_png(chart)


def test_font_is_bundled_dejavu_sans() -> None:
    path = font_manager.findfont(
        font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False
    )
    assert path.endswith("DejaVuSans.ttf")


@pytest.mark.parametrize(
    "render",
    [
        lambda: bar_chart("Минтақаҳо", [], [], empty="Ҳоло маълумот нест"),
        lambda: bar_chart("Минтақаҳо", ["Душанбе", "Суғд"], [0, 0], horizontal=True),
        lambda: line_chart("Ҳафтаҳо", [], {}),
        lambda: line_chart("Ҳафтаҳо", WEEKS, {}),
        lambda: line_chart("Ҳафтаҳо", WEEKS, {"Нав": [0] * 6, "Кӯҳна": [0] * 6}),
        lambda: funnel_chart("Воронка", []),
        lambda: funnel_chart("Воронка", [("Оғоз", 0), ("Анҷом", 0)], empty="Ҳеҷ чиз"),
    ],
)
def test_empty_data_gives_valid_png(render: Callable[[], bytes]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert_png(render())


def test_empty_chart_differs_from_data_chart() -> None:
    empty = bar_chart("Минтақаҳо", REGIONS, [0] * 5, empty="Ҳоло маълумот нест")
    other_message = bar_chart("Минтақаҳо", REGIONS, [0] * 5, empty="No data yet")
    data = bar_chart("Минтақаҳо", REGIONS, [1, 2, 3, 4, 5])
    assert len({empty, other_message, data}) == 3


def test_same_input_gives_identical_bytes() -> None:
    def render_all() -> list[bytes]:
        return [
            bar_chart("Корбарон аз рӯи минтақа", REGIONS, REGION_COUNTS, horizontal=True),
            line_chart("Нав", WEEKS, WEEKLY),
            funnel_chart("Воронка", STAGES),
            funnel_chart("Воронка", []),
        ]

    first, second = render_all(), render_all()
    assert first == second
    for chart in first:
        assert b"Software" not in chart
        assert b"matplotlib" not in chart.lower()


def test_long_labels_are_accepted() -> None:
    labels = ["Вилояти Мухтори Кӯҳистони Бадахшон ва ноҳияҳои атрофи он", "Суғд"]
    assert_png(bar_chart("Минтақаҳо", labels, [3, 4], horizontal=True))
    assert_png(line_chart("Ҳафтаҳо", WEEKS, {labels[0]: [1] * 6, labels[1]: [2] * 6}))
    # Text with dollar signs is drawn literally, not parsed as mathtext.
    assert_png(bar_chart("Salary $500 – $900", ["$500", "$900 $"], [1, 2]))


def test_mismatched_lengths_are_rejected() -> None:
    with pytest.raises(ValueError):
        bar_chart("x", ["a", "b"], [1])
    with pytest.raises(ValueError):
        line_chart("x", WEEKS, {"a": [1, 2]})
    with pytest.raises(ValueError):
        bar_chart("x", ["a"], [-1])


def test_charts_render_concurrently_in_threads() -> None:
    jobs: list[Callable[[], bytes]] = [
        lambda: bar_chart("Корбарон аз рӯи минтақа", REGIONS, REGION_COUNTS, horizontal=True),
        lambda: line_chart("Нав", WEEKS, WEEKLY),
        lambda: funnel_chart("Воронка", STAGES),
        lambda: bar_chart("Курсҳо", ["Python", "SQL", "UX"], [12, 34, 5]),
    ]
    expected = [job() for job in jobs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(job) for job in jobs * 3]
        results = [future.result(timeout=60) for future in futures]
    for chart in results:
        assert_png(chart)
    assert results == expected * 3
