"""The inbox: dedup, replay after a crash, per-user order, failures isolated per update."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import F
from aiogram.types import Message

from bot.clock import to_db
from bot.i18n import Locales
from keyboards.callbacks import Lang, LangCb
from storage import Database
from tests.harness import Harness, TgUser

L = Locales()


async def _inbox(db: Database) -> list[tuple[int, str, int]]:
    async with db.read() as tx:
        cur = await tx.conn.execute("SELECT update_id, status, attempts FROM inbox ORDER BY 1")
        return [tuple(r) for r in await cur.fetchall()]  # type: ignore[misc]


async def test_two_users_concurrently_one_fails_half_way(harness: Harness) -> None:
    db = harness.app.db

    async def write_then_maybe_fail(message: Message) -> None:
        assert message.from_user is not None and message.text is not None
        async with db.transaction() as tx:
            await tx.users.create(message.from_user.id, to_db(harness.clock.now()), "ru")
            await asyncio.sleep(0.01)  # let the other user's update run meanwhile
            if message.text == "boom":
                raise RuntimeError("failure after the first write")
            await tx.users.set_interests(message.from_user.id, ["web"])
        await message.answer("saved")

    harness.app.dp.message.register(write_then_maybe_fail, F.text.in_({"boom", "fine"}))
    good, bad = TgUser(501), TgUser(502)
    await asyncio.gather(harness.send(bad, "boom"), harness.send(good, "fine"))

    assert await harness.app.services.users.get(bad.id) is None
    survivor = await harness.app.services.users.get(good.id)
    assert survivor is not None and survivor.interests == ("web",)
    assert not db.in_transaction
    assert harness.last_screen(good).text == "saved"
    assert harness.last_screen(bad).text == L["ru"]("error-generic")
    # the bot keeps serving: the failing user can go on
    await harness.send(bad, "fine")
    assert harness.last_screen(bad).text == "saved"


async def test_same_update_twice_is_handled_once(harness: Harness) -> None:
    u = TgUser(601)
    await harness.send(u, "/start")
    press = harness.callback_update(u, LangCb(code=Lang.en).pack())
    await harness.feed(press)
    before = len(harness.session.requests)
    await harness.feed(press)  # Telegram delivers it again after a restart or retry
    assert len(harness.session.requests) == before
    assert [s for (uid, s, _) in await _inbox(harness.app.db) if uid == press.update_id] == [
        "done"]


async def test_a_crash_while_the_button_answer_is_in_flight_still_moves_the_dialog_on(
    harness: Harness
) -> None:
    """Found by the crash suite: the answer to her button was in flight at the crash, and her
    dialog was stuck on consent though consent was stored. The answer now goes out beside the
    handler; nothing of the update was committed before its first reply, so the restart
    handles it again from the start and asks the next question once."""
    u = TgUser(603, language_code="en")
    await harness.send(u, "/start")
    await harness.press(u, LangCb(code=Lang.ru))
    gate = harness.session.hold("answerCallbackQuery")
    committing, never = asyncio.Event(), asyncio.Event()

    async def dies_before_committing() -> None:  # the first commit would go with her reply
        committing.set()
        await never.wait()

    harness.app.db.commit_unit = dies_before_committing  # type: ignore[method-assign]
    press = harness.callback_update(u, "ob:consent:yes")
    await harness.app.runner.receive([press])
    await harness.session.arrived["answerCallbackQuery"].wait()
    await committing.wait()
    await harness.app.runner.cancel()  # the process dies while the answer is in flight
    gate.set()
    assert not [r for r in harness.session.requests if r.text == L["ru"]("name-ask")]
    async with harness.app.db.read() as tx:  # nothing of it was committed: she consents first
        assert await tx.users.get(u.id) is None

    restarted = await harness.restart()
    assert restarted.last_screen(u).text == L["ru"]("name-ask")
    user = await restarted.app.services.users.get(u.id)
    assert user is not None and user.consent_at is not None
    asked = [r for r in restarted.session.requests if r.text == L["ru"]("name-ask")]
    assert len(asked) == 1
    await restarted.send(u, "Фарангис")
    assert restarted.last_screen(u).text == L["ru"]("age-ask")


async def test_restart_handles_unfinished_updates_and_never_resends(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    u = TgUser(602, language_code="en")
    await harness.send(u, "/start")
    await harness.press(u, LangCb(code=Lang.ru))
    gate = harness.session.hold("editMessageText")
    press = harness.callback_update(u, "ob:consent:yes")
    await harness.app.runner.receive([press])
    await harness.session.arrived["editMessageText"].wait()
    # the process dies while Telegram holds the reply: nothing after this point runs
    await harness.app.runner.cancel()
    assert (press.update_id, "pending", 1) in await _inbox(harness.app.db)
    gate.set()

    restarted = await harness.restart()  # replays the pending update
    user = await restarted.app.services.users.get(u.id)
    assert user is not None and user.language == "ru"  # her input was not lost
    assert user.consent_at is not None
    edits = [r for r in restarted.session.requests if r.method == "editMessageText"
             and r.chat_id == u.id and r.text == L["ru"]("name-ask")]
    assert len(edits) == 1  # the reply caught in flight is not sent again
    assert (press.update_id, "done", 2) in await _inbox(restarted.app.db)
    assert "editMessageText #1 was interrupted; delivery unknown, not resent" in caplog.text
    # and the dialog goes on from the step that reply asked
    await restarted.send(u, "Фарангис")
    assert restarted.last_screen(u).text == L["ru"]("age-ask")
    # once handled, only the dedup record stays: no payload, no journal
    async with restarted.app.db.read() as tx:
        cur = await tx.conn.execute("SELECT payload, user_key FROM inbox WHERE update_id = ?",
                                    (press.update_id,))
        assert await cur.fetchone() == (None, None)
        cur = await tx.conn.execute("SELECT count(*) FROM update_requests")
        assert await cur.fetchone() == (0,)


async def test_an_update_whose_replies_went_out_is_not_handled_again(
    harness: Harness,
) -> None:
    u = TgUser(603)
    await harness.send(u, "/start")
    press = harness.callback_update(u, LangCb(code=Lang.tg).pack())

    async def dies_before_marking_done(update_id: int, status: str) -> None:
        raise asyncio.CancelledError  # the process is gone after the replies went out

    harness.app.runner._finish = dies_before_marking_done  # type: ignore[method-assign]
    await harness.feed(press)
    assert (press.update_id, "pending", 1) in await _inbox(harness.app.db)
    sent = len(harness.session.requests)
    restarted = await harness.restart()
    assert len(restarted.session.requests) == sent
    assert (press.update_id, "done", 2) in await _inbox(restarted.app.db)
    # what it wrote before its reply stays: her language, and the dialog at consent
    await restarted.press(u, "ob:consent:yes")
    assert restarted.last_screen(u).text == L["tg"]("name-ask")


async def test_one_users_updates_run_in_order(harness: Harness) -> None:
    seen: list[str] = []

    async def record(message: Message) -> None:
        assert message.text is not None
        await asyncio.sleep(0.02 if message.text == "1" else 0)
        seen.append(message.text)

    harness.app.dp.message.register(record, F.text.regexp(r"^\d$"))
    u = TgUser(604)
    await harness.feed(*(harness.message_update(u, str(i)) for i in range(5)))
    assert seen == ["0", "1", "2", "3", "4"]
    assert harness.app.runner.active_users == 0  # nothing per user is kept after the work


async def test_handled_rows_are_pruned_after_48_hours_pending_never(harness: Harness) -> None:
    u = TgUser(605)
    await harness.send(u, "/help")
    stuck = harness.message_update(u, "/help")
    async with harness.app.db.transaction() as tx:
        await tx.inbox.add(stuck.update_id, u.id, stuck.model_dump_json(),
                           to_db(harness.clock.now()))
    harness.clock.advance(hours=47)
    assert await harness.app.runner.prune() == 0
    harness.clock.advance(hours=2)
    assert await harness.app.runner.prune() == 1
    assert [s for (_, s, _) in await _inbox(harness.app.db)] == ["pending"]


async def test_a_toggle_whose_reply_was_in_flight_is_not_toggled_back_after_a_crash(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """Found by the crash suite: her tick on a topic was stored, the process died while the
    screen showing it was on its way, and the replay ticked it again, i.e. off."""
    u = TgUser(605, language_code="ru")
    await harness.send(u, "/start")
    for data in ("lg:ru", "ob:consent:yes"):
        await harness.press(u, data)
    await harness.send(u, "Нигора")
    for data in ("ob:age:25-34", "ob:region:TJ-DU", "ob:status:employed"):
        await harness.press(u, data)
    assert harness.last_screen(u).text == L["ru"]("interests-ask", count=0)
    gate = harness.session.hold("editMessageText")
    press = harness.callback_update(u, "ob:interests:web")
    await harness.app.runner.receive([press])
    await harness.session.arrived["editMessageText"].wait()
    await harness.app.runner.cancel()  # dies while the screen with her tick travels
    gate.set()

    restarted = await harness.restart()
    user = await restarted.app.services.users.get(u.id)
    assert user is not None and user.interests == ("web",)
    assert "editMessageText #1 was interrupted; delivery unknown, not resent" in caplog.text
    ticks = [r for r in restarted.session.requests
             if r.text == L["ru"]("interests-ask", count=1)]
    assert len(ticks) == 1
    await restarted.press(u, "ob:interests:done")
    assert restarted.last_screen(u).text == L["ru"]("level-ask")
