"""Jobs: filters (words, Tajik letters, remote, level), digests at her hour in two time zones,
weekly, nothing new, a restart at the digest hour, the list and saved jobs, alert settings,
and a coordinator's posting (refused to participants)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.i18n import Locales
from bot.jobs.matching import Filters, index, matches, period_of, words
from bot.jobs.normalize import Opening
from storage.jobs import AlertRow, JobRow
from tests.harness import Harness, TgUser, rows

L = Locales()
OWNER = TgUser(9901, first_name="Owner", language_code="en")


def job(title: str, *, company: str = "Alif", location: str = "Dushanbe",
        remote: bool = False, level: str | None = None,
        topics: tuple[str, ...] = ("programming",)) -> JobRow:
    return JobRow(1, title, company, location, remote, level, topics, "https://x.tj/1", "t",
                  "", None, "", "")


def f(**kw: object) -> Filters:
    kw.setdefault("topics", frozenset())
    return Filters(**kw)  # type: ignore[arg-type]


def test_include_and_exclude_words_match_at_word_starts() -> None:
    ix = index(job("Junior Python developer (Django)", company="Alif Bank"))
    assert matches(ix, f(include=words("python, golang")))
    assert matches(ix, f(include=words("djan")))  # the start of a word
    assert not matches(ix, f(include=words("ython")))  # not the middle of one
    assert not matches(ix, f(include=words("golang java")))
    assert not matches(ix, f(exclude=words("senior, django")))
    assert matches(ix, f(exclude=words("senior")))
    assert matches(ix, f(include=words("alif")))  # the company counts too


def test_tajik_letters_match_their_russian_keyboard_twins_case_and_nfc() -> None:
    ix = index(job("Барномасози ҷавон", company="Ҳумо"))
    assert matches(ix, f(include=words("чавон")))
    assert matches(ix, f(include=words("ҶАВОН")))
    assert matches(ix, f(include=words("хумо")))
    typed_with_russian_letters = index(job("Барномасози чавон", company="Хумо"))
    assert matches(typed_with_russian_letters, f(include=words("ҷавон")))
    decomposed = "и\u0306"  # й written as и + combining breve
    assert matches(index(job("Разработчик Мой")), f(include=words("мо" + decomposed)))
    assert words("Python, PYTHON;  ғ") == ("python", "г")


def test_remote_and_level_filters() -> None:
    remote_junior = index(job("Tester", remote=True, level="beginner"))
    office_senior = index(job("Lead", level="advanced"))
    unknown = index(job("Analyst"))
    assert matches(remote_junior, f(remote="remote"))
    assert not matches(office_senior, f(remote="remote"))
    assert matches(office_senior, f(remote="onsite"))
    assert not matches(remote_junior, f(remote="onsite"))
    assert matches(remote_junior, f(level="beginner"))
    assert not matches(office_senior, f(level="beginner"))
    assert matches(unknown, f(level="beginner"))  # an unknown level matches every level
    assert not matches(remote_junior, f(topics=frozenset({"design"})))
    assert matches(remote_junior, f(topics=frozenset({"design", "programming"})))


def test_digest_periods_in_her_zone() -> None:
    alert = AlertRow(1, "daily", (), None, "any", "", "", 9, None, None, "Europe/Berlin")
    at_nine_berlin = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # 09:00 in Berlin (CET)
    assert period_of(alert, at_nine_berlin, "Asia/Dushanbe") == "d2026-11-30"
    assert period_of(alert, at_nine_berlin + timedelta(hours=1), "Asia/Dushanbe") is None
    weekly = AlertRow(1, "weekly", (), None, "any", "", "", 9, None, None, None)
    monday_nine = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)  # 09:00 in Dushanbe, a Monday
    assert period_of(weekly, monday_nine, "Asia/Dushanbe") == "w2026-49"
    assert period_of(weekly, monday_nine + timedelta(days=1), "Asia/Dushanbe") is None


# --- flows ------------------------------------------------------------------------------------
async def add_job(h: Harness, title: str, **kw: object) -> int:
    now = h.clock.now()
    opening = Opening(title=title, company=str(kw.get("company", "Alif")),
                      location=str(kw.get("location", "Dushanbe")),
                      remote=bool(kw.get("remote", False)), level=kw.get("level"),  # type: ignore[arg-type]
                      topics=tuple(kw.get("topics", ("programming",))),  # type: ignore[arg-type]
                      url=str(kw.get("url", f"https://jobs.example.tj/{abs(hash(title))}")),
                      published=now, deadline=None, source="test")
    async with h.app.db.transaction() as tx:
        job_id = await h.app.services.jobs._add(tx, opening, now)
    assert job_id is not None
    return job_id


def digests_to(h: Harness, u: TgUser) -> list[str]:
    head = L["en"]("jobs-digest", count=0).split(":")[0]
    return [r.text or "" for r in h.to(u, "sendMessage") if (r.text or "").startswith(head)]


async def subscriber(h: Harness, uid: int, zone: str | None = None, **change: object) -> TgUser:
    u = TgUser(uid, language_code="en")
    await h.onboard(u, "en", interests=("programming",))
    await h.press(u, "m:j")
    await h.press(u, "jb:a::0:")
    await h.press(u, "jb:o::0:")
    if zone:
        await h.app.services.users.set_timezone(uid, zone)
    if change:
        assert await h.app.services.jobs.change(uid, **change) is not None
    h.clock.advance(minutes=1)  # openings come after she subscribed
    return u


async def test_digest_comes_at_her_hour_in_two_zones_once_and_not_when_nothing_is_new(
        harness: Harness) -> None:
    h = harness
    h.clock.set(datetime(2026, 11, 30, 1, 0, tzinfo=UTC))  # 06:00 Dushanbe, 02:00 Berlin
    dushanbe = await subscriber(h, 9911)
    berlin = await subscriber(h, 9912, "Europe/Berlin")
    await add_job(h, "Junior Python developer")
    await add_job(h, "UX designer", topics=("design",))  # not her topic
    h.clock.set(datetime(2026, 11, 30, 4, 0, tzinfo=UTC))  # 09:00 in Dushanbe
    assert await h.app.services.jobs.send_digests() == 1
    await h.app.deliverer.run_due()
    digest = digests_to(h, dushanbe)
    assert len(digest) == 1 and "Junior Python developer" in digest[0]
    assert "UX designer" not in digest[0] and "Open the vacancy" in digest[0]
    assert not digests_to(h, berlin)
    # a second run in the same hour, and after a restart: nothing more
    assert await h.app.services.jobs.send_digests() == 0
    h = await h.restart()
    assert await h.app.services.jobs.send_digests() == 0
    h.clock.set(datetime(2026, 11, 30, 8, 0, tzinfo=UTC))  # 09:00 in Berlin
    assert await h.app.services.jobs.send_digests() == 1
    await h.app.deliverer.run_due()
    assert len(digests_to(h, berlin)) == 1 and len(digests_to(h, dushanbe)) == 1
    # the next day: nothing new, no message
    h.clock.set(datetime(2026, 12, 1, 4, 0, tzinfo=UTC))
    assert await h.app.services.jobs.send_digests() == 0
    # something new comes the day after
    await add_job(h, "Python intern")
    h.clock.set(datetime(2026, 12, 2, 4, 0, tzinfo=UTC))
    await h.app.services.jobs.send_digests()
    await h.app.deliverer.run_due()
    latest = digests_to(h, dushanbe)
    assert len(latest) == 2 and "Python intern" in latest[-1]
    assert "Junior Python developer" not in latest[-1]
    assert await rows(h.app.db, "SELECT count(*) FROM outbox WHERE kind = 'jobs.digest'") == [
        (3,)]


async def test_weekly_digest_comes_on_monday_with_the_whole_week(harness: Harness) -> None:
    h = harness
    h.clock.set(datetime(2026, 11, 23, 5, 0, tzinfo=UTC))  # Monday 10:00 Dushanbe
    u = await subscriber(h, 9921, frequency="weekly", hour=10)
    for day in range(3):
        h.clock.set(datetime(2026, 11, 24 + day, 5, 0, tzinfo=UTC))
        await add_job(h, f"Developer {day}")
        assert await h.app.services.jobs.send_digests() == 0  # not Monday
    h.clock.set(datetime(2026, 11, 30, 5, 0, tzinfo=UTC))
    assert await h.app.services.jobs.send_digests() == 1
    await h.app.deliverer.run_due()
    [digest] = digests_to(h, u)
    assert all(f"Developer {d}" in digest for d in range(3))


async def test_digest_shows_ten_and_counts_the_rest(harness: Harness) -> None:
    h = harness
    h.clock.set(datetime(2026, 11, 30, 1, 0, tzinfo=UTC))
    u = await subscriber(h, 9931)
    for n in range(12):
        await add_job(h, f"Python role {n}")
    h.clock.set(datetime(2026, 11, 30, 4, 0, tzinfo=UTC))
    await h.app.services.jobs.send_digests()
    await h.app.deliverer.run_due()
    [digest] = digests_to(h, u)
    assert digest.count("Open the vacancy") == 10
    assert L["en"]("jobs-digest-more", count=2) in digest
    sent = next(r for r in h.to(u, "sendMessage") if r.text == digest)
    assert ("📋 More openings", "jb:m::0:") in sent.buttons()


async def test_filters_from_the_alert_screen_shape_the_digest(harness: Harness) -> None:
    h = harness
    h.clock.set(datetime(2026, 11, 30, 1, 0, tzinfo=UTC))
    u = await subscriber(h, 9941)
    await h.press(u, "jb:r:remote:0:")
    await h.press(u, "jb:e:beginner:0:")
    await h.press(u, "jb:w:in:0:")
    await h.send(u, "python, ҷавон")
    await h.press(u, "jb:w:out:0:")
    await h.send(u, "bank")
    alert = await h.app.services.jobs.alert(u.id)
    assert alert is not None and (alert.remote, alert.level) == ("remote", "beginner")
    assert (alert.include_words, alert.exclude_words) == ("python чавон", "bank")
    await add_job(h, "Python intern", remote=True, level="beginner")
    await add_job(h, "Барномасози Ҷавон", remote=True, company="Humo")
    await add_job(h, "Python junior", remote=False)  # on-site
    await add_job(h, "Python trainee", remote=True, company="Eskhata Bank")  # excluded
    await add_job(h, "Python lead", remote=True, level="advanced")
    h.clock.set(datetime(2026, 11, 30, 4, 0, tzinfo=UTC))
    await h.app.services.jobs.send_digests()
    await h.app.deliverer.run_due()
    [digest] = digests_to(h, u)
    assert "Python intern" in digest and "Барномасози Ҷавон" in digest
    assert not any(t in digest for t in ("Python junior", "Python trainee", "Python lead"))


async def test_list_save_and_saved_jobs(harness: Harness) -> None:
    h = harness
    u = TgUser(9951, language_code="en")
    await h.onboard(u, "en")
    first = await add_job(h, "Data analyst <intern>", company="Tcell & Co")
    await h.press(u, "m:j")
    screen = h.last_screen(u)
    assert "Data analyst &lt;intern&gt;" in (screen.text or "") and "Tcell &amp; Co" in (
        screen.text or "")
    await h.press(u, f"jb:v:{first}:0:l")
    assert h.answers(u)[-1].params.get("text") == L["en"]("jobs-saved")
    await h.press(u, "jb:s::0:")
    assert "Data analyst" in (h.last_screen(u).text or "")
    await h.press(u, f"jb:v:{first}:0:s")
    assert h.last_screen(u).text == L["en"]("jobs-saved-none")
    await h.press(u, "jb:v:999999:0:l", message_id=1)
    assert h.answers(u)[-1].params.get("text") == L["en"]("jobs-gone")


async def test_coordinator_posts_an_opening_and_a_participant_cannot(make_harness) -> None:  # type: ignore[no-untyped-def]
    h: Harness = await make_harness(admin_ids=str(OWNER.id))
    await h.onboard(OWNER, "en")
    p = TgUser(9961, language_code="en")
    await h.onboard(p, "en")
    await h.press(p, "ad:j:", message_id=1)
    assert h.answers(p)[-1].params.get("text") == L["en"]("button-expired")
    await h.send(p, "Fake job")
    assert await rows(h.app.db, "SELECT count(*) FROM jobs") == [(0,)]
    await h.send(OWNER, "/admin")
    await h.press(OWNER, "ad:j:")
    await h.send(OWNER, "Junior <b>QA</b> engineer")
    await h.send(OWNER, "Alif Bank")
    await h.press(OWNER, "jp:r:")
    await h.press(OWNER, "jp:e:beginner")
    await h.press(OWNER, "jp:p:programming")
    await h.press(OWNER, "jp:d:")
    await h.send(OWNER, "not a link")
    assert h.last_screen(OWNER).text == L["en"]("post-url-invalid")
    await h.send(OWNER, "https://alif.tj/careers/qa")
    await h.send(OWNER, "31.12.2020")
    assert h.last_screen(OWNER).text == L["en"]("post-deadline-past")
    await h.send(OWNER, "31.12.2099")
    assert "Junior QA engineer" in (h.last_screen(OWNER).text or "")
    await h.press(OWNER, "jp:f:")
    assert h.last_screen(OWNER).text == L["en"]("post-done")
    assert await rows(h.app.db, "SELECT title, company, remote, level, topics, source, "
                      "posted_by FROM jobs") == [
        ("Junior QA engineer", "Alif Bank", 1, "beginner", '["programming"]', "coordinator",
         OWNER.id)]
    assert await rows(h.app.db, "SELECT action FROM audit_log WHERE action = 'job.post'") == [
        ("job.post",)]
    await h.press(p, "m:j")
    assert "Junior QA engineer" in (h.last_screen(p).text or "")


def test_digest_arguments_are_the_json_the_outbox_reads() -> None:
    import json

    from bot.jobs.matching import Digest
    from bot.services.jobs import digest_args

    d = Digest(5, "d2026-11-30", (3, 10, 7), 12)
    assert json.loads(digest_args(d)) == {"jobs": [3, 10, 7], "total": 12}


async def test_an_opening_stored_in_the_same_second_as_a_digest_comes_in_the_next_one(
        harness: Harness) -> None:
    h = harness
    h.clock.set(datetime(2026, 11, 30, 1, 0, tzinfo=UTC))
    u = await subscriber(h, 9971)
    h.clock.set(datetime(2026, 11, 30, 4, 0, tzinfo=UTC))
    await add_job(h, "Python mentor assistant")
    assert await h.app.services.jobs.send_digests() == 1
    await h.app.deliverer.run_due()
    await add_job(h, "Python tester")  # the same second, just after the digest was built
    h.clock.set(datetime(2026, 12, 1, 4, 0, tzinfo=UTC))
    assert await h.app.services.jobs.send_digests() == 1
    await h.app.deliverer.run_due()
    first, second = digests_to(h, u)
    assert "Python mentor assistant" in first and "Python tester" not in first
    assert "Python tester" in second and "Python mentor assistant" not in second
