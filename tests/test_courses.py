"""Courses I: catalog, card, enrollment with a waitlist and 24-hour offers, course links,
coordinators' edits, races. Fixture courses from tests/course_fixtures.py."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.i18n import Locales
from tests.harness import Harness, TgUser, rows

L = Locales()
OFFLINE = 102  # capacity 2, sessions 12 and 13 December 2026 in Khujand


async def statuses(h: Harness, course_id: int) -> dict[int, str]:
    return dict(await rows(h.app.db, "SELECT user_id, status FROM enrollments "
                                     "WHERE course_id = ?", course_id))  # type: ignore[arg-type]


def buttons(h: Harness, user: TgUser) -> dict[str, str]:
    return dict(h.last_screen(user).buttons())


async def learners(h: Harness, n: int, first: int = 3000, lang: str = "en") -> list[TgUser]:
    users = [TgUser(first + i, first_name=f"Learner{i}") for i in range(n)]
    for u in users:
        await h.onboard(u, lang, name=f"Learner{chr(65 + u.id % 26)}")
    return users


async def test_catalog_pages_and_filters(harness: Harness) -> None:
    (u,) = await learners(harness, 1)
    t = L["en"]
    await harness.send(u, "/courses")
    screen = harness.last_screen(u)
    assert screen.text.startswith("<b>Courses</b>: 8 courses found, page 1 of 2")
    course_buttons = [label for label, data in screen.buttons() if data.startswith("c1:o:")]
    assert len(course_buttons) == 5
    await harness.press(u, buttons(harness, u)["▶️"])
    assert "page 2 of 2" in harness.last_screen(u).text
    assert len([d for _, d in harness.last_screen(u).buttons() if d.startswith("c1:o:")]) == 3

    async def pick(filter_label: str, choice: str) -> str:
        label = next(b for b in buttons(harness, u) if b.startswith(filter_label))
        await harness.press(u, buttons(harness, u)[label])
        await harness.press(u, buttons(harness, u)[choice])
        return harness.last_screen(u).text

    assert "2 courses found" in await pick("Topic:", t("interest-web"))
    assert "1 course found" in await pick("Format:", t("format-offline"))
    assert [label for label, d in harness.last_screen(u).buttons() if d.startswith("c1:o:")] == [
        "Khujand Web"]
    assert "1 course found" in await pick("Topic:", t("filter-any"))
    await pick("Format:", t("filter-any"))
    assert "2 courses found" in await pick("Language:", "English")
    await pick("Language:", t("filter-any"))
    assert "1 course found" in await pick("Region:", "Sughd region")
    assert t("catalog-empty") == await pick("Topic:", t("interest-robotics"))


async def test_course_card_shows_what_a_learner_needs(harness: Harness) -> None:
    (u,) = await learners(harness, 1)
    await harness.press(u, f"c1:o:{OFFLINE}", message_id=1)
    text = harness.last_screen(u).text
    for part in ("<b>Khujand Web</b>", "About khujand-web.", "Format: in person",
                 "Taught in: Тоҷикӣ, Русский", "Where: IT Park, Lenin 1",
                 "• 12.12.2026 10:00 — Day one", "• 13.12.2026 10:00 — Day two",
                 "Seats left: 2 of 2"):
        assert part in text, part
    assert set(buttons(harness, u).values()) >= {f"c1:e:{OFFLINE}", f"c1:p:{OFFLINE}"}
    await harness.press(u, f"c1:p:{OFFLINE}")
    pin = harness.to(u, "sendVenue")[-1]
    assert (float(pin.params["latitude"]), float(pin.params["longitude"])) == (40.2826, 69.6222)
    await harness.press(u, "c1:o:101", message_id=1)
    online = harness.last_screen(u).text
    assert "Where: online" in online and "3 lessons" in online and "No seat limit" in online


async def test_enroll_and_unenroll_with_confirmation(harness: Harness) -> None:
    (u,) = await learners(harness, 1)
    await harness.press(u, f"c1:o:{OFFLINE}", message_id=1)
    await harness.press(u, f"c1:e:{OFFLINE}")
    text = harness.last_screen(u).text
    assert text.startswith(L["en"]("course-enrolled", title="Khujand Web"))
    assert "Seats left: 1 of 2" in text and L["en"]("course-standing-enrolled") in text
    assert await statuses(harness, OFFLINE) == {u.id: "enrolled"}
    await harness.press(u, f"c1:u:{OFFLINE}")
    assert harness.last_screen(u).text == L["en"]("course-unenroll-ask", title="Khujand Web")
    assert await statuses(harness, OFFLINE) == {u.id: "enrolled"}  # not before she confirms
    await harness.press(u, f"c1:l:{OFFLINE}")
    assert harness.last_screen(u).text.startswith(L["en"]("course-left", title="Khujand Web"))
    assert await statuses(harness, OFFLINE) == {u.id: "left"}
    await harness.send(u, "/mycourses")
    assert harness.last_screen(u).text == L["en"]("my-courses-empty")


async def test_waitlist_offer_confirm_and_lapse(harness: Harness) -> None:
    a, b, c, d = await learners(harness, 4)
    for u in (a, b, c, d):
        await harness.press(u, f"c1:e:{OFFLINE}", message_id=1)
    assert await statuses(harness, OFFLINE) == {
        a.id: "enrolled", b.id: "enrolled", c.id: "waitlisted", d.id: "waitlisted"}
    assert L["en"]("course-waitlisted", position=2) in harness.last_screen(d).text
    await harness.send(d, "/mycourses")
    assert ("⏳ Khujand Web: waitlist, number 2", f"c1:o:{OFFLINE}") in (
        harness.last_screen(d).buttons())

    await harness.press(a, f"c1:l:{OFFLINE}", message_id=1)  # a seat frees up
    assert (await statuses(harness, OFFLINE))[c.id] == "offered"
    await harness.app.deliverer.run_due(harness.clock.now())
    offer = harness.to(c, "sendMessage")[-1]
    until = (harness.clock.now() + timedelta(hours=24)).astimezone().strftime("%d.%m.%Y")
    assert offer.text.startswith("🎉 A seat is free in Khujand Web!") and until in offer.text
    assert [d for _, d in offer.buttons()] == [f"c1:f:{OFFLINE}", f"c1:d:{OFFLINE}"]
    harness.clock.advance(hours=23)
    await harness.press(c, f"c1:f:{OFFLINE}")
    assert (await statuses(harness, OFFLINE))[c.id] == "enrolled"
    assert harness.last_screen(c).text.startswith(L["en"]("course-confirmed",
                                                          title="Khujand Web"))

    await harness.press(b, f"c1:l:{OFFLINE}", message_id=1)  # the next seat goes to d
    assert (await statuses(harness, OFFLINE))[d.id] == "offered"
    await harness.app.deliverer.run_due(harness.clock.now())
    assert harness.to(d, "sendMessage")[-1].text.startswith("🎉 A seat is free")
    harness.clock.advance(hours=24, minutes=1)  # d lets it lapse
    assert await harness.app.services.courses.expire_offers() == 1
    assert (await statuses(harness, OFFLINE))[d.id] == "lapsed"
    await harness.app.deliverer.run_due(harness.clock.now())
    assert harness.to(d, "sendMessage")[-1].text.startswith(
        "The seat in Khujand Web went to the next person")
    # the old offer button does nothing now
    await harness.press(d, f"c1:f:{OFFLINE}", message_id=harness.message_with_button(
        d.id, f"c1:f:{OFFLINE}"))
    assert harness.session.requests[-1].params["text"] == L["en"]("course-no-offer")
    assert (await statuses(harness, OFFLINE))[d.id] == "lapsed"


async def test_declining_an_offer_passes_the_seat_on(harness: Harness) -> None:
    a, b, c, d = await learners(harness, 4)
    for u in (a, b, c, d):
        await harness.press(u, f"c1:e:{OFFLINE}", message_id=1)
    await harness.press(a, f"c1:l:{OFFLINE}", message_id=1)
    await harness.press(c, f"c1:d:{OFFLINE}", message_id=1)
    assert await statuses(harness, OFFLINE) == {
        a.id: "left", b.id: "enrolled", c.id: "left", d.id: "offered"}


async def test_the_last_seat_goes_to_one_of_two(harness: Harness) -> None:
    first, a, b = await learners(harness, 3)
    await harness.press(first, f"c1:e:{OFFLINE}", message_id=1)
    await asyncio.gather(harness.press(a, f"c1:e:{OFFLINE}", message_id=1),
                         harness.press(b, f"c1:e:{OFFLINE}", message_id=1))
    result = await statuses(harness, OFFLINE)
    assert sorted([result[a.id], result[b.id]]) == ["enrolled", "waitlisted"]


async def test_a_double_tap_enrolls_once(harness: Harness) -> None:
    (u,) = await learners(harness, 1)
    await asyncio.gather(*(harness.press(u, f"c1:e:{OFFLINE}", message_id=1) for _ in range(3)))
    assert await rows(harness.app.db, "SELECT status FROM enrollments WHERE user_id = ?",
                      u.id) == [("enrolled",)]
    standing = await harness.app.services.courses.standing(u.id, OFFLINE)
    assert standing.seats_left == 1


async def test_course_link_for_a_new_user_goes_through_onboarding(harness: Harness) -> None:
    u = TgUser(3900)
    await harness.send(u, "/start course-102-src-instagram")
    assert harness.last_screen(u).text == L["ru"]("language-choose")  # onboarding first
    await harness.press(u, "lg:ru")
    await harness.step(u, "consent", "yes")
    await harness.send(u, "Ситора")
    await harness.step(u, "age", "18-24")
    await harness.step(u, "region", "TJ-DU")
    await harness.step(u, "status", "employed")
    await harness.step(u, "interests", "web")
    await harness.step(u, "interests", "done")
    await harness.step(u, "level", "beginner")
    await harness.step(u, "goal", "learn")
    card = harness.last_screen(u).text
    assert card.startswith(L["ru"]("onboarding-done"))
    assert "<b>Khujand Web (ру)</b>" in card  # and then the course she came for
    await harness.press(u, f"c1:e:{OFFLINE}")
    assert await rows(harness.app.db, "SELECT source FROM enrollments WHERE user_id = ?",
                      u.id) == [("instagram",)]
    assert await rows(harness.app.db, "SELECT course_id, source, new_user FROM course_visits"
                      ) == [(OFFLINE, "instagram", 1)]


async def test_course_link_for_an_existing_user_opens_the_card(harness: Harness) -> None:
    (u,) = await learners(harness, 1)
    await harness.send(u, "/start course-101")
    assert harness.last_screen(u).text.startswith("<b>Python Start</b>")
    await harness.send(u, "/start course-999-src-telegram")
    assert harness.last_screen(u).text.startswith(L["en"]("course-link-unknown"))
    assert await rows(harness.app.db, "SELECT course_id, source, new_user FROM course_visits"
                      ) == [(101, "", 0)]


async def test_coordinator_edits_seats_dates_and_venue_and_learners_are_told(
    make_harness,  # type: ignore[no-untyped-def]
) -> None:
    h: Harness = await make_harness(admin_ids="4000")
    coordinator = TgUser(4000, first_name="Coordinator")
    await h.onboard(coordinator, "en")
    a, b, c = await learners(h, 3, lang="ru")
    for u in (a, b, c):
        await h.press(u, f"c1:e:{OFFLINE}", message_id=1)
    await h.press(coordinator, f"c1:o:{OFFLINE}", message_id=1)
    await h.press(coordinator, buttons(h, coordinator)[L["en"]("btn-edit-course")])
    assert h.last_screen(coordinator).text.startswith("<b>Editing: Khujand Web</b>")
    await h.press(coordinator, buttons(h, coordinator)[L["en"]("btn-edit-seats")])
    await h.send(coordinator, "1")
    assert h.last_screen(coordinator).text == L["en"]("edit-seats-refused", seats=1, enrolled=2)
    await h.send(coordinator, "many")
    assert h.last_screen(coordinator).text == L["en"]("edit-seats-invalid")
    await h.send(coordinator, "3")
    assert h.last_screen(coordinator).text.startswith(L["en"]("edit-seats-saved", seats=3))
    assert (await statuses(h, OFFLINE))[c.id] == "offered"  # the new seat goes to the waitlist

    await h.press(coordinator, buttons(h, coordinator)[L["en"]("btn-edit-course")])
    await h.press(coordinator, f"ce:{OFFLINE}:d:day-1")
    await h.send(coordinator, "31.02.2027 10:00")
    assert h.last_screen(coordinator).text == L["en"]("edit-date-invalid")
    await h.send(coordinator, "19.12.2026 11:30")
    assert h.last_screen(coordinator).text.startswith(L["en"]("edit-saved"))
    assert "• 19.12.2026 11:30 — Day one" in h.last_screen(coordinator).text

    await h.press(coordinator, buttons(h, coordinator)[L["en"]("btn-edit-course")])
    await h.press(coordinator, f"ce:{OFFLINE}:v:day-2")
    await h.send(coordinator, "Hall of Youth & <Friends>\nRudaki Avenue 5")
    assert h.last_screen(coordinator).text == L["en"]("edit-venue-pin")
    await h.feed(h.message_update(coordinator, None,
                                  location={"latitude": 40.29, "longitude": 69.63}))
    assert "Hall of Youth &amp; &lt;Friends&gt;, Rudaki Avenue 5" in (
        h.last_screen(coordinator).text)

    await h.app.deliverer.run_due(h.clock.now())
    texts = [r.text or "" for r in h.to(a, "sendMessage")]
    assert any(x.startswith("📅 Khujand Web (ру): занятие «Day one (ру)» теперь проходит "
                            "19.12.2026 11:30") for x in texts)
    assert any("Hall of Youth &amp; &lt;Friends&gt;, Rudaki Avenue 5" in x for x in texts)
    await h.press(a, f"c1:p:{OFFLINE}", message_id=1)
    pins = {(float(p.params["latitude"]), float(p.params["longitude"]))
            for p in h.to(a, "sendVenue")}
    assert (40.29, 69.63) in pins


async def test_a_participant_cannot_use_the_coordinator_edit(harness: Harness) -> None:
    (u,) = await learners(harness, 1)
    await harness.press(u, f"c1:o:{OFFLINE}", message_id=1)
    assert L["en"]("btn-edit-course") not in buttons(harness, u)
    for forged in (f"ce:{OFFLINE}:m:", f"ce:{OFFLINE}:s:", f"ce:{OFFLINE}:d:day-1"):
        await harness.press(u, forged, message_id=1)
        assert harness.session.requests[-1].params["text"] == L["en"]("edit-forbidden")
    await harness.send(u, "1")  # not in an edit dialog: just a message
    assert (await harness.app.services.courses.get(OFFLINE)).capacity == 2  # type: ignore[union-attr]


async def test_old_or_forged_course_buttons_change_nothing(harness: Harness) -> None:
    a, b = await learners(harness, 2)
    await harness.press(a, f"c1:e:{OFFLINE}", message_id=1)
    await harness.press(a, f"c1:l:{OFFLINE}", message_id=1)
    before = await statuses(harness, OFFLINE)
    await harness.press(a, f"c1:l:{OFFLINE}", message_id=1)  # the old button again
    assert harness.session.requests[-1].params["text"] == L["en"]("course-not-enrolled")
    await harness.press(b, f"c1:f:{OFFLINE}", message_id=1)  # confirm an offer she never had
    assert harness.session.requests[-1].params["text"] == L["en"]("course-no-offer")
    await harness.press(b, "c1:e:999", message_id=1)  # a course that does not exist
    assert harness.session.requests[-1].params["text"] == L["en"]("course-closed-alert")
    await harness.press(b, "c1:zz:101", message_id=1)  # forged action
    assert harness.session.requests[-1].params["text"] == L["en"]("button-expired")
    assert await statuses(harness, OFFLINE) == before
