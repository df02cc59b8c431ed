"""Mentorship I: applications and vetting, requests, matching with offers, timeouts,
hand-off to coordinators and manual matches, races and forged buttons."""

from __future__ import annotations

import asyncio
import json

from bot.i18n import Locales
from bot.services.mentorship import Application, Outcome
from tests.harness import Harness, TgUser, rows

L = Locales()
C1, C2 = TgUser(8001, first_name="Coordinator One"), TgUser(8002, first_name="Coord Two")


async def coordinators(make_harness) -> Harness:  # type: ignore[no-untyped-def]
    h: Harness = await make_harness(admin_ids=f"{C1.id},{C2.id}", mentor_offer_hours=48)
    await h.onboard(C1, "en", name="Firuza")
    await h.onboard(C2, "ru", name="Gulnora")
    return h


async def approved_mentor(h: Harness, uid: int, *, languages: tuple[str, ...] = ("en", "ru"),
                          expertise: tuple[str, ...] = ("web",), capacity: int = 2,
                          name: str = "Mentor") -> TgUser:
    m = TgUser(uid)
    await h.onboard(m, "en", name=name, goal="mentor")
    mentorship = h.app.services.mentorship
    result = await mentorship.apply(uid, Application(list(expertise), list(languages), "online",
                                                     None, "I build websites for banks.",
                                                     "Alif, developer", capacity))
    assert result.outcome == Outcome.ok
    assert (await mentorship.decide(C1.id, uid, True)).outcome == Outcome.ok
    return m


async def ask_for_mentor(h: Harness, u: TgUser, topic: str = "web", language: str = "en",
                         fmt: str = "online") -> None:
    await h.send(u, "/mentor")
    await h.press(u, "mt:find:")
    await h.press(u, f"mt:tp:{topic}")
    await h.send(u, "I want to build my first website for my sister's bakery.")
    await h.press(u, f"mt:rl:{language}")
    await h.press(u, f"mt:rf:{fmt}")


def offers_to(h: Harness, m: TgUser) -> list[str]:
    return [r.text or "" for r in h.to(m, "sendMessage") if "looking for a mentor" in (
        r.text or "")]


async def test_application_approved_by_one_of_two_coordinators(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await coordinators(make_harness)
    m = TgUser(8100)
    await h.onboard(m, "en", name="Dilbar", interests=("web",), goal="mentor")
    await h.send(m, "/mentor")
    await h.press(m, "mt:apply:")
    await h.press(m, "mt:ex:data_ai")
    await h.press(m, "mt:exd:")
    await h.press(m, "mt:lg:tg")
    await h.press(m, "mt:lgd:")
    await h.press(m, "mt:fm:both")
    await h.press(m, "mt:rg:TJ-SU")
    await h.send(m, "Hi")  # too short
    assert h.last_screen(m).text == L["en"]("mentor-bio-invalid")
    await h.send(m, "Ten years in web development, I love teaching <beginners>.")
    await h.send(m, "Alif Bank, team lead")
    await h.press(m, "mt:cap:3")
    assert h.last_screen(m).text == L["en"]("mentor-applied")
    await h.app.deliverer.run_due(h.clock.now())
    copy1, copy2 = h.to(C1, "sendMessage")[-1], h.to(C2, "sendMessage")[-1]
    assert "Name: Dilbar" in copy1.text and "Areas: Data and AI, Web development" in copy1.text
    assert "&lt;beginners&gt;" in copy1.text  # what she typed is escaped
    assert "Dilbar" in copy2.text and copy2.text != copy1.text  # each in her own language
    assert [d for _, d in copy1.buttons()] == [f"ma:a:{m.id}", f"ma:r:{m.id}"]

    copy2_id = h.message_with_button(C2.id, f"ma:r:{m.id}")
    await h.press(C1, f"ma:a:{m.id}")
    mentor = await h.app.services.mentorship.mentor(m.id)
    assert mentor is not None and mentor.status == "approved" and mentor.capacity == 3
    assert (await h.app.services.users.get(m.id)).has_role("mentor")  # type: ignore[union-attr]
    edits = [r for r in h.session.requests if r.method == "editMessageText"
             and r.chat_id == C2.id]
    assert edits and edits[-1].text == L["ru"]("mentor-app-approved-by", name="Dilbar",
                                                by="Firuza")
    await h.press(C2, f"ma:r:{m.id}", message_id=copy2_id)  # her old copy: too late
    answer = [r for r in h.session.requests if r.method == "answerCallbackQuery"][-1]
    assert answer.params.get("text") == L["ru"]("mentor-decided-already")
    assert (await h.app.services.mentorship.mentor(m.id)).status == "approved"  # type: ignore[union-attr]
    await h.app.deliverer.run_due(h.clock.now())
    assert h.to(m, "sendMessage")[-1].text == L["en"]("mentor-approved")


async def test_rejection_is_told_and_she_may_apply_again(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await coordinators(make_harness)
    m = TgUser(8101)
    await h.onboard(m, "en", goal="mentor")
    mentorship = h.app.services.mentorship
    app = Application(["web"], ["en"], "online", None, "I have ten years in tech.",
                      "Somon, PM", 1)
    assert (await mentorship.apply(m.id, app)).outcome == Outcome.ok
    assert (await mentorship.apply(m.id, app)).outcome == Outcome.already
    assert (await mentorship.decide(C2.id, m.id, False)).outcome == Outcome.ok
    await h.app.deliverer.run_due(h.clock.now())
    assert h.to(m, "sendMessage")[-1].text == L["en"]("mentor-rejected")
    assert not (await h.app.services.users.get(m.id)).has_role("mentor")  # type: ignore[union-attr]
    assert (await mentorship.apply(m.id, app)).outcome == Outcome.ok


async def test_request_offer_accept(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await coordinators(make_harness)
    m = await approved_mentor(h, 8200, name="Mavluda")
    u = TgUser(8201, username="secret_handle")
    await h.onboard(u, "en", name="Nigora", age="16-17", region="TJ-KT", city="kulob")
    await ask_for_mentor(h, u)
    assert h.last_screen(u).text.startswith(L["en"]("mentor-request-sent"))
    await h.app.deliverer.run_due(h.clock.now())
    (offer,) = offers_to(h, m)
    for part in ("Name: Nigora", "Age group: 16–17", "Region: Khatlon region",
                 "Topic: Web development", "sister's bakery"):
        assert part in offer, part
    assert "secret_handle" not in offer and str(u.id) not in offer  # no contact details
    offer_id = (await rows(h.app.db, "SELECT id FROM mentor_offers"))[0][0]
    await h.press(m, f"mo:a:{offer_id}")
    assert h.last_screen(m).text == L["en"]("mentor-offer-accepted")
    assert await rows(h.app.db, "SELECT mentor_id, mentee_id FROM mentorships") == [(m.id, u.id)]
    await h.app.deliverer.run_due(h.clock.now())
    assert h.to(u, "sendMessage")[-1].text == L["en"]("mentor-matched-mentee", name="Mavluda",
                                                      topic="Web development")
    assert h.to(m, "sendMessage")[-1].text == L["en"]("mentor-matched-mentor", name="Nigora",
                                                      topic="Web development")
    await h.send(u, "/mydata")
    data = json.loads(h.to(u, "sendDocument")[-1].files["document"])
    assert [r["topic"] for r in data["mentor_requests"]] == ["web"]
    assert [s["mentor_id"] for s in data["mentorships"]] == [m.id]


async def test_decline_and_timeout_pass_it_on_then_coordinators_match_by_hand(
    make_harness,  # type: ignore[no-untyped-def]
) -> None:
    h = await coordinators(make_harness)
    m1 = await approved_mentor(h, 8301, name="One")
    m2 = await approved_mentor(h, 8302, name="Two")
    m3 = await approved_mentor(h, 8303, name="Three")
    u = TgUser(8304)
    await h.onboard(u, "en", name="Shirin")
    await ask_for_mentor(h, u)
    await h.app.deliverer.run_due(h.clock.now())
    first = next(m for m in (m1, m2, m3) if offers_to(h, m))
    offer_id = (await rows(h.app.db, "SELECT id FROM mentor_offers"))[0][0]
    await h.press(first, f"mo:d:{offer_id}")
    await h.app.deliverer.run_due(h.clock.now())
    second = next(m for m in (m1, m2, m3) if m is not first and offers_to(h, m))
    h.clock.advance(hours=24)
    await h.app.deliverer.run_due(h.clock.now())
    assert h.to(second, "sendMessage")[-1].text.startswith("⏰ A mentee is still waiting")
    h.clock.advance(hours=24)
    assert await h.app.services.mentorship.expire_offers() == 1
    await h.app.deliverer.run_due(h.clock.now())
    third = next(m for m in (m1, m2, m3) if m not in (first, second))
    assert offers_to(h, third)
    h.clock.advance(hours=48)
    await h.app.services.mentorship.expire_offers()
    await h.app.deliverer.run_due(h.clock.now())
    assert await rows(h.app.db, "SELECT status FROM mentor_requests") == [("unmatched",)]
    assert h.to(u, "sendMessage")[-1].text == L["en"]("mentor-request-waiting")
    assert any("found no mentor" in (r.text or "") for r in h.to(C1, "sendMessage"))

    await h.send(C1, "/mentor")
    await h.press(C1, "mt:queue:")
    queue = h.last_screen(C1)
    assert "Requests without a mentor: 1" in queue.text
    request_id = (await rows(h.app.db, "SELECT id FROM mentor_requests"))[0][0]
    await h.press(C1, f"mh:{request_id}:0")
    assert {d for _, d in h.last_screen(C1).buttons()} >= {f"mh:{request_id}:{m1.id}"}
    await h.press(C1, f"mh:{request_id}:{m1.id}")
    assert h.last_screen(C1).text == L["en"]("mentor-matched-by-hand")
    assert await rows(h.app.db, "SELECT mentor_id, matched_by FROM mentorships") == [
        (m1.id, C1.id)]


async def test_pause_withdraws_her_offer_and_resume(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await coordinators(make_harness)
    m1 = await approved_mentor(h, 8401)
    m2 = await approved_mentor(h, 8402)
    u = TgUser(8403)
    await h.onboard(u, "en")
    await ask_for_mentor(h, u)
    (holder,) = [m for m in (m1, m2) if (await rows(
        h.app.db, "SELECT 1 FROM mentor_offers WHERE mentor_id = ? AND status = 'open'",
        m.id))]
    other = m2 if holder is m1 else m1
    await h.send(holder, "/mentor")
    await h.press(holder, "mt:pause:")
    assert await rows(h.app.db, "SELECT mentor_id FROM mentor_offers WHERE status = 'open'"
                      ) == [(other.id,)]
    assert L["en"]("mentor-home-mentor-paused", capacity=2) in h.last_screen(holder).text
    await h.press(holder, "mt:resume:")
    assert L["en"]("mentor-home-mentor", capacity=2) in h.last_screen(holder).text
    await h.press(holder, "mt:capask:")
    await h.press(holder, "mt:capset:5")
    assert (await h.app.services.mentorship.mentor(holder.id)).capacity == 5  # type: ignore[union-attr]


async def test_withdraw_a_request(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await coordinators(make_harness)
    m = await approved_mentor(h, 8501)
    u = TgUser(8502)
    await h.onboard(u, "en")
    await ask_for_mentor(h, u)
    await h.press(u, "mt:find:", message_id=1)  # one open request at a time
    assert h.session.requests[-1].params["text"] == L["en"]("mentor-request-exists")
    again = await h.app.services.mentorship.request(u.id, "web", "Another goal for me", "en",
                                                    "online")
    assert again.outcome == Outcome.already
    assert await rows(h.app.db, "SELECT count(*) FROM mentor_requests") == [(1,)]
    await h.send(u, "/mentor")
    await h.press(u, "mt:wd:")
    assert await rows(h.app.db, "SELECT status FROM mentor_requests") == [("withdrawn",)]
    offer_id = (await rows(h.app.db, "SELECT id FROM mentor_offers"))[0][0]
    await h.press(m, f"mo:a:{offer_id}", message_id=1)  # her old offer button
    assert h.session.requests[-1].params["text"] == L["en"]("mentor-offer-gone")
    assert await rows(h.app.db, "SELECT count(*) FROM mentorships") == [(0,)]


async def test_two_taps_on_accept_make_one_match(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await coordinators(make_harness)
    m = await approved_mentor(h, 8601)
    u = TgUser(8602)
    await h.onboard(u, "en")
    await ask_for_mentor(h, u)
    offer_id = (await rows(h.app.db, "SELECT id FROM mentor_offers"))[0][0]
    mentorship = h.app.services.mentorship
    results = await asyncio.gather(mentorship.answer_offer(m.id, offer_id, True),
                                   mentorship.answer_offer(m.id, offer_id, True))
    assert sorted(r.outcome for r in results) == [Outcome.already, Outcome.ok]
    assert await rows(h.app.db, "SELECT count(*) FROM mentorships") == [(1,)]


async def test_capacity_holds_when_an_accept_and_a_manual_match_race(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await coordinators(make_harness)
    m = await approved_mentor(h, 8701, capacity=1)
    a, b = TgUser(8702), TgUser(8703)
    for u in (a, b):
        await h.onboard(u, "en")
        await ask_for_mentor(h, u)
    offer_id, request_a = (await rows(h.app.db, "SELECT id, request_id FROM mentor_offers"))[0]
    request_b = next(r for (r,) in await rows(h.app.db, "SELECT id FROM mentor_requests")
                     if r != request_a)
    mentorship = h.app.services.mentorship
    results = await asyncio.gather(mentorship.answer_offer(m.id, int(offer_id), True),
                                   mentorship.match_by_hand(C1.id, int(request_b), m.id))
    assert sorted(r.outcome for r in results) == [Outcome.full, Outcome.ok]
    assert await rows(h.app.db, "SELECT count(*) FROM mentorships WHERE mentor_id = ?",
                      m.id) == [(1,)]


async def test_expired_someone_elses_and_coordinator_buttons_are_refused(make_harness) -> None:  # type: ignore[no-untyped-def]
    h = await coordinators(make_harness)
    m = await approved_mentor(h, 8801)
    intruder = await approved_mentor(h, 8802, languages=("tg",))
    u = TgUser(8803)
    await h.onboard(u, "en")
    await ask_for_mentor(h, u)
    offer_id = (await rows(h.app.db, "SELECT id FROM mentor_offers"))[0][0]
    await h.press(intruder, f"mo:a:{offer_id}", message_id=1)  # someone else's offer
    assert h.session.requests[-1].params["text"] == L["en"]("button-expired")
    await h.press(u, f"ma:a:{m.id}", message_id=1)  # a coordinator's button
    assert h.session.requests[-1].params["text"] == L["en"]("mentor-coordinators-only")
    await h.press(u, "mh:1:8801", message_id=1)
    assert h.session.requests[-1].params["text"] == L["en"]("mentor-coordinators-only")
    h.clock.advance(hours=49)  # expired, but the tick has not run yet
    await h.press(m, f"mo:a:{offer_id}", message_id=1)
    assert h.session.requests[-1].params["text"] == L["en"]("mentor-offer-gone")
    assert await rows(h.app.db, "SELECT count(*) FROM mentorships") == [(0,)]
