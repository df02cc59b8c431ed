"""The outbox: due times on a moved clock, quiet hours, time zones, expiry, dedup, language,
blocked users, restarts, and the onboarding reminder that uses it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.delivery.outbox import Button, Notification
from bot.i18n import Locales
from tests.harness import Harness, TgUser

L = Locales()


async def enqueue(h: Harness, user: TgUser, key: str, *, due_in: timedelta = timedelta(0),
                  **kw: object) -> bool:
    n = Notification(user_id=user.id, kind="test", template=str(kw.pop("template", "help-text")),
                     args=dict(kw.pop("args", {"count": 7})),  # type: ignore[call-overload]
                     due_at=h.clock.now() + due_in, dedup_key=key, **kw)  # type: ignore[arg-type]
    async with h.app.db.transaction() as tx:
        return await h.app.services.outbox.enqueue(tx, n)


async def status(h: Harness, key: str) -> str | None:
    async with h.app.db.read() as tx:
        return await tx.outbox.status_of(key)


def texts(h: Harness, user: TgUser) -> list[str]:
    return [r.text or "" for r in h.to(user, "sendMessage")]


async def test_moving_the_clock_fires_due_notifications(harness: Harness) -> None:
    u = TgUser(901)
    await harness.onboard(u, "en")
    sent_before = len(texts(harness, u))
    assert await enqueue(harness, u, "a", due_in=timedelta(hours=1))
    report = await harness.app.deliverer.run_due(harness.clock.now())
    assert report["sent"] == 0 and len(texts(harness, u)) == sent_before
    harness.clock.advance(minutes=59)
    await harness.app.deliverer.run_due(harness.clock.now())
    assert len(texts(harness, u)) == sent_before
    harness.clock.advance(minutes=1)
    report = await harness.app.deliverer.run_due(harness.clock.now())
    assert report["sent"] == 1
    assert texts(harness, u)[-1] == L["en"]("help-text", count=7)
    assert await status(harness, "a") == "sent"
    await harness.app.deliverer.run_due(harness.clock.now())  # nothing is sent twice
    assert texts(harness, u).count(L["en"]("help-text", count=7)) == 1


async def test_the_same_dedup_key_is_queued_once(harness: Harness) -> None:
    u = TgUser(902)
    await harness.onboard(u, "en")
    assert await enqueue(harness, u, "same")
    assert not await enqueue(harness, u, "same")
    report = await harness.app.deliverer.run_due(harness.clock.now())
    assert report["sent"] == 1


async def test_quiet_hours_hold_non_urgent_and_urgent_pass(harness: Harness) -> None:
    u = TgUser(903)
    await harness.onboard(u, "ru")
    # 23:30 in Dushanbe (UTC+5)
    harness.clock.set(datetime(2026, 9, 1, 18, 30, tzinfo=UTC))
    await enqueue(harness, u, "calm")
    await enqueue(harness, u, "urgent", urgent=True, args={"count": 1})
    report = await harness.app.deliverer.run_due(harness.clock.now())
    assert report["sent"] == 1 and report["deferred"] == 1
    assert texts(harness, u)[-1] == L["ru"]("help-text", count=1)
    assert await status(harness, "calm") == "pending"
    harness.clock.set(datetime(2026, 9, 2, 2, 59, tzinfo=UTC))  # 07:59 local
    await harness.app.deliverer.run_due(harness.clock.now())
    assert await status(harness, "calm") == "pending"
    harness.clock.set(datetime(2026, 9, 2, 3, 0, tzinfo=UTC))  # 08:00 local: quiet hours end
    await harness.app.deliverer.run_due(harness.clock.now())
    assert await status(harness, "calm") == "sent"


async def test_a_user_abroad_gets_hers_at_her_local_time(harness: Harness) -> None:
    home, berlin = TgUser(904), TgUser(905)
    await harness.onboard(home, "en")
    await harness.onboard(berlin, "en", region="abroad", city="Germany, Berlin")
    await harness.send(berlin, "/settings")
    await harness.press(berlin, "st:timezone")
    await harness.press(berlin, "tz:Europe/Berlin")
    # 22:30 in Dushanbe is 19:30 in Berlin (CEST, UTC+2)
    harness.clock.set(datetime(2026, 9, 1, 17, 30, tzinfo=UTC))
    await enqueue(harness, home, "home")
    await enqueue(harness, berlin, "berlin")
    await harness.app.deliverer.run_due(harness.clock.now())
    assert await status(harness, "home") == "pending"
    assert await status(harness, "berlin") == "sent"
    # at 22:00 Berlin time (20:00 UTC) her quiet hours begin
    harness.clock.set(datetime(2026, 9, 1, 20, 0, tzinfo=UTC))
    await enqueue(harness, berlin, "berlin-late")
    await harness.app.deliverer.run_due(harness.clock.now())
    assert await status(harness, "berlin-late") == "pending"
    harness.clock.set(datetime(2026, 9, 2, 6, 0, tzinfo=UTC))  # 08:00 in Berlin
    await harness.app.deliverer.run_due(harness.clock.now())
    assert await status(harness, "berlin-late") == "sent"


async def test_quiet_hours_can_be_changed_or_switched_off(harness: Harness) -> None:
    u = TgUser(906)
    await harness.onboard(u, "en")
    await harness.send(u, "/settings")
    await harness.press(u, "st:quiet")
    assert harness.last_screen(u).text == L["en"]("quiet-ask")
    await harness.press(u, "qh:4")  # off
    assert "Quiet hours: off" in harness.last_screen(u).text
    harness.clock.set(datetime(2026, 9, 1, 20, 0, tzinfo=UTC))  # 01:00 in Dushanbe
    await enqueue(harness, u, "night")
    await harness.app.deliverer.run_due(harness.clock.now())
    assert await status(harness, "night") == "sent"
    await harness.press(u, "st:quiet")
    await harness.press(u, "qh:99", message_id=harness.message_with_button(u.id, "qh:0"))
    assert harness.session.requests[-1].params["text"] == L["en"]("button-expired")


async def test_an_expired_notification_is_dropped(harness: Harness) -> None:
    u = TgUser(907)
    await harness.onboard(u, "en")
    await enqueue(harness, u, "late", due_in=timedelta(hours=1),
                  expires_at=harness.clock.now() + timedelta(hours=2))
    harness.clock.advance(hours=3)  # the bot was down until after it expired
    report = await harness.app.deliverer.run_due(harness.clock.now())
    assert report["expired"] == 1 and report["sent"] == 0
    assert await status(harness, "late") == "expired"


async def test_held_by_quiet_hours_past_expiry_is_dropped(harness: Harness) -> None:
    u = TgUser(908)
    await harness.onboard(u, "en")
    harness.clock.set(datetime(2026, 9, 1, 18, 0, tzinfo=UTC))  # 23:00 local
    await enqueue(harness, u, "tonight", expires_at=harness.clock.now() + timedelta(hours=2))
    report = await harness.app.deliverer.run_due(harness.clock.now())
    assert report["expired"] == 1


async def test_language_change_before_sending_changes_the_message(harness: Harness) -> None:
    u = TgUser(909)
    await harness.onboard(u, "ru")
    await enqueue(harness, u, "lang", due_in=timedelta(hours=1),
                  buttons=((Button("menu-open", "m:h"),),))
    await harness.send(u, "/language")
    await harness.press(u, "lg:tg")
    harness.clock.advance(hours=1)
    await harness.app.deliverer.run_due(harness.clock.now())
    last = harness.to(u, "sendMessage")[-1]
    assert last.text == L["tg"]("help-text", count=7)
    assert last.buttons() == [(L["tg"]("menu-open"), "m:h")]


async def test_blocked_user_is_inactive_until_she_writes_again(harness: Harness) -> None:
    u = TgUser(910)
    await harness.onboard(u, "en")
    await enqueue(harness, u, "first")
    harness.session.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
    report = await harness.app.deliverer.run_due(harness.clock.now())
    assert report["failed"] == 1
    user = await harness.app.services.users.get(u.id)
    assert user is not None and not user.is_active
    calls = len(harness.session.requests)
    await enqueue(harness, u, "second")
    report = await harness.app.deliverer.run_due(harness.clock.now())
    assert report["skipped"] == 1 and len(harness.session.requests) == calls  # not even tried
    await harness.send(u, "/menu")
    user = await harness.app.services.users.get(u.id)
    assert user is not None and user.is_active
    await enqueue(harness, u, "third")
    report = await harness.app.deliverer.run_due(harness.clock.now())
    assert report["sent"] == 1


async def test_due_while_down_is_sent_once_after_start(harness: Harness) -> None:
    u = TgUser(911)
    await harness.onboard(u, "en")
    await enqueue(harness, u, "while-down", due_in=timedelta(minutes=5))
    await enqueue(harness, u, "in-flight")
    # a crash caught this one between `sending` and `sent`
    async with harness.app.db.transaction() as tx:
        await tx.conn.execute("UPDATE outbox SET status = 'sending' WHERE dedup_key = 'in-flight'")
    harness.clock.advance(minutes=30)
    restarted = await harness.restart()
    assert await restarted.app.deliverer.recover() == 1
    await restarted.app.deliverer.run_due(restarted.clock.now())
    await restarted.app.deliverer.run_due(restarted.clock.now())
    assert await status(restarted, "while-down") == "sent"
    assert await status(restarted, "in-flight") == "unknown"
    assert texts(restarted, u).count(L["en"]("help-text", count=7)) == 1


async def test_onboarding_reminder_after_a_day_only_if_unfinished(harness: Harness) -> None:
    stopped, finished = TgUser(912), TgUser(913)
    await harness.send(stopped, "/start")
    await harness.press(stopped, "lg:tg")
    await harness.step(stopped, "consent", "yes")
    await harness.onboard(finished, "en")
    harness.clock.advance(hours=23)
    await harness.app.deliverer.run_due(harness.clock.now())
    assert L["tg"]("onboarding-reminder") not in texts(harness, stopped)
    harness.clock.advance(hours=1)
    await harness.app.deliverer.run_due(harness.clock.now())
    assert texts(harness, stopped)[-1] == L["tg"]("onboarding-reminder")
    assert L["en"]("onboarding-reminder") not in texts(harness, finished)
    harness.clock.advance(days=10)
    await harness.app.deliverer.run_due(harness.clock.now())
    assert texts(harness, stopped).count(L["tg"]("onboarding-reminder")) == 1


async def test_deleting_her_data_deletes_her_notifications(harness: Harness) -> None:
    u = TgUser(914)
    await harness.onboard(u, "en")
    await enqueue(harness, u, "gone", due_in=timedelta(hours=1))
    await harness.send(u, "/deleteme")
    await harness.press(u, "dl:1")
    await harness.press(u, "dl:2")
    assert await status(harness, "gone") is None


async def test_timezone_by_utc_offset(harness: Harness) -> None:
    u = TgUser(915)
    await harness.onboard(u, "en", region="abroad", city="USA, Denver")
    await harness.send(u, "/settings")
    await harness.press(u, "st:timezone")
    await harness.press(u, "st:offsets")
    labels = [label for label, _ in harness.last_screen(u).buttons()]
    assert labels[0] == "UTC−12:00" and "UTC+05:00" in labels and labels[-1] == L["en"](
        "btn-back")
    await harness.press(u, "tz:Etc/GMT+7")
    user = await harness.app.services.users.get(u.id)
    assert user is not None and user.timezone == "Etc/GMT+7"
    assert "Time zone: UTC−07:00" in harness.last_screen(u).text
    await harness.press(u, "tz:Mars/Olympus",
                        message_id=harness.message_with_button(u.id, "st:timezone"))
    user = await harness.app.services.users.get(u.id)
    assert user is not None and user.timezone == "Etc/GMT+7"
