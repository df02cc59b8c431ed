"""Events: the coordinator dialog, listing, RSVP, cancel, waitlist promotion, reminders with a
moved clock, the rating, the calendar file, attendee messages, role checks, races, links."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from bot.clock import to_db
from bot.i18n import Locales
from tests.harness import Harness, TgUser, rows

L = Locales()


def ea(action: str, event_id: int = 0, value: str = "") -> str:
    return f"ea:{action}:{event_id}:{value}"


def ev(action: str, event_id: int = 0, value: int = 0) -> str:
    return f"ev:{action}:{event_id}:{value}"
OWNER = TgUser(8800, first_name="Firuza", language_code="en")
START = datetime(2026, 9, 10, 13, 0, tzinfo=UTC)  # 18:00 in Dushanbe


async def with_owner(make_harness) -> Harness:  # type: ignore[no-untyped-def]
    h: Harness = await make_harness(admin_ids=str(OWNER.id))
    await h.onboard(OWNER, "en", name="Firuza")
    return h


async def people(h: Harness, n: int, first: int = 8100, lang: str = "en") -> list[TgUser]:
    users = [TgUser(first + i, first_name=f"P{i}", language_code=lang) for i in range(n)]
    for i, u in enumerate(users):
        await h.onboard(u, lang, name=f"Guest{chr(65 + i)}")
    return users


async def published(h: Harness, *, seats: int | None = None, online: bool = False,
                    title: str = "Women in Data, Dushanbe; vol. 1") -> int:
    """An event made through the service as the owner (the dialog has its own test)."""
    ev = h.app.services.events
    created = await ev.create(OWNER.id, "en")
    assert created.event is not None
    event_id = created.event.id
    place: dict[str, object] = {"link": "https://meet.example.org/wit"} if online else {
        "region": "TJ-DU", "city": "dushanbe", "venue_name": "IT Park",
        "venue_address": "Rudaki 12", "lat": 38.5598, "lon": 68.787}
    result = await ev.edit(OWNER.id, event_id, title={"en": title, "ru": "Женщины в данных"},
                           description={"en": "Talks and tea."}, starts_at=to_db(START),
                           speaker="Nargis Saidova, data analyst", seats=seats, **place)
    assert result.outcome == "saved", result
    assert (await ev.publish(OWNER.id, event_id)).outcome == "published"
    return event_id


async def statuses(h: Harness, event_id: int) -> dict[int, str]:
    return dict(await rows(h.app.db, "SELECT user_id, status FROM event_rsvps "  # type: ignore[arg-type]
                                     "WHERE event_id = ?", event_id))


async def test_a_coordinator_drafts_edits_and_publishes_an_event_in_the_bot(
        make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    (p,) = await people(h, 1)
    await h.send(OWNER, "/admin")
    await h.press(OWNER, ea("l"))
    assert h.last_screen(OWNER).text == L["en"]("eva-list-title")
    await h.press(OWNER, ea("n"))
    assert h.last_screen(OWNER).text.startswith(L["en"]("eva-created"))
    (event_id,) = [r[0] for r in await rows(h.app.db, "SELECT id FROM events")]
    await h.press(OWNER, ea("p", event_id))  # publishing an empty draft: refused, says why
    assert "Still missing: a title, a date in the future" in h.session.requests[-1].params["text"]
    await h.press(OWNER, ea("f", event_id, "title.en"))
    await h.send(OWNER, "Python <meetup>")
    await h.press(OWNER, ea("f", event_id, "title.tg"))
    await h.send(OWNER, "Вохӯрии Python")
    await h.press(OWNER, ea("f", event_id, "when"))
    await h.send(OWNER, "31.02.2026 18:00")
    assert h.last_screen(OWNER).text == L["en"]("eva-when-invalid")
    await h.send(OWNER, "01.08.2026 18:00")
    assert h.last_screen(OWNER).text == L["en"]("eva-when-past")
    await h.send(OWNER, "10.09.2026 18:00")
    await h.press(OWNER, ea("k", event_id))  # meetup -> talk
    await h.press(OWNER, ea("r", event_id))
    await h.press(OWNER, ea("r", event_id, "TJ-SU"))
    await h.press(OWNER, ea("c", event_id, "khujand"))
    await h.send(OWNER, "Khujand IT Hub\nLenin 5")
    await h.feed(h.message_update(OWNER, None, location={"latitude": 40.28, "longitude": 69.62}))
    await h.press(OWNER, ea("f", event_id, "seats"))
    await h.send(OWNER, "25")
    await h.press(OWNER, ea("f", event_id, "speaker"))
    await h.send(OWNER, "Madina Karimova, QA engineer")
    await h.press(OWNER, ea("f", event_id, "duration"))
    await h.send(OWNER, "5")
    assert h.last_screen(OWNER).text == L["en"]("eva-duration-invalid")
    await h.send(OWNER, "90")
    screen = h.last_screen(OWNER).text
    assert "Python &lt;meetup&gt;" in screen and "10.09.2026 18:00" in screen
    assert "Khujand IT Hub, Lenin 5 (Khujand), pin set" in screen and "Seats: 25" in screen
    assert "Duration: 90 min" in screen
    await h.press(OWNER, ea("p", event_id))
    assert h.last_screen(OWNER).text.startswith(L["en"]("eva-published"))
    assert f"start=ev-{event_id}" in h.last_screen(OWNER).text
    assert await rows(h.app.db, "SELECT kind, starts_at, region, city, seats, status, speaker "
                                "FROM events") == [
        ("talk", "2026-09-10T13:00:00Z", "TJ-SU", "khujand", 25, "published",
         "Madina Karimova, QA engineer")]
    # editing a published event: a new date, and she sees it
    await h.press(OWNER, ea("f", event_id, "when"))
    await h.send(OWNER, "11.09.2026 17:30")
    assert await rows(h.app.db, "SELECT starts_at FROM events") == [("2026-09-11T12:30:00Z",)]
    actions = [a for (a,) in await rows(h.app.db, "SELECT action FROM audit_log")]
    assert actions[0] == "event.created" and "event.published" in actions
    # the participant sees it, in her language with the fallback for the title
    await h.press(p, "m:e", message_id=1)
    assert "1 coming up" in h.last_screen(p).text
    await h.press(p, ev("o", event_id))
    card = h.last_screen(p).text
    assert card.startswith("<b>Python &lt;meetup&gt;</b>") and "Talk · in English" in card
    assert "🗓 11.09.2026 17:30" in card and "Seats left: 25 of 25" in card


async def test_listing_the_card_rsvp_and_cancel(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    (p,) = await people(h, 1)
    online = await published(h, online=True, title="Webinar: Git")
    await h.send(p, "/events")
    screen = h.last_screen(p)
    assert screen.text.startswith("<b>Events</b>: 1 coming up")
    assert ("10.09.2026 · Webinar: Git", ev("o", online)) in screen.buttons()
    await h.press(p, ev("o", online))
    card = h.last_screen(p).text
    assert L["en"]("ev-place-online-hidden") in card and "meet.example.org" not in card
    assert "🎤 Speaker: Nargis Saidova, data analyst" in card and "No seat limit" in card
    await h.press(p, ev("r", online))
    card = h.last_screen(p).text
    assert card.startswith(L["en"]("ev-going", title="Webinar: Git"))
    assert "💻 Online: https://meet.example.org/wit" in card
    assert await statuses(h, online) == {p.id: "going"}
    await h.press(p, ev("x", online))
    assert h.last_screen(p).text.startswith(L["en"]("ev-left", title="Webinar: Git"))
    assert await statuses(h, online) == {p.id: "left"}
    # her reminders and rating request went with her place
    assert {s for (s,) in await rows(h.app.db, "SELECT status FROM outbox WHERE user_id = ? "
                                               "AND kind LIKE 'event.%'", p.id)} == {"cancelled"}
    await h.press(p, ev("x", online), message_id=1)  # again: she is told, nothing breaks
    assert h.session.requests[-1].params["text"] == L["en"]("ev-not-going")


async def test_waitlist_position_and_automatic_promotion(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    a, b, c = await people(h, 3)
    event_id = await published(h, seats=1)
    for u in (a, b, c):
        await h.press(u, ev("r", event_id), message_id=1)
    assert await statuses(h, event_id) == {a.id: "going", b.id: "waitlisted", c.id: "waitlisted"}
    assert h.last_screen(c).text.startswith(L["en"]("ev-waitlisted", position=2))
    assert await rows(h.app.db, "SELECT count(*) FROM outbox WHERE user_id = ? AND "
                                "kind LIKE 'event.%'", c.id) == [(0,)]
    await h.press(a, ev("x", event_id), message_id=1)
    assert await statuses(h, event_id) == {a.id: "left", b.id: "going", c.id: "waitlisted"}
    await h.app.deliverer.run_due()
    told = [r.text for r in h.to(b, "sendMessage")]
    assert any(t and t.startswith("🎉 A seat freed up: you are now going to Women in Data")
               for t in told)
    await h.press(c, ev("o", event_id), message_id=1)
    assert L["en"]("ev-standing-waitlisted", position=1) in h.last_screen(c).text


async def test_reminders_a_day_and_an_hour_before_with_the_pin_then_a_rating(
        make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    going, left = await people(h, 2)
    event_id = await published(h, seats=10)
    await h.press(going, ev("r", event_id), message_id=1)
    assert h.to(going, "sendVenue")  # the pin right after signing up
    await h.press(left, ev("r", event_id), message_id=1)
    await h.press(left, ev("x", event_id), message_id=1)
    h.clock.set(START - timedelta(days=1, minutes=-1))  # 18:01 local the day before
    await h.app.deliverer.run_due()
    reminder = h.to(going, "sendMessage")[-1]
    assert reminder.text.startswith("⏰ Reminder: Women in Data, Dushanbe; vol. 1 starts "
                                    "10.09.2026 18:00 at IT Park, Rudaki 12.")
    pin = h.to(going, "sendVenue")[-1]
    assert (float(pin.params["latitude"]), pin.params["title"]) == (38.5598, "IT Park")
    h.clock.set(START - timedelta(minutes=59))
    await h.app.deliverer.run_due()
    assert h.to(going, "sendMessage")[-1].text.startswith("⏰ Reminder:")
    assert len([r for r in h.to(going, "sendMessage") if r.text.startswith("⏰")]) == 2
    assert not [r for r in h.to(left, "sendMessage") if r.text.startswith("⏰")]
    h.clock.set(START + timedelta(hours=2, minutes=1))
    await h.app.deliverer.run_due()
    ask = h.to(going, "sendMessage")[-1]
    assert ask.text.startswith("How was Women in Data")
    assert [d for _, d in ask.buttons()] == [f"ev:s:{event_id}:{n}" for n in range(1, 6)]
    await h.press(going, ev("s", event_id, 4))
    assert await rows(h.app.db, "SELECT user_id, stars FROM event_ratings") == [(going.id, 4)]
    await h.press(left, ev("s", event_id, 5), message_id=1)  # she did not go: refused
    assert await rows(h.app.db, "SELECT count(*) FROM event_ratings") == [(1,)]
    # the coordinator still sees the event for a month, with its ratings; it cannot be cancelled
    await h.send(OWNER, "/admin")
    await h.press(OWNER, ea("l"), message_id=1)
    assert ("🏁 10.09.2026 · Women in Data, Dushanbe; vol. 1", ea("o", event_id)) in (
        h.last_screen(OWNER).buttons())
    await h.press(OWNER, ea("o", event_id))
    assert ea("q", event_id) not in [d for _, d in h.last_screen(OWNER).buttons()]
    await h.press(OWNER, ea("a", event_id))
    assert "Ratings: 1, average 4.0" in h.last_screen(OWNER).text
    assert (await h.app.services.events.cancel_event(OWNER.id, event_id)).outcome == "invalid"


async def test_a_moved_event_reschedules_reminders_and_tells_attendees(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    (p,) = await people(h, 1)
    event_id = await published(h)
    await h.press(p, ev("r", event_id), message_id=1)
    later = START + timedelta(days=2)
    result = await h.app.services.events.edit(OWNER.id, event_id, starts_at=to_db(later))
    assert result.outcome == "saved"
    pending = await rows(h.app.db, "SELECT kind, due_at FROM outbox WHERE user_id = ? AND "
                         "status = 'pending' AND kind LIKE 'event.%' ORDER BY due_at", p.id)
    assert pending == [("event.changed", to_db(h.clock.now())),
                       ("event.reminder_day", to_db(later - timedelta(days=1))),
                       ("event.reminder_hour", to_db(later - timedelta(hours=1))),
                       ("event.rating", to_db(later + timedelta(hours=2)))]
    await h.app.deliverer.run_due()
    assert h.to(p, "sendMessage")[-1].text.startswith("📅 Women in Data, Dushanbe; vol. 1 has "
                                                      "moved. It now starts 12.09.2026 18:00.")
    h.clock.set(START - timedelta(hours=1))  # the old reminder time: nothing comes
    await h.app.deliverer.run_due()
    assert not h.to(p, "sendMessage")[-1].text.startswith("⏰")


async def test_cancelling_an_event_tells_attendees_and_stops_reminders(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    a, b = await people(h, 2)
    event_id = await published(h, seats=1)
    await h.press(a, ev("r", event_id), message_id=1)
    await h.press(b, ev("r", event_id), message_id=1)
    await h.send(OWNER, "/admin")
    await h.press(OWNER, ea("q", event_id), message_id=1)
    await h.press(OWNER, ea("x", event_id))
    assert h.last_screen(OWNER).text.startswith(L["en"]("eva-cancelled", count=2))
    await h.app.deliverer.run_due()
    for u in (a, b):
        assert h.to(u, "sendMessage")[-1].text.startswith("❌ Women in Data")
    h.clock.set(START - timedelta(hours=1))
    await h.app.deliverer.run_due()
    assert not [r for r in h.to(a, "sendMessage") if r.text.startswith("⏰")]
    await h.press(a, ev("o", event_id), message_id=1)
    assert h.session.requests[-1].params["text"] == L["en"]("ev-not-found")


async def test_attendee_list_and_a_message_to_attendees_once_each(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    a, b, c = await people(h, 3)
    event_id = await published(h, seats=2)
    for u in (a, b, c):
        await h.press(u, ev("r", event_id), message_id=1)
    await h.send(OWNER, "/admin")
    await h.press(OWNER, ea("a", event_id), message_id=1)
    text = h.last_screen(OWNER).text
    assert "Going (2): GuestA, GuestB" in text and "Waitlist (1): GuestC" in text
    await h.press(OWNER, ea("m", event_id), message_id=1)
    assert h.last_screen(OWNER).text == L["en"]("eva-ask-message", count=2)
    await h.send(OWNER, "Bring <your> laptop, please")
    assert h.last_screen(OWNER).text.startswith(L["en"]("eva-message-sent", count=2))
    await h.app.deliverer.run_due()
    await h.app.deliverer.run_due()
    for u, expected in ((a, 1), (b, 1), (c, 0)):
        got = [r for r in h.to(u, "sendMessage") if "Bring &lt;your&gt; laptop" in r.text]
        assert len(got) == expected
    assert await rows(h.app.db, "SELECT actor, target, detail FROM audit_log WHERE action = "
                                "'event.message'") == [
        (OWNER.id, f"event:{event_id}", '{"length": 27, "recipients": 2}')]


async def test_participants_cannot_use_coordinator_buttons_or_services(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    (p,) = await people(h, 1)
    event_id = await published(h, seats=3)
    before = await rows(h.app.db, "SELECT * FROM events")
    for data in (ea("l"), ea("n"), ea("o", event_id), ea("f", event_id, "title.en"),
                 ea("k", event_id), ea("x", event_id), ea("a", event_id), ea("m", event_id),
                 ea("p", event_id)):
        await h.press(p, data, message_id=1)
        assert h.session.requests[-1].params["text"] == L["en"]("button-expired"), data
    await h.send(p, "A new title")  # no dialog was opened for her
    assert await rows(h.app.db, "SELECT * FROM events") == before
    ev = h.app.services.events
    assert (await ev.create(p.id, "en")).outcome == "forbidden"
    assert (await ev.edit(p.id, event_id, seats=1)).outcome == "forbidden"
    assert (await ev.cancel_event(p.id, event_id)).outcome == "forbidden"
    assert (await ev.message_attendees(p.id, event_id, "hi")).outcome == "forbidden"
    assert (await ev.attendees(p.id, event_id)).outcome == "forbidden"
    assert await rows(h.app.db, "SELECT * FROM events") == before
    denied = await rows(h.app.db, "SELECT actor FROM audit_log WHERE action = 'denied'")
    assert len(denied) >= 9 and {a for (a,) in denied} == {p.id}


async def test_the_calendar_file_parses_and_starts_at_the_right_local_time(
        make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    (p,) = await people(h, 1)
    long_title = "Women in Data, Dushanbe; vol. 1 — " + "очень длинное название " * 3
    event_id = await published(h, title=long_title)
    await h.press(p, ev("c", event_id), message_id=1)
    doc = h.to(p, "sendDocument")[-1]
    data = doc.files["document"]
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert b"TZID:Asia/Dushanbe" in data and b"BEGIN:VTIMEZONE" in data
    cal = icalendar.Calendar.from_ical(data)
    (event,) = cal.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start.astimezone(ZoneInfo("Asia/Dushanbe")).replace(tzinfo=None) == datetime(
        2026, 9, 10, 18, 0)
    assert start.astimezone(UTC) == START
    assert str(event["SUMMARY"]) == long_title
    assert str(event["LOCATION"]) == "IT Park, Rudaki 12"
    assert event["UID"] == f"event-{event_id}@wit.tj" and "DTSTAMP" in event


async def test_the_last_seat_goes_to_one_of_two_and_a_double_tap_makes_one_row(
        make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    first, a, b = await people(h, 3)
    event_id = await published(h, seats=2)
    await h.press(first, ev("r", event_id), message_id=1)
    await asyncio.gather(h.press(a, ev("r", event_id), message_id=1),
                         h.press(b, ev("r", event_id), message_id=1))
    result = await statuses(h, event_id)
    assert sorted([result[a.id], result[b.id]]) == ["going", "waitlisted"]
    await asyncio.gather(*(h.press(first, ev("r", event_id), message_id=1) for _ in range(3)))
    assert await rows(h.app.db, "SELECT count(*) FROM event_rsvps WHERE user_id = ?",
                      first.id) == [(1,)]
    assert await rows(h.app.db, "SELECT count(*) FROM event_rsvps WHERE event_id = ? AND "
                                "status = 'going'", event_id) == [(2,)]


async def test_an_event_link_opens_the_card_after_onboarding_for_a_newcomer(
        make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    event_id = await published(h)
    u = TgUser(8900, language_code="ru")
    await h.send(u, f"/start ev-{event_id}-src-instagram")
    assert h.last_screen(u).text == L["ru"]("language-choose")
    await h.onboard(u, "ru", name="Ситора", region="TJ-DU")
    card = h.last_screen(u).text
    assert card.startswith(L["ru"]("onboarding-done")) and "<b>Женщины в данных</b>" in card
    await h.press(u, ev("r", event_id))
    assert await rows(h.app.db, "SELECT source FROM event_rsvps") == [("instagram",)]
    assert await rows(h.app.db, "SELECT source, new_user FROM event_visits") == [
        ("instagram", 1)]
    await h.send(u, f"/start ev-{event_id}")
    assert h.last_screen(u).text.startswith("<b>Женщины в данных</b>")
    await h.send(u, "/start ev-999")
    assert h.last_screen(u).text.startswith(L["ru"]("ev-link-unknown"))


async def test_more_seats_move_the_waitlist_in(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await with_owner(make_harness)
    a, b, c = await people(h, 3)
    event_id = await published(h, seats=1)
    for u in (a, b, c):
        await h.press(u, ev("r", event_id), message_id=1)
    await h.send(OWNER, "/admin")
    await h.press(OWNER, ea("f", event_id, "seats"), message_id=1)
    await h.send(OWNER, "2")
    assert "Seats: 2" in h.last_screen(OWNER).text
    assert await statuses(h, event_id) == {a.id: "going", b.id: "going", c.id: "waitlisted"}
    await h.app.deliverer.run_due()
    assert h.to(b, "sendMessage")[-1].text.startswith("🎉 A seat freed up")
    assert not [r for r in h.to(c, "sendMessage") if r.text.startswith("🎉")]
