"""Peer connections through the bot: opting in and out, the weekly pairing and introductions,
the relay (no usernames or phone numbers; contacts masked for minors), skip / block / report,
and /deleteme over events, ratings, pairings and peer messages."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.clock import to_db
from bot.i18n import Locales
from tests.harness import Harness, TgUser, rows

L = Locales()
OWNER = TgUser(6600, first_name="Firuza", language_code="en")
MONDAY = datetime(2026, 9, 7, 4, 0, tzinfo=UTC)  # 09:00 in Dushanbe


async def community(make_harness) -> tuple[Harness, dict[str, TgUser]]:  # type: ignore[no-untyped-def]
    h: Harness = await make_harness(admin_ids=str(OWNER.id))
    await h.onboard(OWNER, "en", name="Firuza")
    people = {
        "a": (TgUser(6101, username="aziza_handle"), "18-24", "TJ-SU", "Aziza"),
        "b": (TgUser(6102, username="secret_b"), "25-34", "TJ-DU", "Barno"),
        "c": (TgUser(6103, username="cutie_c"), "16-17", "TJ-DU", "Chehra"),
        "d": (TgUser(6104, username="dono_d"), "13-15", "TJ-KT", "Dono"),
        "e": (TgUser(6105), "18-24", "TJ-DU", "Esmira"),
    }
    users = {}
    for key, (u, age, region, name) in people.items():
        await h.onboard(u, "en", name=name, age=age, region=region, city="khujand"
                        if region == "TJ-SU" else "bokhtar", interests=("web", "data_ai"))
        users[key] = u
    return h, users


async def join(h: Harness, u: TgUser) -> None:
    await h.press(u, "m:n", message_id=1)
    await h.press(u, "pc:j:0")


def pair_of(pairs: list[tuple[object, ...]], x: TgUser, y: TgUser) -> int:
    return next(int(p[0]) for p in pairs if {p[1], p[2]} == {x.id, y.id})  # type: ignore[arg-type]


def assert_nothing_leaks(h: Harness, *secrets: str) -> None:
    for r in h.session.requests:
        dumped = json.dumps(r.params, ensure_ascii=False)
        for secret in secrets:
            assert secret not in dumped, (r.method, secret, dumped[:300])


async def test_opt_in_weekly_pairs_by_language_and_age_and_introductions(make_harness) -> None:  # type: ignore[no-untyped-def]
    h, u = await community(make_harness)
    await h.press(u["a"], "m:n", message_id=1)
    assert h.last_screen(u["a"]).text.startswith("<b>Meet peers</b>")
    assert L["en"]("peer-status-out") in h.last_screen(u["a"]).text
    for key in "abcd":
        await join(h, u[key])
    await h.press(u["a"], "pc:f:0")  # she wants to meet in person: same region only
    assert L["en"]("peer-status-in-offline") in h.last_screen(u["a"]).text
    await h.press(u["a"], "pc:f:0")
    h.clock.set(MONDAY)
    assert await h.app.services.peers.pair_week() == 2
    assert await h.app.services.peers.pair_week() == 0  # once a week, restarts or not
    pairs = await rows(h.app.db, "SELECT id, a, b FROM peer_pairs ORDER BY id")
    assert {frozenset(p[1:]) for p in pairs} == {frozenset({u["a"].id, u["b"].id}),
                                                  frozenset({u["c"].id, u["d"].id})}
    await h.app.deliverer.run_due()
    intro = h.to(u["a"], "sendMessage")[-1]
    assert intro.text.startswith("🤝 <b>Meet your peer of the week: Barno</b>")
    assert "City: Dushanbe" in intro.text
    assert L["en"]("interest-web") in intro.text
    ab = pair_of(pairs, u["a"], u["b"])
    assert [d for _, d in intro.buttons()] == [f"pc:w:{ab}", f"pc:k:{ab}"]
    assert "City: Bokhtar" in h.to(u["c"], "sendMessage")[-1].text  # minors with minors
    # nothing but first name, city and interests: no username, no id of the other
    assert_nothing_leaks(h, "secret_b", "aziza_handle", "cutie_c", "dono_d")
    assert str(u["b"].id) not in json.dumps([r.params for r in h.to(u["a"])])
    assert await rows(h.app.db, "SELECT user_id, waited FROM peer_profiles WHERE waited = 1"
                      ) == []


async def test_the_relay_masks_contacts_for_minors_and_never_shows_usernames(
        make_harness) -> None:  # type: ignore[no-untyped-def]
    h, u = await community(make_harness)
    for key in "abcd":
        await join(h, u[key])
    h.clock.set(MONDAY)
    await h.app.services.peers.pair_week()
    pairs = await rows(h.app.db, "SELECT id, a, b FROM peer_pairs")
    ab, cd = pair_of(pairs, u["a"], u["b"]), pair_of(pairs, u["c"], u["d"])
    await h.app.deliverer.run_due()
    await h.press(u["a"], f"pc:w:{ab}")
    assert h.last_screen(u["a"]).text == L["en"]("peer-writing", name="Barno")
    await h.send(u["a"], "Salom! Shall we talk about data <science>?")
    assert h.last_screen(u["a"]).text == L["en"]("peer-sent", name="Barno")
    await h.app.deliverer.run_due()
    got = h.to(u["b"], "sendMessage")[-1]
    assert got.text == ("🤝 <b>Aziza</b> (your peer) writes:\n\n"
                        "Salom! Shall we talk about data &lt;science&gt;?")
    assert [d for _, d in got.buttons()] == [f"pc:w:{ab}"]
    await h.press(u["b"], f"pc:w:{ab}")
    await h.send(u["b"], "Yes! After work is best for me.")
    await h.app.deliverer.run_due()
    assert h.to(u["a"], "sendMessage")[-1].text.endswith("After work is best for me.")

    await h.press(u["c"], f"pc:w:{cd}")
    await h.send(u["c"], "Call me at +992 93 123 45 67 or write to @cutie_c, t.me/cutie_c")
    assert h.last_screen(u["c"]).text == L["en"]("peer-sent-masked", name="Dono")
    await h.app.deliverer.run_due()
    masked = h.to(u["d"], "sendMessage")[-1].text
    assert "[•••]" in masked and "123 45 67" not in masked and "cutie_c" not in masked
    await h.feed(h.message_update(u["c"], None, caption="my number 939876543", photo=[
        {"file_id": "AgACAgIAAxkBAAIB", "file_unique_id": "AQADAgAD", "width": 90,
         "height": 90}]))
    await h.app.deliverer.run_due()
    copied = h.to(u["d"], "copyMessage")[-1]
    assert int(copied.params["from_chat_id"]) == u["c"].id  # Telegram never shows it to her
    assert copied.params["caption"].startswith("🤝 <b>Chehra</b> (your peer) writes:")
    assert "[•••]" in copied.params["caption"] and "939876543" not in copied.params["caption"]
    assert await rows(h.app.db, "SELECT masked FROM relayed_messages WHERE channel = 'peer' "
                                "AND sender_id = ?", u["c"].id) == [(1,), (1,)]
    # no request to anyone carries a username or the minor's phone number
    assert_nothing_leaks(h, "secret_b", "aziza_handle", "dono_d", "123 45 67", "939876543")
    assert not [r for r in h.session.requests if r.chat_id != u["c"].id
                and "cutie_c" in json.dumps(r.params)]
    # someone not in the pair cannot write into it
    await h.press(u["e"], f"pc:w:{ab}", message_id=1)
    assert h.session.requests[-1].params["text"] == L["en"]("button-expired")


async def test_report_and_block_end_the_pair_and_stop_the_relay_no_repeats(
        make_harness) -> None:  # type: ignore[no-untyped-def]
    h, u = await community(make_harness)
    for key in "abcd":
        await join(h, u[key])
    h.clock.set(MONDAY)
    await h.app.services.peers.pair_week()
    pairs = await rows(h.app.db, "SELECT id, a, b FROM peer_pairs")
    ab, cd = pair_of(pairs, u["a"], u["b"]), pair_of(pairs, u["c"], u["d"])
    await h.app.deliverer.run_due()
    await h.press(u["a"], f"pc:w:{ab}")
    await h.send(u["a"], "Something unkind")  # queued, not delivered yet
    await h.press(u["b"], f"pc:w:{ab}")
    await h.press(u["b"], f"pc:r:{ab}")
    assert h.last_screen(u["b"]).text.startswith(L["en"]("peer-reported"))
    await h.app.deliverer.run_due()
    assert not [r for r in h.to(u["b"], "sendMessage") if "unkind" in r.text]
    notice = h.to(OWNER, "sendMessage")[-1].text
    assert notice.startswith("⚠️ A participant reported") and "Aziza: Something unkind" in notice
    assert await rows(h.app.db, "SELECT actor, action, target FROM audit_log WHERE action = "
                                "'peer.report'") == [(u["b"].id, "peer.report", f"pair:{ab}")]
    await h.send(u["a"], "Are you there?")  # she was still writing: refused, nothing queued
    assert h.last_screen(u["a"]).text == L["en"]("peer-ended")
    assert await rows(h.app.db, "SELECT count(*) FROM relayed_messages WHERE sender_id = ?",
                      u["a"].id) == [(1,)]
    await h.press(u["d"], f"pc:b:{cd}", message_id=1)
    assert await rows(h.app.db, "SELECT status FROM peer_pairs ORDER BY status") == [
        ("blocked",), ("reported",)]
    await h.press(u["c"], f"pc:w:{cd}", message_id=1)
    assert h.session.requests[-1].params["text"] == L["en"]("peer-ended")
    # next week the same people are never paired again: they wait, and go first later
    h.clock.set(MONDAY + timedelta(days=7))
    assert await h.app.services.peers.pair_week() == 0
    assert sorted(uid for (uid,) in await rows(
        h.app.db, "SELECT user_id FROM peer_profiles WHERE waited = 1")) == sorted(
        u[k].id for k in "abcd")
    await join(h, u["e"])  # a new adult: she is paired with one who waited
    h.clock.set(MONDAY + timedelta(days=14))
    assert await h.app.services.peers.pair_week() == 1
    (new,) = await rows(h.app.db, "SELECT a, b FROM peer_pairs WHERE week = '2026-09-21'")
    assert u["e"].id in new and ({u["a"].id, u["b"].id} & set(new))  # type: ignore[arg-type]


async def test_abroad_means_online_only(make_harness) -> None:  # type: ignore[no-untyped-def]
    h, u = await community(make_harness)
    far = TgUser(6199)
    await h.onboard(far, "en", name="Farzona", region="abroad", city="Berlin")
    await join(h, far)
    assert "pc:f:0" not in [d for _, d in h.last_screen(far).buttons()]
    await h.press(far, "pc:f:0", message_id=1)  # forged: refused, nothing changes
    assert h.session.requests[-1].params["text"] == L["en"]("button-expired")
    assert await rows(h.app.db, "SELECT wants_offline FROM peer_profiles WHERE user_id = ?",
                      far.id) == [(0,)]
    await join(h, u["e"])
    h.clock.set(MONDAY)
    assert await h.app.services.peers.pair_week() == 1  # online: any region
    await h.app.deliverer.run_due()
    assert "City: Berlin" in h.to(u["e"], "sendMessage")[-1].text


async def test_opting_out_is_respected(make_harness) -> None:  # type: ignore[no-untyped-def]
    h, u = await community(make_harness)
    for key in "abe":
        await join(h, u[key])
    await h.press(u["b"], "pc:q:0")
    assert h.last_screen(u["b"]).text.count(L["en"]("peer-status-out")) == 1
    await h.press(u["e"], "pc:q:0", message_id=1)
    h.clock.set(MONDAY)
    assert await h.app.services.peers.pair_week() == 0
    assert await rows(h.app.db, "SELECT count(*) FROM peer_pairs") == [(0,)]


async def test_deleteme_erases_rsvps_ratings_pairings_and_peer_messages(make_harness) -> None:  # type: ignore[no-untyped-def]
    from tests.test_onboarding import assert_nothing_about

    h, u = await community(make_harness)
    ev = h.app.services.events
    created = await ev.create(OWNER.id, "en")
    assert created.event is not None
    start = MONDAY + timedelta(days=1)
    await ev.edit(OWNER.id, created.event.id, title={"en": "Data meetup"},
                  starts_at=to_db(start), link="https://meet.example.org/x")
    await ev.publish(OWNER.id, created.event.id)
    a, b = u["a"], u["b"]
    await h.press(a, f"ev:r:{created.event.id}:0", message_id=1)
    for x in (a, b):
        await join(h, x)
    await h.app.services.stories.subscribe(a.id, True)
    h.clock.set(MONDAY)
    await h.app.services.peers.pair_week()
    (pair,) = await rows(h.app.db, "SELECT id FROM peer_pairs")
    await h.press(a, f"pc:w:{pair[0]}", message_id=1)
    await h.send(a, "Aziza here, my secret plan is robotics")
    h.clock.set(start + timedelta(hours=3))
    await h.app.deliverer.run_due()
    await h.press(a, f"ev:s:{created.event.id}:5")
    await h.send(a, "/mydata")
    exported = h.to(a, "sendDocument")[-1].files["document"].decode()
    assert '"event_rsvps"' in exported and '"peer_pairs"' in exported
    assert str(b.id) not in exported  # her export never shows the other's id
    await h.press(b, f"pc:w:{pair[0]}")
    await h.send(b, "Nice to meet you, Aziza")  # pending to her when she leaves
    await h.send(a, "/deleteme")
    await h.press(a, "dl:1")
    await h.press(a, "dl:2")
    await h.app.deliverer.run_due()
    await assert_nothing_about(h, a, "Aziza", "secret plan", "aziza_handle")
