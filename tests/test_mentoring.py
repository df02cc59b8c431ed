"""Mentorship II: the relayed chat, meetings in two time zones with reminders and feedback,
check-ins, ending, reports and coordinators' decisions, retention, and stale or forged
buttons."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.i18n import Locales
from bot.relay import mask_contacts
from keyboards.callbacks import (
    FeedbackCb,
    FeedbackKind,
    MeetAction,
    MeetCb,
    MshipAction,
    MshipCb,
    RelayAction,
    RelayCb,
    ReportAction,
    ReportCb,
)
from tests.harness import Harness, TgUser, rows
from tests.test_mentorship import C1, C2, approved_mentor, ask_for_mentor, coordinators

L = Locales()
MENTOR_PHONE, MENTEE_PHONE = "+992 93 555 12 34", "+992901112233"


async def matched(make_harness, *, age: str = "18-24",  # type: ignore[no-untyped-def]
                  mentee_lang: str = "ru") -> tuple[Harness, TgUser, TgUser, int]:
    """A coordinator-approved mentor (English, Berlin) matched with a mentee (Dushanbe)."""
    h = await coordinators(make_harness)
    h.clock.set(datetime(2026, 9, 1, 8, 0, tzinfo=UTC))  # Tuesday, daytime in both zones
    mentor = await approved_mentor(h, 8300, name="Mavluda")
    mentor = TgUser(8300, first_name="Mavluda", username="mavluda_dev", language_code="en")
    mentee = TgUser(8301, first_name="Nigora", username="nigora_2009")
    await h.onboard(mentee, mentee_lang, name="Nigora", age=age)
    await ask_for_mentor(h, mentee, language="ru" if mentee_lang == "ru" else "en")
    await h.app.deliverer.run_due(h.clock.now())
    (request_id,) = [r[0] for r in await rows(h.app.db, "SELECT id FROM mentor_requests "
                                                          "WHERE user_id = ?", mentee.id)]
    offer = await rows(h.app.db, "SELECT id FROM mentor_offers WHERE request_id = ?",
                       request_id)
    await h.press(mentor, f"mo:a:{offer[0][0]}")
    await h.app.services.users.set_timezone(mentor.id, "Europe/Berlin")
    (mid,) = [r[0] for r in await rows(h.app.db, "SELECT id FROM mentorships")]
    await h.app.deliverer.run_due(h.clock.now())
    return h, mentor, mentee, mid


def photo(caption: str | None = None) -> dict[str, Any]:
    content: dict[str, Any] = {"photo": [{"file_id": "AgACAgIAAxk", "file_unique_id": "AQADp",
                                          "width": 90, "height": 90}]}
    if caption:
        content["caption"] = caption
    return content


def no_contacts(h: Harness, *users: TgUser, phones: tuple[str, ...] = ()) -> None:
    """No request the bot sent carries anyone's @username or phone number."""
    dump = json.dumps([r.params for r in h.session.requests], ensure_ascii=False)
    for u in users:
        assert u.username and u.username not in dump, u.username
    for phone in phones:
        assert phone not in dump and phone.replace(" ", "") not in dump, phone


async def test_relay_both_ways_text_photo_document_voice_without_contacts(make_harness
                                                                          ) -> None:  # type: ignore[no-untyped-def]
    h, mentor, mentee, mid = await matched(make_harness)
    matched_note = h.to(mentee, "sendMessage")[-1]
    assert RelayCb(action=RelayAction.write, mentorship_id=mid).pack() in [
        d for _, d in matched_note.buttons()]
    await h.press(mentee, RelayCb(action=RelayAction.write, mentorship_id=mid))
    assert h.to(mentee, "sendMessage")[-1].text == L["ru"]("relay-started", name="Mavluda")
    await h.send(mentee, "Здравствуйте! <b>Я</b> хочу стать веб-разработчицей.")
    assert h.to(mentee, "sendMessage")[-1].text == L["ru"]("relay-sent", name="Mavluda")
    await h.feed(h.message_update(mentee, None, **photo("мой первый сайт")))
    await h.feed(h.message_update(mentee, None, document={
        "file_id": "BQACAgIAAxk", "file_unique_id": "AgADx", "file_name": "cv.pdf"},
        caption="резюме"))
    await h.feed(h.message_update(mentee, None, voice={
        "file_id": "AwACAgIAAxk", "file_unique_id": "AgADv", "duration": 7}))
    await h.app.deliverer.run_due(h.clock.now())

    header = L["en"]("relay-from-mentee", name="Nigora")
    text = h.to(mentor, "sendMessage")[-1]
    assert text.text == f"{header}\n\nЗдравствуйте! &lt;b&gt;Я&lt;/b&gt; хочу стать " \
                        "веб-разработчицей."
    copies = h.to(mentor, "copyMessage")
    assert [(int(c.params["from_chat_id"]), c.params.get("caption")) for c in copies] == [
        (mentee.id, f"{header}\n\nмой первый сайт"), (mentee.id, f"{header}\n\nрезюме"),
        (mentee.id, header)]
    reply = RelayCb(action=RelayAction.write, mentorship_id=mid).pack()
    assert all(reply in [d for _, d in c.buttons()] for c in [text, *copies])

    # she answers from the button under the message: her words reach the mentee
    await h.press(mentor, reply, message_id=h.message_with_button(mentor.id, reply))
    await h.send(mentor, "Hello Nigora! Let us start with HTML & CSS.")
    await h.feed(h.message_update(mentor, None, **photo()))
    await h.app.deliverer.run_due(h.clock.now())
    back = h.to(mentee, "sendMessage")[-1]
    assert back.text == (L["ru"]("relay-from-mentor", name="Mavluda")
                         + "\n\nHello Nigora! Let us start with HTML &amp; CSS.")
    assert int(h.to(mentee, "copyMessage")[-1].params["from_chat_id"]) == mentor.id
    stored = await rows(h.app.db, "SELECT sender_id, kind, masked FROM relayed_messages "
                                  "ORDER BY id")
    assert stored == [(mentee.id, "text", 0), (mentee.id, "photo", 0),
                      (mentee.id, "document", 0), (mentee.id, "voice", 0),
                      (mentor.id, "text", 0), (mentor.id, "photo", 0)]
    # a contact card, a sticker and a location are not relayed
    for content in ({"contact": {"phone_number": MENTEE_PHONE, "first_name": "Nigora"}},
                    {"sticker": {"file_id": "CAACAgIAAxkBAAE", "file_unique_id": "AgADAQAD",
                                 "type": "regular", "width": 512, "height": 512,
                                 "is_animated": False, "is_video": False}},
                    {"location": {"latitude": 38.56, "longitude": 68.78}}):
        await h.feed(h.message_update(mentee, None, **content))
        assert h.to(mentee, "sendMessage")[-1].text == L["ru"]("relay-unsupported")
    await h.app.deliverer.run_due(h.clock.now())
    assert len(h.to(mentor, "copyMessage")) == 3
    assert (await rows(h.app.db, "SELECT count(*) FROM relayed_messages"))[0][0] == 6
    no_contacts(h, mentor, mentee, phones=(MENTEE_PHONE,))
    h.assert_all_requests_valid()

    # she stops writing: her next text is not relayed
    await h.press(mentee, RelayCb(action=RelayAction.stop, mentorship_id=mid))
    await h.send(mentee, "это уже не ментору")
    assert (await rows(h.app.db, "SELECT count(*) FROM relayed_messages"))[0][0] == 6


async def test_contacts_are_masked_when_a_side_is_a_minor(make_harness) -> None:  # type: ignore[no-untyped-def]
    h, mentor, mentee, mid = await matched(make_harness, age="16-17")
    await h.press(mentor, RelayCb(action=RelayAction.write, mentorship_id=mid))
    await h.send(mentor, f"Call me at {MENTOR_PHONE} or write @mavluda_dev, "
                         "mail m.k@gmail.com, see https://t.me/mavluda and alif.tj. "
                         "The course starts 01.10.2026 at 18:00.")
    assert h.to(mentor, "sendMessage")[-1].text == L["en"]("relay-masked")
    await h.feed(h.message_update(mentor, None, **photo("my number 935551234")))
    await h.app.deliverer.run_due(h.clock.now())
    got = h.to(mentee, "sendMessage")[-1].text or ""
    assert got.endswith("Call me at [•••] or write [•••], mail [•••], see [•••] and [•••]. "
                        "The course starts 01.10.2026 at 18:00.")
    assert h.to(mentee, "copyMessage")[-1].params["caption"].endswith("my number [•••]")
    assert (await rows(h.app.db, "SELECT masked FROM relayed_messages ORDER BY id")) == [
        (1,), (1,)]
    no_contacts(h, mentor, mentee, phones=(MENTOR_PHONE, "935551234"))


def test_masking_keeps_ordinary_words_dates_and_numbers() -> None:
    text = "Node.js and e.g. Python 3.11; meet 29.11.2026 at 18:30, room 12, 2-3 hours."
    assert mask_contacts(text) == (text, False)
    assert mask_contacts("+992 (93) 555-12-34")[0] == "[•••]"
    assert mask_contacts("пиши в телегу @nigora_2009")[0] == "пиши в телегу [•••]"


async def open_card(h: Harness, u: TgUser, mid: int) -> None:
    """From the note that they were matched, as she would."""
    await h.press(u, MshipCb(action=MshipAction.open, mentorship_id=mid))


async def report(h: Harness, u: TgUser, mid: int) -> None:
    await open_card(h, u, mid)
    await h.press(u, MshipCb(action=MshipAction.report_ask, mentorship_id=mid))
    await h.press(u, MshipCb(action=MshipAction.report, mentorship_id=mid))


async def meeting_for(h: Harness, mentor: TgUser, mid: int, day: str, hour: int,
                      minute: int) -> None:
    await open_card(h, mentor, mid)
    await h.press(mentor, MshipCb(action=MshipAction.meet, mentorship_id=mid))
    await h.press(mentor, MeetCb(action=MeetAction.day, id=mid, value=day))
    await h.press(mentor, MeetCb(action=MeetAction.hour, id=mid, value=f"{day}{hour:02d}"))
    await h.press(mentor, MeetCb(action=MeetAction.minute, id=mid,
                                 value=f"{day}{hour:02d}{minute:02d}"))


async def test_meeting_in_two_zones_reminders_feedback_and_a_no_show(make_harness) -> None:  # type: ignore[no-untyped-def]
    h, mentor, mentee, mid = await matched(make_harness)
    # the clock: Tue 1 Sep 2026, 08:00 UTC. The mentor in Berlin (UTC+2) proposes Thursday
    # 3 Sep at 16:30 her time = 14:30 UTC = 19:30 in Dushanbe.
    await open_card(h, mentor, mid)
    await h.press(mentor, MshipCb(action=MshipAction.meet, mentorship_id=mid))
    days = [d for _, d in h.last_screen(mentor).buttons() if d.startswith("mg:d:")]
    # from an hour from now until 14 days from now, in her zone
    assert days[0] == f"mg:d:{mid}:20260901" and days[-1] == f"mg:d:{mid}:20260915"
    assert len(days) == 15
    await meeting_for(h, mentor, mid, "20260903", 16, 30)
    assert h.last_screen(mentor).text.startswith(L["en"]("meeting-proposal-sent",
                                                         when="03.09.2026 16:30",
                                                         name="Nigora"))
    await h.app.deliverer.run_due(h.clock.now())
    proposal = h.to(mentee, "sendMessage")[-1]
    assert proposal.text == L["ru"]("meeting-proposed", name="Mavluda", when="03.09.2026 19:30")
    (meeting_id, starts) = (await rows(h.app.db, "SELECT id, starts_at FROM meetings"))[0]
    assert starts == "2026-09-03T14:30:00Z"

    # the mentor cannot confirm her own proposal; someone else cannot confirm it at all
    stranger = TgUser(8399)
    await h.onboard(stranger, "en")
    for who in (mentor, stranger):
        await h.press(who, MeetCb(action=MeetAction.confirm, id=int(str(meeting_id))),
                      message_id=1)
    assert (await rows(h.app.db, "SELECT status FROM meetings"))[0][0] == "proposed"
    proposal_id = h.message_with_button(
        mentee.id, MeetCb(action=MeetAction.confirm, id=int(str(meeting_id))).pack())
    await h.press(mentee, MeetCb(action=MeetAction.confirm, id=int(str(meeting_id))))
    assert h.last_screen(mentee).text == L["ru"]("meeting-confirmed-you",
                                                 when="03.09.2026 19:30")
    await h.press(mentee, MeetCb(action=MeetAction.decline, id=int(str(meeting_id))),
                  message_id=proposal_id)
    assert h.answers(mentee)[-1].params["text"] == L["ru"]("meeting-answered")
    await h.app.deliverer.run_due(h.clock.now())
    assert h.to(mentor, "sendMessage")[-1].text == L["en"]("meeting-confirmed", name="Nigora",
                                                           when="03.09.2026 16:30")

    async def deliver_at(**delta: float) -> None:
        h.clock.set(h.clock.now().replace(day=3, hour=14, minute=30) + timedelta(**delta))
        await h.app.deliverer.run_due(h.clock.now())

    before = len(h.to(mentee, "sendMessage"))
    await deliver_at(days=-1, minutes=-1)
    assert len(h.to(mentee, "sendMessage")) == before  # not yet
    await deliver_at(days=-1)
    assert h.to(mentee, "sendMessage")[-1].text == L["ru"]("meeting-reminder-day",
                                                          name="Mavluda", when="03.09.2026 19:30")
    assert h.to(mentor, "sendMessage")[-1].text == L["en"]("meeting-reminder-day",
                                                           name="Nigora", when="03.09.2026 16:30")
    await deliver_at(hours=-1)
    assert h.to(mentee, "sendMessage")[-1].text == L["ru"]("meeting-reminder-hour",
                                                          name="Mavluda", when="03.09.2026 19:30")
    await deliver_at(hours=2)
    ask = h.to(mentor, "sendMessage")[-1]
    assert ask.text == L["en"]("meeting-happened-ask", name="Nigora", when="03.09.2026 16:30")
    # the mentor says it took place, rates it and comments; the mentee says it did not
    yes = FeedbackCb(kind=FeedbackKind.happened, id=int(str(meeting_id)), value="1")
    ask_id = h.message_with_button(mentor.id, yes.pack())
    await h.press(mentor, yes)
    await h.press(mentor, FeedbackCb(kind=FeedbackKind.meeting, id=int(str(meeting_id)),
                                     value="5"))
    await h.send(mentor, "We planned <her> first portfolio site.")
    assert h.to(mentor, "sendMessage")[-1].text == L["en"]("feedback-thanks")
    await h.press(mentor, yes, message_id=ask_id)
    assert h.answers(mentor)[-1].params["text"] == L["en"]("feedback-already")
    await h.press(mentee, FeedbackCb(kind=FeedbackKind.happened, id=int(str(meeting_id)),
                                     value="0"))
    assert h.last_screen(mentee).text == L["ru"]("meeting-missed-noted")
    assert await rows(h.app.db, "SELECT user_id, happened, rating, comment FROM "
                                "meeting_feedback ORDER BY user_id") == [
        (mentor.id, 1, 5, "We planned <her> first portfolio site."), (mentee.id, 0, None, None)]
    numbers = await h.app.services.stats.numbers()
    assert (numbers.meetings_missed, numbers.meetings_held) == (1, 0)
    h.assert_all_requests_valid()


async def test_a_meeting_cannot_be_in_the_past_or_beyond_two_weeks(make_harness) -> None:  # type: ignore[no-untyped-def]
    h, mentor, _, mid = await matched(make_harness)
    await h.press(mentor, MeetCb(action=MeetAction.minute, id=mid, value="202608312000"),
                  message_id=1)
    assert h.answers(mentor)[-1].params["text"] == L["en"]("meeting-time-invalid")
    await h.press(mentor, MeetCb(action=MeetAction.minute, id=mid, value="202609300900"),
                  message_id=1)
    assert h.answers(mentor)[-1].params["text"] == L["en"]("meeting-time-invalid")
    await h.press(mentor, MeetCb(action=MeetAction.minute, id=mid, value="2026x9300900"),
                  message_id=1)
    assert h.answers(mentor)[-1].params["text"] == L["en"]("button-expired")
    assert await rows(h.app.db, "SELECT count(*) FROM meetings") == [(0,)]


async def test_check_ins_on_day_14_and_28(make_harness) -> None:  # type: ignore[no-untyped-def]
    h, mentor, mentee, mid = await matched(make_harness)
    start = h.clock.now()
    h.clock.set(start + timedelta(days=14, seconds=-1))
    await h.app.deliverer.run_due(h.clock.now())
    assert not any("14" in (r.text or "") for r in h.to(mentee, "sendMessage")[-1:])
    # a forged early answer is refused
    await h.press(mentee, FeedbackCb(kind=FeedbackKind.checkin, id=mid, value="28g"),
                  message_id=1)
    assert h.answers(mentee)[-1].params["text"] == L["ru"]("feedback-too-early")
    h.clock.set(start + timedelta(days=14))
    await h.app.deliverer.run_due(h.clock.now())
    assert h.to(mentee, "sendMessage")[-1].text == L["ru"]("mentor-checkin", day=14,
                                                          name="Mavluda")
    assert h.to(mentor, "sendMessage")[-1].text == L["en"]("mentor-checkin", day=14,
                                                           name="Nigora")
    await h.press(mentee, FeedbackCb(kind=FeedbackKind.checkin, id=mid, value="14b"))
    assert h.last_screen(mentee).text == L["ru"]("checkin-thanks-bad")
    await h.press(mentor, FeedbackCb(kind=FeedbackKind.checkin, id=mid, value="14g"))
    h.clock.set(start + timedelta(days=28))
    await h.app.deliverer.run_due(h.clock.now())
    assert h.to(mentor, "sendMessage")[-1].text == L["en"]("mentor-checkin", day=28,
                                                           name="Nigora")
    await h.press(mentor, FeedbackCb(kind=FeedbackKind.checkin, id=mid, value="28o"))
    assert await rows(h.app.db, "SELECT user_id, day, answer FROM mentorship_checkins "
                                "ORDER BY day, user_id") == [
        (mentor.id, 14, "good"), (mentee.id, 14, "bad"), (mentor.id, 28, "ok")]


async def test_ending_frees_the_place_and_asks_both_for_feedback(make_harness) -> None:  # type: ignore[no-untyped-def]
    h, mentor, mentee, mid = await matched(make_harness)
    load = "SELECT count(*) FROM mentorships WHERE mentor_id = ? AND ended_at IS NULL"
    assert await rows(h.app.db, load, mentor.id) == [(1,)]
    await meeting_for(h, mentor, mid, "20260905", 10, 0)
    await open_card(h, mentee, mid)
    assert L["ru"]("mship-title-mentor", name="Mavluda") in h.last_screen(mentee).text
    await h.press(mentee, MshipCb(action=MshipAction.end_ask, mentorship_id=mid))
    await h.press(mentee, MshipCb(action=MshipAction.end, mentorship_id=mid))
    assert h.last_screen(mentee).text == L["ru"]("mentorship-ended-you", name="Mavluda")
    assert await rows(h.app.db, load, mentor.id) == [(0,)]
    assert await rows(h.app.db, "SELECT status, ended_by FROM mentorships") == [
        ("ended", mentee.id)]
    assert await rows(h.app.db, "SELECT status FROM meetings") == [("cancelled",)]
    await h.press(mentee, FeedbackCb(kind=FeedbackKind.mentorship, id=mid, value="4"))
    await h.press(mentee, FeedbackCb(kind=FeedbackKind.comment, id=mid, value="m"))
    await h.app.deliverer.run_due(h.clock.now())
    note = h.to(mentor, "sendMessage")[-1]
    assert note.text == L["en"]("mentorship-ended-by-other", name="Nigora")
    await h.press(mentor, FeedbackCb(kind=FeedbackKind.mentorship, id=mid, value="5"))
    await h.send(mentor, "She learned fast.")
    assert await rows(h.app.db, "SELECT user_id, rating, comment FROM mentorship_feedback "
                                "ORDER BY user_id") == [(mentor.id, 5, "She learned fast."),
                                                        (mentee.id, 4, None)]
    # nothing queued for the mentorship is sent any more: no check-ins after it ended
    h.clock.advance(days=30)
    await h.app.deliverer.run_due(h.clock.now())
    assert not any(L["ru"]("mentor-checkin", day=14, name="Mavluda") == r.text
                   for r in h.to(mentee, "sendMessage"))
    # old buttons of the ended mentorship are refused
    await h.press(mentee, RelayCb(action=RelayAction.write, mentorship_id=mid), message_id=1)
    assert h.answers(mentee)[-1].params["text"] == L["ru"]("relay-ended")
    await h.press(mentor, MshipCb(action=MshipAction.meet, mentorship_id=mid), message_id=1)
    assert h.answers(mentor)[-1].params["text"] == L["en"]("mship-not-active")
    # the mentor has a free place again: a new request is offered to her
    other = TgUser(8302)
    await h.onboard(other, "en", name="Zarina")
    await ask_for_mentor(h, other)
    assert await rows(h.app.db, "SELECT count(*) FROM mentor_offers WHERE mentor_id = ? "
                                "AND status = 'open'", mentor.id) == [(1,)]


async def test_a_report_pauses_relaying_and_reaches_coordinators_who_resume(make_harness
                                                                            ) -> None:  # type: ignore[no-untyped-def]
    h, mentor, mentee, mid = await matched(make_harness)
    await h.press(mentor, RelayCb(action=RelayAction.write, mentorship_id=mid))
    await h.send(mentor, "Send me your home address.")
    await h.press(mentee, RelayCb(action=RelayAction.write, mentorship_id=mid))
    await h.send(mentee, "Зачем?")
    await report(h, mentee, mid)
    assert h.last_screen(mentee).text == L["ru"]("mentorship-reported")
    await h.send(mentee, "Она просит мой адрес.")
    assert h.to(mentee, "sendMessage")[-1].text == L["ru"]("report-details-thanks")
    # relaying has stopped, both ways
    await h.send(mentor, "Hello?")
    assert h.to(mentor, "sendMessage")[-1].text == L["en"]("relay-paused")
    await h.app.deliverer.run_due(h.clock.now())
    assert h.to(mentor, "sendMessage")[-1].text == L["en"]("mentorship-paused", name="Nigora")
    assert (await rows(h.app.db, "SELECT count(*) FROM relayed_messages"))[0][0] == 2
    notes = [r for r in h.to(C1, "sendMessage") if "#1" in (r.text or "")]
    assert len(notes) == 2
    assert "Send me your home address." in notes[0].text and "Зачем?" in notes[0].text
    assert "Она просит мой адрес." in notes[1].text
    assert [d for _, d in notes[0].buttons()] == ["rp:r:1", "rp:e:1", "rp:s:1"]
    # a participant cannot decide it, even with a forged button
    await h.press(mentee, ReportCb(action=ReportAction.resume, report_id=1), message_id=1)
    assert (await rows(h.app.db, "SELECT status FROM mentorships"))[0][0] == "paused"
    assert (await rows(h.app.db, "SELECT count(*) FROM audit_log WHERE action = 'denied'"
                       ))[0][0] >= 1
    await h.press(C1, ReportCb(action=ReportAction.resume, report_id=1))
    assert h.last_screen(C1).text.endswith(L["en"]("report-decided-resume"))
    await h.press(C2, ReportCb(action=ReportAction.end, report_id=1))
    assert h.answers(C2)[-1].params["text"] == L["ru"]("report-decided-already")
    assert await rows(h.app.db, "SELECT status FROM mentorships") == [("active",)]
    await h.app.deliverer.run_due(h.clock.now())
    assert h.to(mentee, "sendMessage")[-1].text == L["ru"]("mentorship-resumed",
                                                          name="Mavluda")
    await h.press(mentor, RelayCb(action=RelayAction.write, mentorship_id=mid))
    await h.send(mentor, "Sorry, I meant your city, for the offline meetup.")
    await h.app.deliverer.run_due(h.clock.now())
    assert (h.to(mentee, "sendMessage")[-1].text or "").endswith("for the offline meetup.")
    h.assert_all_requests_valid()


async def test_coordinator_suspends_the_mentor(make_harness) -> None:  # type: ignore[no-untyped-def]
    h, mentor, mentee, mid = await matched(make_harness)
    await report(h, mentee, mid)
    await h.press(C2, ReportCb(action=ReportAction.suspend, report_id=1), message_id=1)
    assert await rows(h.app.db, "SELECT status FROM mentorships") == [("ended",)]
    assert (await rows(h.app.db, "SELECT suspended_at IS NOT NULL FROM mentors WHERE "
                                 "user_id = ?", mentor.id)) == [(1,)]
    assert not (await h.app.services.users.get(mentor.id)).has_role("mentor")  # type: ignore[union-attr]
    await h.app.deliverer.run_due(h.clock.now())
    assert h.to(mentor, "sendMessage")[-1].text == L["en"]("mentor-suspended")
    assert h.to(mentee, "sendMessage")[-1].text == L["ru"](
        "mentorship-ended-mentor-suspended", name="Mavluda")
    # she is offered nobody, cannot resume taking requests, and cannot apply again
    await h.press(mentor, "mt:resume:", message_id=1)
    assert h.answers(mentor)[-1].params["text"] == L["en"]("button-expired")
    other = TgUser(8303)
    await h.onboard(other, "en")
    await ask_for_mentor(h, other)
    assert await rows(h.app.db, "SELECT count(*) FROM mentor_offers WHERE mentor_id = ? "
                                "AND status = 'open'", mentor.id) == [(0,)]
    audit = await rows(h.app.db, "SELECT action FROM audit_log WHERE actor = ?", C2.id)
    assert ("mentor.report.suspended",) in audit


async def test_relayed_messages_are_deleted_after_the_retention(make_harness) -> None:  # type: ignore[no-untyped-def]
    h, _, mentee, mid = await matched(make_harness)
    await h.press(mentee, RelayCb(action=RelayAction.write, mentorship_id=mid))
    await h.send(mentee, "first message")
    h.clock.advance(days=20)
    await h.send(mentee, "second message")
    h.clock.advance(days=10, seconds=1)
    assert await h.app.services.mentoring.prune() == 1
    assert await rows(h.app.db, "SELECT text FROM relayed_messages") == [("second message",)]
    # while a report is open its messages are kept, then they go too
    await report(h, mentee, mid)
    h.clock.advance(days=31)
    assert await h.app.services.mentoring.prune() == 0
    await h.press(C1, ReportCb(action=ReportAction.end, report_id=1), message_id=1)
    assert await h.app.services.mentoring.prune() == 1
    assert await rows(h.app.db, "SELECT count(*) FROM relayed_messages") == [(0,)]


async def test_deleting_her_data_removes_what_she_relayed(make_harness) -> None:  # type: ignore[no-untyped-def]
    h, mentor, mentee, mid = await matched(make_harness)
    await h.press(mentee, RelayCb(action=RelayAction.write, mentorship_id=mid))
    await h.send(mentee, "a message not delivered yet")
    await h.app.services.privacy.erase(mentee.id)
    await h.app.deliverer.run_due(h.clock.now())
    assert not any("not delivered yet" in (r.text or "") for r in h.to(mentor))
    for table in ("relayed_messages", "mentorships", "meetings", "mentorship_reports"):
        assert await rows(h.app.db, f"SELECT count(*) FROM {table}") == [(0,)]
    dump = json.dumps(await rows(h.app.db, "SELECT * FROM outbox"), ensure_ascii=False)
    assert "Nigora" not in dump and "not delivered yet" not in dump


async def test_forged_mentorship_buttons_get_an_answer_and_change_nothing(make_harness
                                                                          ) -> None:  # type: ignore[no-untyped-def]
    h, _, _, mid = await matched(make_harness)
    outsider = TgUser(8398, language_code="en")
    await h.onboard(outsider, "en")
    ids = ["0", "-1", str(mid), "99999999999999999999999", "abc"]
    values = ["", "1", "6", "14g", "28x", "202609031630", "2026090399", "∞" * 10]
    datas = [f"mx:{a}:{i}" for a in "oeErRm" for i in ids]
    datas += [f"rl:{a}:{i}" for a in "wx" for i in ids]
    datas += [f"{p}:{a}:{i}:{v}" for p, actions in (("mg", "dhqyn"), ("fb", "hrmct"))
              for a in actions for i in ids for v in values]
    datas += [f"rp:{a}:{i}" for a in "res" for i in ids]
    for who in (outsider, C1):
        await h.press_forged(who, datas, L["en"]("error-generic"))
    # nobody outside the mentorship changed it, wrote in it or reported it
    assert await rows(h.app.db, "SELECT status FROM mentorships") == [("active",)]
    for table in ("meetings", "relayed_messages", "mentorship_reports", "meeting_feedback",
                  "mentorship_checkins", "mentorship_feedback"):
        assert await rows(h.app.db, f"SELECT count(*) FROM {table}") == [(0,)], table
    assert await rows(h.app.db, "SELECT count(*) FROM inbox WHERE status = 'failed'") == [(0,)]
