"""Coordinators: roles and the audit log, the team, broadcasts (languages, audience, preview,
urgent, scheduling, progress, report, cancel), Ask the team, /stats with charts, CSV exports."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from bot.clock import to_db
from bot.i18n import Locales
from bot.services.broadcasts import Draft
from bot.services.users import COORDINATOR
from storage.segments import Segment
from tests.harness import Harness, TgUser, rows

L = Locales()
OWNER = TgUser(9001, first_name="Owner", language_code="en")
PNG = b"\x89PNG\r\n\x1a\n"


async def with_owner(make_harness) -> Harness:  # type: ignore[no-untyped-def]
    h: Harness = await make_harness(admin_ids=str(OWNER.id))
    await h.onboard(OWNER, "en", name="Firuza")
    return h


async def deliver(h: Harness) -> None:
    await h.app.deliverer.run_due()
    await h.app.monitor.tick()


def texts_to(h: Harness, u: TgUser) -> list[str]:
    return [r.text or "" for r in h.to(u) if r.method == "sendMessage"]


# --- roles ------------------------------------------------------------------------------------
async def test_admin_opens_for_the_owner_and_is_an_unknown_command_for_others(
        make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    participant, stranger = TgUser(9101, language_code="en"), TgUser(9102, language_code="en")
    mentor = TgUser(9103, language_code="en")
    await h.onboard(participant, "en")
    await h.onboard(mentor, "en", goal="mentor")
    async with h.app.db.transaction() as tx:
        await tx.users.add_role(mentor.id, "mentor", to_db(h.clock.now()))
    await h.send(OWNER, "/admin")
    assert h.last_screen(OWNER).text == L["en"]("admin-title")
    assert ("👥 Coordinators", "ad:t:") in h.last_screen(OWNER).buttons()
    for u in (participant, mentor, stranger):
        await h.send(u, "/admin")
        await h.send(u, "/stats")
        assert not any(L["en"]("admin-title") in (r.text or "") for r in h.to(u))
        assert not h.to(u, "sendPhoto")
    assert L["en"]("fallback-unknown") in h.last_screen(participant).text
    denied = await rows(h.app.db, "SELECT actor, action, detail FROM audit_log "
                        "WHERE action = 'denied' ORDER BY id")
    assert [(a, json.loads(str(d))["attempted"]) for a, _, d in denied] == [
        (participant.id, "/admin /admin"), (participant.id, "/stats /stats"),
        (mentor.id, "/admin /admin"), (mentor.id, "/stats /stats"),
        (stranger.id, "/admin /admin"), (stranger.id, "/stats /stats")]


async def test_every_coordinator_button_is_refused_to_participants_mentors_and_strangers(
        make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    participant, mentor, stranger = (TgUser(9111, language_code="en"),
                                     TgUser(9112, language_code="en"),
                                     TgUser(9113, language_code="en"))
    await h.onboard(participant, "en")
    await h.onboard(mentor, "en", goal="mentor")
    async with h.app.db.transaction() as tx:
        await tx.users.add_role(mentor.id, "mentor", to_db(h.clock.now()))
    buttons = ["ad:m:", "ad:s:", "ad:e:", "ad:e:participants", "ad:b:", "ad:t:", "ad:g:",
               f"ad:r:{OWNER.id}", "ad:l:", "bc:w:en", "bc:f:", "bc:x:1", "qa:1"]
    for u in (participant, mentor, stranger):
        for data in buttons:
            before = len(h.session.requests)
            await h.press(u, data, message_id=1)
            answers = [r for r in h.session.requests[before:]
                       if r.method == "answerCallbackQuery"]
            assert [a.params.get("text") for a in answers] == [L["en"]("button-expired")]
            assert not [r for r in h.session.requests[before:]
                        if r.method in ("sendDocument", "sendPhoto", "editMessageText")]
    denied = await rows(h.app.db, "SELECT actor, count(*) FROM audit_log "
                        "WHERE action = 'denied' GROUP BY actor ORDER BY actor")
    assert denied == [(participant.id, len(buttons)), (mentor.id, len(buttons)),
                      (stranger.id, len(buttons))]
    assert await rows(h.app.db, "SELECT count(*) FROM broadcasts") == [(0,)]


async def test_owner_grants_and_revokes_the_role_and_it_is_checked_at_each_use(
        make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    helper = TgUser(9121, first_name="Zarina", language_code="en")
    await h.onboard(helper, "en", name="Zarina")
    await h.press(OWNER, "ad:t:", message_id=1)
    await h.press(OWNER, "ad:g:")
    assert h.last_screen(OWNER).text == L["en"]("team-ask")
    await h.feed(h.message_update(OWNER, None, users_shared={
        "request_id": 1, "users": [{"user_id": helper.id}]}))
    assert L["en"]("team-granted") in texts_to(h, OWNER)
    assert COORDINATOR in (await h.app.services.users.get(helper.id)).roles  # type: ignore[union-attr]
    await h.send(helper, "/admin")
    assert h.last_screen(helper).text == L["en"]("admin-title")
    # a coordinator who is not an owner cannot manage the team
    assert ("👥 Coordinators", "ad:t:") not in h.last_screen(helper).buttons()
    await h.press(helper, "ad:t:", message_id=1)
    assert h.answers(helper)[-1].params.get("text") == L["en"]("button-expired")
    # revoked: her next /admin is an unknown command
    await h.press(OWNER, f"ad:r:{helper.id}")
    assert COORDINATOR not in (await h.app.services.users.get(helper.id)).roles  # type: ignore[union-attr]
    await h.send(helper, "/admin")
    assert L["en"]("fallback-unknown") in h.last_screen(helper).text
    actions = await rows(h.app.db, "SELECT actor, action, target FROM audit_log "
                         "WHERE action LIKE 'role.%' ORDER BY id")
    assert actions == [(OWNER.id, "role.grant", f"user:{helper.id}"),
                       (OWNER.id, "role.revoke", f"user:{helper.id}")]
    # someone who never opened the bot cannot be made a coordinator
    await h.press(OWNER, "ad:g:")
    await h.send(OWNER, "777000111")
    assert L["en"]("team-unknown-user") in texts_to(h, OWNER)


# --- segments ---------------------------------------------------------------------------------
async def test_segment_queries_return_exactly_the_right_people(harness: Harness) -> None:
    h = harness
    now = h.clock.now()
    people = {
        1: dict(language="ru", region="TJ-SU", age_group="18-24", status="university"),
        2: dict(language="tg", region="TJ-SU", age_group="16-17", status="school"),
        3: dict(language="en", region="TJ-DU", age_group="25-34", status="employed"),
        4: dict(language="ru", region="TJ-DU", age_group="18-24", status="seeking"),
        5: dict(language="ru", region="TJ-SU", age_group="18-24", status="university"),
    }
    async with h.app.db.transaction() as tx:
        for uid, fields in people.items():
            await tx.users.create(uid, to_db(now - timedelta(days=60)))
            await tx.users.update_fields(uid, consent_at=to_db(now), onboarded_at=to_db(now),
                                         **fields)
        await tx.users.touch(1, to_db(now - timedelta(days=3)))
        await tx.users.touch(4, to_db(now - timedelta(days=3)))
        await tx.users.add_role(3, "mentor", to_db(now))
        await tx.users.update_fields(5, announcements_muted=1)
        await tx.users.create(6, to_db(now))  # never consented: nobody's audience
        await tx.users.mark_blocked(4, to_db(now))  # blocked the bot: nobody's audience
        await tx.enrollments.put(101, 1, "enrolled", to_db(now))
        await tx.enrollments.put(101, 2, "waitlisted", to_db(now))
        await tx.enrollments.put(101, 3, "enrolled", to_db(now))
        for lesson in ("one", "two", "three"):
            await tx.progress.complete(3, 101, lesson, to_db(now))
        await tx.progress.complete(1, 101, "one", to_db(now))
    b = h.app.services.broadcasts
    lessons = await h.app.services.courses.lesson_ids()
    assert lessons[101] == ["one", "two", "three"]

    async def who(urgent: bool = False, **kw: object) -> list[int]:
        seg = Segment(**{k: frozenset(v) if isinstance(v, (set, list, tuple)) else v  # type: ignore[arg-type]
                         for k, v in kw.items()})
        found = await b.members(seg, urgent)
        assert await b.reach(seg, urgent) == len(found)
        return found

    assert await who() == [1, 2, 3]
    assert await who(urgent=True) == [1, 2, 3, 5]  # urgent reaches who muted announcements
    assert await who(languages={"ru", "en"}) == [1, 3]
    assert await who(languages={"ru"}, regions={"TJ-SU"}) == [1]
    assert await who(urgent=True, languages={"ru"}, regions={"TJ-SU"},
                     age_groups={"18-24"}, statuses={"university"}) == [1, 5]
    assert await who(roles={"mentor"}) == [3]
    assert await who(enrolled={101}) == [1, 3]
    assert await who(finished={101}) == [3]
    assert await who(enrolled={101}, languages={"ru"}) == [1]
    assert await who(active_days=7) == [1]
    assert await who(regions={"TJ-GB"}) == []
    # values are parameters, never SQL
    assert await who(languages={"ru') OR 1=1 --"}) == []


# --- broadcasts -------------------------------------------------------------------------------
async def compose(h: Harness, by: TgUser, texts: dict[str, str]) -> None:
    await h.press(by, "ad:b:", message_id=1)
    for i, (lang, text) in enumerate(texts.items()):
        if i:
            await h.press(by, "bc:w:")  # "Languages" on the draft
        await h.press(by, f"bc:w:{lang}")
        await h.send(by, text)


async def test_broadcast_in_three_languages_reaches_each_in_hers_with_fallback(
        make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    ru, tg, en = TgUser(9201), TgUser(9202, language_code="tg"), TgUser(9203)
    await h.onboard(ru, "ru")
    await h.onboard(tg, "tg")
    await h.onboard(en, "en")
    await compose(h, OWNER, {"en": "Hackathon <on Saturday> & more", "ru": "Хакатон в субботу!"})
    draft = h.last_screen(OWNER).text or ""
    assert "Reaches: <b>4</b> people" in draft and "Тоҷикӣ" in draft
    await h.press(OWNER, "bc:p:")  # a preview of each language to herself
    assert texts_to(h, OWNER)[-5:-1] == [
        L["en"]("bc-preview-header", language="Русский"), "Хакатон в субботу!",
        L["en"]("bc-preview-header", language="English"),
        "Hackathon &lt;on Saturday&gt; &amp; more"]  # what she typed, shown as typed
    assert await rows(h.app.db, "SELECT count(*) FROM outbox WHERE kind = 'broadcast'") == [(0,)]
    await h.press(OWNER, "bc:n:")
    assert h.last_screen(OWNER).text == L["en"]("bc-confirm-now", reach=4)
    await h.press(OWNER, "bc:f:")
    progress = h.last_screen(OWNER)
    assert progress.text == L["en"]("bc-progress-starting", id=1, total=4)
    await deliver(h)
    assert texts_to(h, ru)[-1] == "Хакатон в субботу!"
    assert texts_to(h, en)[-1] == "Hackathon &lt;on Saturday&gt; &amp; more"
    assert texts_to(h, tg)[-1] == "Хакатон в субботу!"  # no Tajik: tg, ru, en order
    assert await rows(h.app.db, "SELECT status, count(*) FROM outbox WHERE broadcast_id = 1 "
                      "GROUP BY status") == [("sent", 4)]
    # the progress message became the final state; the report followed
    done = [r for r in h.to(OWNER, "editMessageText")][-1]
    assert done.params["message_id"] == progress.params.get("message_id", done.params[
        "message_id"])
    assert "is finished" in (done.text or "") and "Sent: 4" in (done.text or "")
    await h.app.deliverer.run_due()
    assert "Report of broadcast #1" in texts_to(h, OWNER)[-1]
    audit = await rows(h.app.db, "SELECT actor, action, target FROM audit_log "
                       "WHERE action LIKE 'broadcast.%'")
    assert audit == [(OWNER.id, "broadcast.confirm", "broadcast:1")]
    h.assert_all_requests_valid()


async def test_broadcast_with_a_picture_keeps_formatting_and_goes_to_the_chosen_audience(
        make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    sughd, dushanbe = TgUser(9211), TgUser(9212)
    await h.onboard(sughd, "ru", region="TJ-SU")
    await h.onboard(dushanbe, "ru", region="TJ-DU")
    await h.press(OWNER, "ad:b:", message_id=1)
    await h.press(OWNER, "bc:w:ru")
    await h.feed(h.message_update(OWNER, None, photo=[
        {"file_id": "AgACAgIAAxPhoto", "file_unique_id": "AQADp", "width": 800, "height": 600}],
        caption="Курс по Python", caption_entities=[
            {"type": "bold", "offset": 8, "length": 6}]))
    await h.press(OWNER, "bc:a:")
    await h.press(OWNER, "bc:d:regions")
    await h.press(OWNER, "bc:t:r.TJ-SU")
    assert "Reaches: <b>2</b> people" in (h.last_screen(OWNER).text or "")  # she is in Sughd
    await h.press(OWNER, "bc:t:r.NOPE", message_id=1)  # a forged value changes nothing
    assert h.answers(OWNER)[-1].params.get("text") == L["en"]("button-expired")
    await h.press(OWNER, "bc:a:")
    await h.press(OWNER, "bc:r:")
    await h.press(OWNER, "bc:n:")
    await h.press(OWNER, "bc:f:")
    await deliver(h)
    photos = h.to(sughd, "sendPhoto")
    assert [(p.params["photo"], p.params["caption"]) for p in photos] == [
        ("AgACAgIAAxPhoto", "Курс по <b>Python</b>")]
    assert not h.to(dushanbe, "sendPhoto")


async def test_muted_announcements_skip_ordinary_broadcasts_but_not_urgent_ones(
        make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    u = TgUser(9221, language_code="en")
    await h.onboard(u, "en")
    await h.send(u, "/settings")
    await h.press(u, "st:announce")
    assert "Announcements: off" in (h.last_screen(u).text or "")
    await compose(h, OWNER, {"en": "Ordinary news"})
    await h.press(OWNER, "bc:n:")
    await h.press(OWNER, "bc:f:")
    await compose(h, OWNER, {"en": "Urgent: the venue changed"})
    await h.press(OWNER, "bc:u:")
    await h.press(OWNER, "bc:n:")
    assert L["en"]("bc-confirm-urgent") in (h.last_screen(OWNER).text or "")
    await h.press(OWNER, "bc:f:")
    await deliver(h)
    assert "Ordinary news" not in texts_to(h, u)
    assert "Urgent: the venue changed" in texts_to(h, u)


async def test_urgent_ignores_quiet_hours_and_others_wait(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    u = TgUser(9231, language_code="en")
    await h.onboard(u, "en")
    # 23:00 in Dushanbe: inside the default quiet hours
    h.clock.set(h.clock.now().replace(hour=18, minute=0, second=0))
    await compose(h, OWNER, {"en": "Calm news"})
    await h.press(OWNER, "bc:n:")
    await h.press(OWNER, "bc:f:")
    await compose(h, OWNER, {"en": "Alarm"})
    await h.press(OWNER, "bc:u:")
    await h.press(OWNER, "bc:n:")
    await h.press(OWNER, "bc:f:")
    await deliver(h)
    assert "Alarm" in texts_to(h, u) and "Calm news" not in texts_to(h, u)
    h.clock.advance(hours=10)
    await deliver(h)
    assert "Calm news" in texts_to(h, u)


async def test_scheduled_broadcast_waits_for_its_time(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    u = TgUser(9241, language_code="en")
    await h.onboard(u, "en")
    h.clock.set(h.clock.now().replace(hour=5, minute=0, second=0))  # 10:00 in Dushanbe
    await compose(h, OWNER, {"en": "Meetup tomorrow"})
    await h.press(OWNER, "bc:l:")
    await h.send(OWNER, "31.02.2020 10:00")
    assert texts_to(h, OWNER)[-1] == L["en"]("bc-when-invalid")
    await h.send(OWNER, "01.01.2020 10:00")
    assert texts_to(h, OWNER)[-1] == L["en"]("bc-when-range")
    when = (h.clock.now() + timedelta(days=1)).astimezone(h.app.settings.tz)
    typed = when.replace(hour=12, minute=0).strftime("%d.%m.%Y %H:%M")
    await h.send(OWNER, typed)
    assert texts_to(h, OWNER)[-1] == L["en"]("bc-confirm-later", reach=2, when=typed)
    await h.press(OWNER, "bc:f:")
    await deliver(h)
    assert "scheduled for" in (h.last_screen(OWNER).text or "")
    assert "Meetup tomorrow" not in texts_to(h, u)
    h.clock.advance(days=1, hours=2)
    await deliver(h)
    assert "Meetup tomorrow" in texts_to(h, u)


async def test_cancel_stops_what_is_not_sent_and_the_report_says_so(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    users = [TgUser(9300 + i, language_code="en") for i in range(3)]
    for u in users:
        await h.onboard(u, "en")
    h.clock.set(h.clock.now().replace(hour=5, minute=0, second=0))
    await compose(h, OWNER, {"en": "Later news"})
    await h.press(OWNER, "bc:l:")
    when = (h.clock.now() + timedelta(days=1)).astimezone(h.app.settings.tz)
    await h.send(OWNER, when.strftime("%d.%m.%Y %H:%M"))
    await h.press(OWNER, "bc:f:")
    await h.app.monitor.tick()
    assert ("⛔ Cancel the broadcast", "bc:x:1") in h.last_screen(OWNER).buttons()
    await h.press(OWNER, "bc:x:1")
    assert h.answers(OWNER)[-1].params.get("text") == L["en"]("bc-cancelled", count=4)
    h.clock.advance(days=2)
    await deliver(h)
    await h.app.deliverer.run_due()
    assert all("Later news" not in texts_to(h, u) for u in users)
    assert "Report of cancelled broadcast #1" in texts_to(h, OWNER)[-1]
    await h.press(OWNER, "bc:x:1", message_id=1)  # a second press: it is over
    assert h.answers(OWNER)[-1].params.get("text") == L["en"]("button-expired")
    assert await rows(h.app.db, "SELECT action FROM audit_log WHERE action LIKE 'broadcast%' "
                      "ORDER BY id") == [("broadcast.confirm",), ("broadcast.cancel",)]


async def test_composer_refuses_stickers_and_overlong_captions_and_keeps_the_draft(
        make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    await compose(h, OWNER, {"en": "x" * 2000})
    await h.press(OWNER, "bc:w:")
    await h.press(OWNER, "bc:w:ru")
    await h.send_sticker(OWNER)
    assert texts_to(h, OWNER)[-1] == L["en"]("bc-only-text-or-photo")
    await h.feed(h.message_update(OWNER, None, photo=[
        {"file_id": "AgACphoto", "file_unique_id": "AQ", "width": 10, "height": 10}],
        caption="Фото"))
    # the English text is now too long for a caption: she is told, and nothing is lost
    assert L["en"]("bc-too-long", language="English", limit=1024) in texts_to(h, OWNER)
    await h.press(OWNER, "bc:n:")
    await h.press(OWNER, "bc:f:")
    assert h.answers(OWNER)[-1].params.get("text") == L["en"](
        "bc-too-long", language="English", limit=1024)
    data = await h.app.dp.storage.get_data(key=_key(h, OWNER))  # type: ignore[arg-type]
    assert Draft.from_memory(data).texts == {"en": "x" * 2000, "ru": "Фото"}
    assert await rows(h.app.db, "SELECT count(*) FROM broadcasts") == [(0,)]


def _key(h: Harness, u: TgUser) -> object:
    from aiogram.fsm.storage.base import StorageKey
    return StorageKey(bot_id=h.app.bot.id, chat_id=u.id, user_id=u.id)


async def test_a_403_marks_the_user_inactive_and_the_broadcast_completes(
        make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    a, b = TgUser(9401), TgUser(9402)
    await h.onboard(a, "ru")
    await h.onboard(b, "ru")
    await compose(h, OWNER, {"ru": "Новости"})
    await h.press(OWNER, "bc:a:")
    await h.press(OWNER, "bc:d:languages")
    await h.press(OWNER, "bc:t:l.ru")
    await h.press(OWNER, "bc:a:")
    await h.press(OWNER, "bc:r:")
    await h.press(OWNER, "bc:n:")
    await h.press(OWNER, "bc:f:")
    h.session.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", count=1)
    await deliver(h)
    await h.app.deliverer.run_due()
    assert await rows(h.app.db, "SELECT count(*) FROM users WHERE is_active = 0") == [(1,)]
    report = texts_to(h, OWNER)[-1]
    assert "Recipients: 2" in report and "Sent: 1" in report and "Blocked the bot: 1" in report


# --- Ask the team -----------------------------------------------------------------------------
async def test_ask_the_team_round_trip(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    u = TgUser(9501, first_name="Nigina")
    await h.onboard(u, "ru", name="Нигина")
    await h.press(u, "m:a")
    assert h.last_screen(u).text == L["ru"]("team-ask-question", limit=1000)
    await h.send(u, "Hi")
    assert texts_to(h, u)[-1] == L["ru"]("team-too-short", low=5)
    await h.send(u, "Когда начнётся курс <Python>?")
    assert texts_to(h, u)[-1] == L["ru"]("team-question-sent")
    await h.app.deliverer.run_due()
    question = [r for r in h.to(OWNER, "sendMessage") if "Question #1" in (r.text or "")][-1]
    assert "Когда начнётся курс &lt;Python&gt;?" in (question.text or "")
    assert "Нигина" in (question.text or "")
    await h.press(OWNER, "qa:1")
    await h.send(OWNER, "В понедельник, 10:00.")
    assert texts_to(h, OWNER)[-1] == L["en"]("team-answer-sent")
    await h.app.deliverer.run_due()
    answer = texts_to(h, u)[-1]
    assert "В понедельник, 10:00." in answer and "&lt;Python&gt;" in answer
    await h.press(OWNER, "qa:1")  # answered already: not twice
    assert h.answers(OWNER)[-1].params.get("text") == L["en"]("team-answered-already")
    assert await rows(h.app.db, "SELECT actor, action FROM audit_log "
                      "WHERE action = 'question.reply'") == [(OWNER.id, "question.reply")]


# --- statistics and exports ---------------------------------------------------------------
async def test_stats_numbers_charts_and_csv_exports(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    a, b = TgUser(9601), TgUser(9602)
    await h.send(a, "/start course-101-src-instagram")
    await h.onboard(a, "ru", name="Мадина", region="TJ-SU")
    await h.onboard(b, "tg", name="-Нилуфар", region="TJ-DU", age="25-34")
    await h.app.services.courses.enroll(a.id, 101)
    async with h.app.db.transaction() as tx:
        for lesson in ("one", "two", "three"):
            await tx.progress.complete(a.id, 101, lesson, to_db(h.clock.now()))
    n = await h.app.services.stats.numbers()
    assert (n.onboarded, n.consented, n.active_7, n.enrollments, n.completions) == (3, 3, 3, 1, 1)
    assert dict(n.by_region) == {"TJ-SU": 2, "TJ-DU": 1}
    assert dict(n.by_language) == {"ru": 1, "tg": 1, "en": 1}
    assert dict(n.by_source) == {"instagram": 1, "": 2}
    assert sum(v for _, v in n.new_per_week) == 3
    await h.send(OWNER, "/stats")
    text = [r.text or "" for r in h.to(OWNER, "sendMessage")][-1]
    assert "Onboarded: 3" in text and "• instagram: 1" in text and "• no link: 2" in text
    assert "• Sughd region: 2" in text and "Enrollments: 1 (people: 1)" in text
    photos = h.to(OWNER, "sendPhoto")
    assert len(photos) == 4
    assert all(p.files["photo"].startswith(PNG) for p in photos)
    for kind, expect in (("participants", 3), ("enrollments", 1), ("mentorships", 0)):
        await h.press(OWNER, f"ad:e:{kind}", message_id=1)
        doc = h.to(OWNER, "sendDocument")[-1]
        raw = doc.files["document"]
        assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
        table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert len(table) == expect
        if kind == "participants":
            names = {r["name"] for r in table}
            assert "Мадина" in names and "'-Нилуфар" in names
            assert {r["source"] for r in table} == {"instagram", ""}
        if kind == "enrollments":
            assert table[0]["user_id"] == str(a.id) and table[0]["lessons_done"] == "3"
    exports = await rows(h.app.db, "SELECT target FROM audit_log WHERE action = 'export'")
    assert [str(t).split("-")[0] for (t,) in exports] == [
        "participants", "enrollments", "mentorships"]


async def test_deleteme_keeps_the_audit_log_without_her_id(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    u = TgUser(9701, language_code="en")
    await h.onboard(u, "en")
    await h.send(u, "/admin")
    await h.send(u, "/deleteme")
    await h.press(u, "dl:1")
    await h.press(u, "dl:2")
    actors = await rows(h.app.db, "SELECT actor FROM audit_log WHERE action = 'denied'")
    assert len(actors) == 1 and actors[0][0] != u.id


async def test_mentor_approvals_and_course_edits_are_audited(make_harness) -> None:  # type: ignore[no-untyped-def]
    from bot.services.mentorship import Application
    h = await with_owner(make_harness)
    m = TgUser(9801, language_code="en")
    await h.onboard(m, "en", goal="mentor")
    ms = h.app.services.mentorship
    await ms.apply(m.id, Application(["web"], ["en"], "online", None,
                                     "I build websites for banks.", "Alif, developer", 2))
    await ms.decide(OWNER.id, m.id, True)
    await h.app.services.courses.set_seats(OWNER.id, 102, 5)
    assert await rows(h.app.db, "SELECT actor, action, target FROM audit_log ORDER BY id") == [
        (OWNER.id, "mentor.approved", f"user:{m.id}"), (OWNER.id, "course.seats", "course:102")]


async def test_after_deleteme_no_table_holds_her_data_though_others_were_told_about_her(
        make_harness) -> None:  # type: ignore[no-untyped-def]
    from tests.test_onboarding import assert_nothing_about

    h = await with_owner(make_harness)
    u = TgUser(9751, first_name="Sitora", language_code="ru")
    await h.send(u, "/start src-radio")
    await h.onboard(u, "ru", name="Ситора", region="abroad", city="Новосибирск")
    await h.send(u, "/admin")  # refused: audited
    await h.press(u, "m:a")
    await h.send(u, "Можно ли учиться с телефона Ситоры?")
    await h.app.services.jobs.subscribe(u.id)
    await compose(h, OWNER, {"ru": "Новости"})
    await h.press(OWNER, "bc:n:")
    await h.press(OWNER, "bc:f:")
    await h.app.deliverer.run_due()
    await h.app.monitor.tick()
    await h.send(u, "/deleteme")
    await h.press(u, "dl:1")
    await h.press(u, "dl:2")
    await h.app.deliverer.run_due()
    await assert_nothing_about(h, u, "Ситора", "Новосибирск", "телефона", "radio")


async def test_forged_buttons_of_the_new_features_never_break_anything(make_harness) -> None:  # type: ignore[no-untyped-def]
    """Odd values in every field of the coordinator, broadcast, question and jobs buttons,
    pressed by the owner and by a participant: each gets an answer, none an error."""
    h = await with_owner(make_harness)
    p = TgUser(9781, language_code="en")
    await h.onboard(p, "en")
    odd = ["", "-1", "99999999999999999999999", "abc", "∞" * 20]
    coordinator = [f"ad:{a}:{v}" for a in "msebtgrlj" for v in odd]
    coordinator += [f"bc:{a}:{v}" for a in "wradtvepunlfqx" for v in odd]
    coordinator += [f"qa:{v}" for v in odd] + [f"jp:{a}:{v}" for a in "repdnfx" for v in odd]
    participant = [f"jb:{a}:{v}:{page}:{view}" for a in "lmsvaoftpehuwr" for v in odd
                   for page, view in (("0", "l"), ("999999999", "s"))]
    # events, stories and peer connections: coordinators' and participants' buttons, both ways
    community = [f"ea:{a}:{v}:{w}" for a in "lnofkgwrcpqxam" for v in odd for w in ("", "∞")]
    community += [f"ev:{a}:{v}:{w}" for a in "lorxcps" for v in odd for w in ("0", "-1", "9")]
    community += [f"sy:{a}:{v}" for a in "los" for v in odd]
    community += [f"pc:{a}:{v}" for a in "hjqfwskbr" for v in odd]
    coordinator += community
    participant += community
    for who, datas in ((OWNER, coordinator), (p, participant)):
        await h.press_forged(who, datas, L["en"]("error-generic"))
    async with h.app.db.read() as tx:
        cur = await tx.conn.execute("SELECT count(*) FROM inbox WHERE status = 'failed'")
        assert (await cur.fetchone())[0] == 0  # type: ignore[index]
