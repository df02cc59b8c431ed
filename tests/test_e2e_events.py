"""An event end to end: the real process and the local Bot API server. An event link with a
source tag opens the card, "I'm going" takes the seat (with the tag) and sends the venue pin,
and "Add to calendar" uploads an .ics file that parses with the start at 18:00 in Dushanbe."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from bot.clock import SystemClock, to_db
from bot.i18n import Locales
from storage import Database
from tests.e2e import BotProcess, add_onboarded
from tests.fake_api import FakeTelegram
from tests.harness import TOKEN

L = Locales()
GUEST = 7_200_001


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(TOKEN) as server:
        yield server
    assert not server.problems, server.problems


def starts() -> datetime:
    """18:00 in Dushanbe, two days from now."""
    day = (SystemClock().now() + timedelta(days=2)).date()
    return datetime(day.year, day.month, day.day, 13, 0, tzinfo=UTC)


async def _seed(db_path: Path) -> None:
    db = Database(db_path)
    await db.open()
    now = to_db(SystemClock().now())
    async with db.transaction() as tx:
        await add_onboarded(tx, [(GUEST, "ru", "Мунира")])
        await tx.conn.execute(
            "INSERT INTO events (id, kind, title, description, language, speaker, starts_at, "
            "region, city, venue_name, venue_address, lat, lon, seats, status, created_at, "
            "updated_at) VALUES (1, 'talk', ?, ?, 'ru', 'Нигина, QA', ?, 'TJ-DU', 'dushanbe', "
            "'IT Park', 'Рудаки 12', 38.5598, 68.787, 30, 'published', ?, ?)",
            (json.dumps({"ru": "Карьера в QA"}), json.dumps({"ru": "Как начать, с нуля."}),
             to_db(starts()), now, now))
    await db.close()


async def test_an_event_link_rsvp_and_calendar_file_through_the_real_process(
        fake: FakeTelegram, tmp_path: Path, processes: list[BotProcess]) -> None:
    await _seed(tmp_path / "bot.sqlite3")
    bot = BotProcess(fake, tmp_path, TOKEN)
    processes.append(bot)
    await bot.start()
    await bot.wait_polling()
    who = {"username": "munira_99", "first_name": "Munira"}
    card = await bot.say(GUEST, "/start ev-1-src-radio", **who)
    assert str(card["text"]).startswith("<b>Карьера в QA</b>")
    assert "Осталось мест: 30 из 30" in str(card["text"])
    since = len(fake.requests)
    going = await bot.tap(GUEST, "ev:r:1:0", **who)
    assert str(going["text"]).startswith(L["ru"]("ev-going", title="Карьера в QA"))
    pin = await fake.wait_for("sendVenue", since=since)
    assert pin.params["title"] == "IT Park"
    await bot.until("SELECT status, source FROM event_rsvps", expect=[("going", "radio")])
    since = len(fake.requests)
    shown = next(m["message_id"] for m in reversed(fake.messages(GUEST))
                 if "ev:c:1:0" in json.dumps(m.get("reply_markup") or {}))
    fake.user_callback(GUEST, "ev:c:1:0", message_id=shown, **who)
    await fake.wait_for("sendDocument", since=since, timeout=15)
    document = fake.messages(GUEST)[-1]["document"]
    data = fake.file_bytes(document["file_id"])
    assert data is not None and data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert document.get("file_name") == "event-1.ics"
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    local = event.decoded("DTSTART").astimezone(ZoneInfo("Asia/Dushanbe"))
    assert (local.hour, local.minute, local.date()) == (18, 0, starts().date())
    assert str(event["SUMMARY"]) == "Карьера в QA"
    assert "Traceback" not in bot.output()
