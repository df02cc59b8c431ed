"""Courses II: lessons, quizzes, drip, progress, reminders, nudges, certificates, /verify.
Course 101 of the fixtures: 3 lessons (one, two, three), each with a 2-question quiz whose
right answer is option 1, a new lesson every day, pass mark 70%."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime, timedelta

import pypdf

from bot.i18n import Locales
from tests.harness import Harness, TgUser, rows

L = Locales()
COURSE = 101


def last_text(h: Harness, u: TgUser) -> str:
    return h.last_screen(u).text or ""


async def enrolled(h: Harness, uid: int = 6000, lang: str = "en", **kw: object) -> TgUser:
    u = TgUser(uid, first_name="Zarina")
    await h.onboard(u, lang, name="Зарина Раҳимова", **kw)  # type: ignore[arg-type]
    await h.press(u, f"c1:e:{COURSE}", message_id=1)
    return u


async def pass_lesson(h: Harness, u: TgUser, lesson: str) -> None:
    await h.press(u, f"ln:g:{COURSE}:")
    await h.press(u, f"ln:d:{COURSE}:{lesson}")
    await h.press(u, f"qz:{COURSE}:{lesson}:0:1")
    await h.press(u, f"qz:{COURSE}:{lesson}:1:1")


async def finish_course(h: Harness, u: TgUser) -> None:
    for lesson in ("one", "two", "three"):
        await pass_lesson(h, u, lesson)
        h.clock.advance(days=1)


async def test_a_whole_course_with_quizzes_wrong_then_right(harness: Harness) -> None:
    u = await enrolled(harness)
    t = L["en"]
    assert (t("btn-continue"), f"ln:g:{COURSE}:") in harness.last_screen(u).buttons()
    await harness.press(u, f"ln:g:{COURSE}:")
    lesson = harness.last_screen(u)
    assert lesson.text.startswith("<b>Lesson 1 of 3: Lesson one</b>")
    assert lesson.text.endswith("░░░░░░░░░░ 0%")
    assert (t("btn-take-quiz"), f"ln:d:{COURSE}:one") in lesson.buttons()
    await harness.press(u, f"ln:d:{COURSE}:one")
    assert last_text(harness, u) == "<b>Quiz, question 1 of 2</b>\none question 0"
    await harness.press(u, f"qz:{COURSE}:one:0:0")  # wrong
    assert last_text(harness, u).startswith("❌ Not quite. The right answer: right\nbecause")
    assert last_text(harness, u).endswith("<b>Quiz, question 2 of 2</b>\none question 1")
    await harness.press(u, f"qz:{COURSE}:one:1:1")  # right, but 1 of 2 is 50% < 70%
    assert L["en"]("learn-quiz-failed", right=1, total=2, mark=70) in last_text(harness, u)
    assert harness.last_screen(u).buttons()[0][1] == f"ln:r:{COURSE}:one"
    await harness.press(u, f"ln:r:{COURSE}:one")
    await harness.press(u, f"qz:{COURSE}:one:0:1")
    await harness.press(u, f"qz:{COURSE}:one:1:1")
    assert t("learn-quiz-passed", right=2, total=2) in last_text(harness, u)
    await harness.send(u, "/mycourses")
    assert ("Python Start: ▓▓▓░░░░░░░ 33%", f"c1:o:{COURSE}") in harness.last_screen(u).buttons()

    await harness.press(u, f"ln:g:{COURSE}:")  # lesson two opens a day after enrolling
    assert last_text(harness, u).startswith(t("learn-locked", date="02.09.2026 09:00"))
    harness.clock.advance(days=1)
    await harness.app.deliverer.run_due(harness.clock.now())
    notice = harness.to(u, "sendMessage")[-1]
    assert notice.text == t("learn-lesson-open", title="Python Start", lesson="Lesson two")
    assert notice.buttons() == [(t("btn-continue"), f"ln:g:{COURSE}:")]
    await harness.press(u, f"ln:g:{COURSE}:")
    photo = harness.to(u, "sendPhoto")[-1]  # the lesson's picture comes first
    assert photo.params["photo"] == "https://example.org/lesson-two.png"
    assert photo.params["caption"] == "Lesson two"
    assert harness.last_screen(u).text.startswith("<b>Lesson 2 of 3: Lesson two</b>")
    markup = harness.last_screen(u).params["reply_markup"]["inline_keyboard"]
    assert markup[0][0] == {"text": t("btn-read-more"), "url": "https://docs.python.org/3/"}
    await pass_lesson(harness, u, "two")
    harness.clock.advance(days=1)
    await pass_lesson(harness, u, "three")
    await harness.press(u, f"ln:g:{COURSE}:")
    done = harness.last_screen(u)
    assert done.text.startswith(t("learn-complete", title="Python Start"))
    assert done.text.endswith("▓▓▓▓▓▓▓▓▓▓ 100%")
    assert done.buttons()[0] == (t("btn-get-certificate"), f"ln:c:{COURSE}:")


async def test_progress_and_quiz_resume_after_a_restart(harness: Harness) -> None:
    u = await enrolled(harness, lang="ru")
    await harness.press(u, f"ln:g:{COURSE}:")
    await harness.press(u, f"ln:d:{COURSE}:one")
    await harness.press(u, f"qz:{COURSE}:one:0:1")
    restarted = await harness.restart()
    quiz_message = restarted.message_with_button(u.id, f"qz:{COURSE}:one:1:1")
    await restarted.press(u, f"qz:{COURSE}:one:1:1", message_id=quiz_message)
    assert L["ru"]("learn-quiz-passed", right=2, total=2) in last_text(restarted, u)
    restarted.clock.advance(days=1)
    await restarted.press(u, f"ln:g:{COURSE}:", message_id=quiz_message)
    assert last_text(restarted, u).startswith("<b>Урок 2 из 3: Lesson two (ру)</b>")


async def test_old_or_forged_learning_buttons_change_nothing(harness: Harness) -> None:
    u = await enrolled(harness)
    stranger = TgUser(6100)
    await harness.onboard(stranger, "en")
    t = L["en"]
    for data in (f"ln:g:{COURSE}:", f"ln:d:{COURSE}:one", f"qz:{COURSE}:one:0:1"):
        await harness.press(stranger, data, message_id=1)  # a course she is not in
        assert harness.session.requests[-1].params["text"] == t("learn-not-enrolled")
    await harness.press(u, f"ln:d:{COURSE}:three", message_id=1)  # a locked lesson
    await harness.press(u, f"qz:{COURSE}:one:1:1", message_id=1)  # a question not asked yet
    await harness.press(u, f"qz:{COURSE}:one:0:7", message_id=1)  # no such option
    await harness.press(u, f"qz:{COURSE}:nope:0:1", message_id=1)
    answers = [r.params.get("text") for r in harness.session.requests
               if r.method == "answerCallbackQuery"][-4:]
    assert answers == [t("button-expired")] * 4
    assert await rows(harness.app.db, "SELECT count(*) FROM quiz_answers") == [(0,)]
    assert await rows(harness.app.db, "SELECT count(*) FROM lesson_progress") == [(0,)]


async def test_session_reminders_at_each_learners_local_time(harness: Harness) -> None:
    home, berlin = TgUser(6200), TgUser(6201)
    await harness.onboard(home, "en")
    await harness.onboard(berlin, "en", region="abroad", city="Germany, Berlin")
    await harness.send(berlin, "/settings")
    await harness.press(berlin, "st:timezone")
    await harness.press(berlin, "tz:Europe/Berlin")
    for u in (home, berlin):
        await harness.press(u, "c1:e:102", message_id=1)
    # the first session is on 12.12.2026 at 10:00 in Khujand (05:00 UTC)
    harness.clock.set(datetime(2026, 12, 11, 5, 0, tzinfo=UTC))  # a day before
    await harness.app.deliverer.run_due(harness.clock.now())
    day_before = harness.to(home, "sendMessage")[-1].text or ""
    assert day_before == L["en"]("learn-reminder-venue", title="Khujand Web",
                                 session="Day one", when="12.12.2026 10:00",
                                 venue="IT Park", address="Lenin 1")
    pin = harness.to(home, "sendVenue")[-1]
    assert (float(pin.params["latitude"]), pin.params["title"]) == (40.2826, "IT Park")
    # 06:00 in Berlin is in her quiet hours: hers comes at 08:00, with her local time
    assert not any("Reminder" in (r.text or "") for r in harness.to(berlin, "sendMessage"))
    harness.clock.set(datetime(2026, 12, 11, 7, 0, tzinfo=UTC))
    await harness.app.deliverer.run_due(harness.clock.now())
    assert "12.12.2026 06:00" in (harness.to(berlin, "sendMessage")[-1].text or "")
    harness.clock.set(datetime(2026, 12, 12, 4, 0, tzinfo=UTC))  # an hour before
    await harness.app.deliverer.run_due(harness.clock.now())
    assert (harness.to(home, "sendMessage")[-1].text or "").startswith("⏰ Reminder")
    reminders = [r for r in harness.to(home, "sendMessage") if "⏰" in (r.text or "")]
    assert len(reminders) == 2  # a day and an hour before the first session, each once


async def test_leaving_a_course_cancels_its_reminders(harness: Harness) -> None:
    u = TgUser(6202)
    await harness.onboard(u, "en")
    await harness.press(u, "c1:e:102", message_id=1)
    await harness.press(u, "c1:l:102", message_id=1)
    harness.clock.set(datetime(2026, 12, 11, 5, 0, tzinfo=UTC))
    await harness.app.deliverer.run_due(harness.clock.now())
    assert not any("⏰" in (r.text or "") for r in harness.to(u, "sendMessage"))


async def test_nudges_after_three_quiet_days_at_most_twice(harness: Harness) -> None:
    u = await enrolled(harness)
    nudge = L["en"]("learn-nudge", title="Python Start")

    async def nudges_after(days: float) -> int:
        harness.clock.advance(days=days)
        await harness.app.deliverer.run_due(harness.clock.now())
        return sum(1 for r in harness.to(u, "sendMessage") if r.text == nudge)

    assert await nudges_after(2.9) == 0
    assert await nudges_after(0.2) == 1
    await pass_lesson(harness, u, "one")  # she comes back: the clock starts again
    assert await nudges_after(2.9) == 1
    assert await nudges_after(0.2) == 2
    assert await nudges_after(30) == 2  # never more than twice per course


async def test_certificate_with_her_name_and_a_code_anyone_can_check(harness: Harness) -> None:
    u = await enrolled(harness, lang="tg")
    await finish_course(harness, u)
    await harness.press(u, f"ln:c:{COURSE}:", message_id=1)
    ask = harness.last_screen(u)
    assert ask.text == L["tg"]("cert-ask-name", name="Зарина Раҳимова")
    await harness.send(u, "Зарина Раҳимова 🌸")
    confirm = last_text(harness, u)
    assert confirm.startswith(L["tg"]("cert-removed", chars="🌸"))
    assert "<b>Зарина Раҳимова</b>" in confirm
    await harness.press(u, f"ln:c:{COURSE}:yes")
    document = harness.to(u, "sendDocument")[-1]
    code = await rows(harness.app.db, "SELECT code FROM certificates WHERE user_id = ?", u.id)
    assert len(code) == 1
    pdf = pypdf.PdfReader(io.BytesIO(document.files["document"]))
    text = pdf.pages[0].extract_text()
    assert "Зарина Раҳимова" in text and "Python Start (тҷ)" in text and str(code[0][0]) in text
    assert document.params["caption"] == L["tg"]("cert-caption", code=code[0][0])
    # the same button again sends the same certificate, never a second one
    await harness.press(u, f"ln:c:{COURSE}:", message_id=1)
    assert len(harness.to(u, "sendDocument")) == 2
    assert await rows(harness.app.db, "SELECT count(*) FROM certificates") == [(1,)]

    anyone = TgUser(6999, language_code="en")
    await harness.send(anyone, f"/verify {str(code[0][0]).lower()}")
    assert last_text(harness, anyone).startswith(f"✅ Certificate {code[0][0]} is genuine: "
                                                 "Зарина Раҳимова completed “Python Start”")
    await harness.send(anyone, f"/start verify-{code[0][0]}")
    assert last_text(harness, anyone).startswith("✅ Certificate")
    await harness.send(anyone, "/verify ABCDE-FGHJK")
    assert last_text(harness, anyone) == L["en"]("verify-bad")


async def test_english_certificate_asks_for_the_name_in_latin_letters(harness: Harness) -> None:
    u = await enrolled(harness, uid=6300)
    await finish_course(harness, u)
    await harness.press(u, f"ln:c:{COURSE}:", message_id=1)
    await harness.press(u, f"ln:c:{COURSE}:profile")  # her profile name is Cyrillic
    assert last_text(harness, u) == L["en"]("cert-ask-latin")
    await harness.send(u, "Зарина")
    assert last_text(harness, u) == L["en"]("cert-latin-invalid")
    await harness.send(u, "Zarina Rahimova")
    assert "<b>Zarina Rahimova</b>" in last_text(harness, u)


async def test_two_racing_requests_give_one_certificate(harness: Harness) -> None:
    u = await enrolled(harness, uid=6400, lang="ru")
    await finish_course(harness, u)
    await harness.press(u, f"ln:c:{COURSE}:", message_id=1)
    await harness.press(u, f"ln:c:{COURSE}:profile")
    mid = harness.message_with_button(u.id, f"ln:c:{COURSE}:yes")
    learning = harness.app.services.learning
    results = await asyncio.gather(*(learning.issue_certificate(u.id, COURSE, "Zarina", "en",
                                                                code) for code in
                                     ("AAAAA-BBBBB", "CCCCC-DDDDD")))
    assert results[0] == results[1]
    await harness.press(u, f"ln:c:{COURSE}:yes", message_id=mid)
    assert await rows(harness.app.db, "SELECT count(*) FROM certificates") == [(1,)]


async def test_no_certificate_before_the_course_is_finished(harness: Harness) -> None:
    u = await enrolled(harness, uid=6500)
    await pass_lesson(harness, u, "one")
    await harness.press(u, f"ln:c:{COURSE}:", message_id=1)
    assert harness.session.requests[-1].params["text"] == L["en"]("learn-not-finished")
    assert await rows(harness.app.db, "SELECT count(*) FROM certificates") == [(0,)]
    assert harness.clock.now() < datetime(2026, 9, 2, tzinfo=UTC) + timedelta(days=1)


async def test_mydata_and_deleteme_cover_her_learning(harness: Harness) -> None:
    import json

    u = await enrolled(harness, uid=6600, lang="ru")
    await finish_course(harness, u)
    await harness.press(u, f"ln:c:{COURSE}:", message_id=1)
    await harness.press(u, f"ln:c:{COURSE}:profile")
    await harness.press(u, f"ln:c:{COURSE}:yes")
    await harness.send(u, "/mydata")
    data = json.loads(harness.to(u, "sendDocument")[-1].files["document"])
    assert [e["course_id"] for e in data["enrollments"]] == [COURSE]
    assert {p["lesson_id"] for p in data["lesson_progress"]} == {"one", "two", "three"}
    assert len(data["quiz_answers"]) == 6 and len(data["certificates"]) == 1
    await harness.send(u, "/deleteme")
    await harness.press(u, "dl:1")
    await harness.press(u, "dl:2")
    for table in ("enrollments", "lesson_progress", "quiz_answers", "certificates", "outbox"):
        assert await rows(harness.app.db, f"SELECT count(*) FROM {table} WHERE user_id = ?",
                          u.id) == [(0,)], table
    # her certificate still verifies, without her name or id
    [(code, holder, name)] = await rows(harness.app.db,
                                        "SELECT code, user_id, name FROM certificates")
    assert holder is None and name is None
    checker = TgUser(6601, language_code="en")
    await harness.send(checker, f"/start verify-{code}")
    text = harness.last_screen(checker).text or ""
    assert text.startswith(f"✅ Certificate {code} is genuine") and "deleted her data" in text
    assert "Малика" not in text
