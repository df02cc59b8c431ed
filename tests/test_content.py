"""Course content: precise errors for broken files, nothing half-imported, progress kept
across re-imports, and the sample courses we ship."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.clock import to_db
from bot.content import COURSES_DIR, TAG_RE, ContentError, Format, load_course, load_courses
from tests.course_fixtures import course, lesson, sample_courses, to_toml, write_courses
from tests.harness import Harness, TgUser

ROOT = Path(__file__).resolve().parent.parent


def broken(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as e:
        load_course(path)
    return e.value.problems


def toml(**changes: object) -> str:
    data = course(7, "broken-course")
    data.update(changes)
    return to_toml(data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id = 1\ntitle = [", r"broken\.toml: not valid TOML"),
        (toml(colour="red"), r"broken\.toml: colour: unknown field"),
        (toml(format="webinar"), r"broken\.toml: format: Input should be 'online_self'"),
        (toml(topics=["knitting"]), r"broken\.toml: topics: unknown topics \['knitting'\]"),
        (toml(title={"tg": "Ном", "ru": "Имя"}), r"broken\.toml: title\.en: Field required"),
        (toml(summary={"tg": "x", "ru": "y", "en": "  "}),
         r"broken\.toml: summary\.en: String should have at least 1 character"),
        (toml(lessons=[lesson("a"), lesson("a")]), r"lesson ids must be unique: \['a'\]"),
        (toml(lessons=[{**lesson("a"), "id": "Bad Id"}]),
         r"broken\.toml: lessons\[0\]\.id: String should match pattern"),
        (toml(lessons=[{**lesson("a"), "quiz": [{**lesson("a")["quiz"][0], "correct": 3}]}]),
         r"lessons\[0\]\.quiz\[0\]: .*correct = 3 but there are 3 options"),
        (toml(lessons=[{**lesson("a"), "body": {"tg": "<div>x</div>", "ru": "x", "en": "x"}}]),
         r"lessons\[0\]\.body\.tg: .*<div> is not a tag Telegram understands"),
        (toml(lessons=[{**lesson("a"), "body": {"tg": "a & b", "ru": "x", "en": "x"}}]),
         r"lessons\[0\]\.body\.tg: .*write &amp; for &"),
        (toml(lessons=[{**lesson("a"), "body": {"tg": "x" * 3600, "ru": "x", "en": "x"}}]),
         r"lessons\[0\]\.body: .*tg is 3600 characters; at most 3500 fit"),
        (toml(format="offline", region="TJ-SU", capacity=5, lessons=[]),
         r"an offline course needs sessions, each with a venue"),
        (to_toml({**sample_courses()[1], "capacity": None}),
         r"an offline course needs capacity"),
        (toml(lessons=[]), r"a self-paced course needs lessons"),
    ],
)
def test_each_broken_file_names_the_file_the_field_and_the_problem(
    tmp_path: Path, text: str, expected: str
) -> None:
    problems = broken(tmp_path, text)
    assert any(re.search(expected, p) for p in problems), problems


def test_naive_session_time_is_refused(tmp_path: Path) -> None:
    text = to_toml(sample_courses()[1]).replace("2026-12-12T10:00:00+05:00",
                                                "2026-12-12T10:00:00")
    assert any("sessions[0].starts_at: needs a UTC offset" in p
               for p in broken(tmp_path, text))


def test_two_files_with_one_id_and_every_problem_at_once(tmp_path: Path) -> None:
    write_courses(tmp_path, [course(5, "one"), course(5, "two")])
    (tmp_path / "three.toml").write_text("id = [", encoding="utf-8")
    with pytest.raises(ContentError) as e:
        load_courses(tmp_path)
    assert any("two.toml: id: 5 is also used by one.toml" in p for p in e.value.problems)
    assert any(p.startswith("three.toml: not valid TOML") for p in e.value.problems)


async def test_a_broken_file_imports_nothing(make_harness, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    h: Harness = await make_harness()
    before = await h.app.services.courses.catalog(filters=_no_filter(), page=0)
    bad = write_courses(tmp_path / "bad", [course(200, "fresh"), course(201, "x", topics=[])])
    with pytest.raises(ContentError):
        await h.app.services.courses.import_courses(load_courses(bad))
    after = await h.app.services.courses.catalog(filters=_no_filter(), page=0)
    assert after.total == before.total and await h.app.services.courses.get(200) is None


def _no_filter():  # type: ignore[no-untyped-def]
    from bot.services.courses import Filters

    return Filters()


async def test_reimport_keeps_progress_on_the_lessons_that_remain(harness: Harness,
                                                                   tmp_path: Path) -> None:
    u = TgUser(5100)
    await harness.onboard(u, "en")
    now = to_db(harness.clock.now())
    async with harness.app.db.transaction() as tx:
        for lid in ("one", "two", "three"):
            await tx.progress.complete(u.id, 101, lid, now)
    await harness.press(u, "c1:e:101", message_id=1)
    edited = sample_courses()
    python = edited[0]
    # reorder, delete "two", edit "three", add "four"
    python["lessons"] = [{**lesson("three"), "title": {"tg": "Нав", "ru": "Новый",
                                                       "en": "New title"}},
                         lesson("one"), lesson("four")]
    edited = [c for c in edited if c["id"] != 103]  # and one course is withdrawn
    changed = write_courses(tmp_path / "edited", edited)
    await harness.app.services.courses.import_courses(load_courses(changed))
    async with harness.app.db.read() as tx:
        done = await tx.progress.done(u.id, 101)
    view = await harness.app.services.courses.get(101)
    assert view is not None
    assert [les.id for les in view.course.lessons] == ["three", "one", "four"]
    assert {"one", "three"} <= done  # her progress on the lessons that remain
    assert (await harness.app.services.courses.standing(u.id, 101)).status == "enrolled"
    assert await harness.app.services.courses.get(103) is None  # hidden, not deleted


def _plain(text: str) -> str:
    return TAG_RE.sub("", text)


def test_the_shipped_sample_courses() -> None:
    courses = {c.slug: c for c in load_courses(COURSES_DIR)}
    python = courses["python-basics"]
    assert len(python.lessons) >= 6
    for les in python.lessons:
        for lang in ("tg", "ru", "en"):
            assert len(_plain(les.body.get(lang))) >= 600, (les.id, lang)
        assert len(les.quiz) >= 3, les.id
    assert {"first-tech-job", "staying-safe-online"} <= set(courses)
    workshop = next(c for c in courses.values() if c.format == Format.offline)
    assert workshop.region == "TJ-SU" and workshop.capacity
    assert workshop.sessions and all(s.venue and s.starts_at.tzinfo for s in workshop.sessions)
    assert "Khujand" in workshop.title.en or "Khujand" in workshop.summary.en


def test_content_check_command(tmp_path: Path) -> None:
    run = [sys.executable, "-m", "bot", "content", "check"]
    ok = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    assert "python-basics" in ok.stdout
    assert "ok  story zarina: published 2026-08-24, photo zarina.png" in ok.stdout
    (tmp_path / "bad.toml").write_text(toml(topics=["knitting"]), encoding="utf-8")
    bad = subprocess.run([*run, str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                         check=False)
    assert bad.returncode == 1
    assert "bad.toml: topics: unknown topics ['knitting']" in bad.stderr
