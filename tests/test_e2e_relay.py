"""The relayed mentorship chat end to end: the real process and the local Bot API server.
A text and a photo from a 16-year-old mentee reach her mentor under a header with her first
name, the photo copied (so its file, not a forward), her phone number masked, and no request
carrying either side's username or phone number."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import SystemClock, to_db
from bot.i18n import Locales
from storage import Database
from tests.e2e import BotProcess
from tests.fake_api import FakeTelegram
from tests.harness import TOKEN

L = Locales()
MENTOR, MENTEE = 7_100_001, 7_100_002
PHONE = "+992 93 555 12 34"


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(TOKEN) as server:
        yield server
    assert not server.problems, server.problems


async def _matched(db_path: Path) -> None:
    """An approved mentor (English) matched with a mentee of 16 (Russian)."""
    db = Database(db_path)
    await db.open()
    now = to_db(SystemClock().now())
    async with db.transaction() as tx:
        for uid, lang, name, age in ((MENTOR, "en", "Mavluda", "25-34"),
                                     (MENTEE, "ru", "Nigora", "16-17")):
            await tx.conn.execute(
                "INSERT INTO users (id, language, name, consent_at, onboarded_at, region, "
                "age_group, status, quiet_hours, created_at, last_seen_at) "
                "VALUES (?, ?, ?, ?, ?, 'TJ-DU', ?, 'university', 'off', ?, ?)",
                (uid, lang, name, now, now, age, now, now))
        await tx.conn.execute(
            "INSERT INTO mentors (user_id, status, expertise, languages, format, bio, "
            "workplace, capacity, applied_at) VALUES (?, 'approved', '[\"web\"]', "
            "'[\"en\", \"ru\"]', 'online', 'Ten years of web development.', 'Alif', 2, ?)",
            (MENTOR, now))
        await tx.conn.execute(
            "INSERT INTO mentor_requests (id, user_id, topic, goal, language, format, status, "
            "created_at) VALUES (1, ?, 'web', 'My first website.', 'ru', 'online', "
            "'matched', ?)", (MENTEE, now))
        await tx.conn.execute(
            "INSERT INTO mentorships (id, request_id, mentor_id, mentee_id, started_at) "
            "VALUES (1, 1, ?, ?, ?)", (MENTOR, MENTEE, now))
    await db.close()


async def test_a_minor_writes_to_her_mentor_through_the_real_process(
        fake: FakeTelegram, tmp_path: Path, processes: list[BotProcess]) -> None:
    await _matched(tmp_path / "bot.sqlite3")
    bot = BotProcess(fake, tmp_path, TOKEN)
    processes.append(bot)
    await bot.start()
    await bot.wait_polling()
    who = {"username": "nigora_2009", "first_name": "Nigora"}
    home = await bot.say(MENTEE, "/mentor", **who)
    assert L["ru"]("mship-home-mentor", name="Mavluda", topic=L["ru"]("interest-web")) in str(
        home["text"])
    await bot.tap(MENTEE, "mx:o:1", **who)
    started = await bot.tap(MENTEE, "rl:w:1", **who)
    assert started["text"] == L["ru"]("relay-started", name="Mavluda")
    sent = await bot.say(MENTEE, f"Здравствуйте! Мой номер {PHONE}", **who)
    assert sent["text"] == L["ru"]("relay-masked")
    since = len(fake.requests)
    fake.user_message(MENTEE, None, photo=b"\x89PNG fake picture bytes", caption="мой сайт",
                      **who)
    await fake.wait_for("copyMessage", since=since, timeout=15)
    header = L["en"]("relay-from-mentee", name="Nigora")
    await bot.until("SELECT count(*) FROM outbox WHERE kind = 'relay' AND status = 'sent'",
                    expect=[(2,)])
    texts = [text for method, text in fake.sent_texts(MENTOR) if method == "sendMessage"]
    assert texts[-1] == f"{header}\n\nЗдравствуйте! Мой номер [•••]"
    copy = fake.messages(MENTOR)[-1]
    assert copy["caption"] == f"{header}\n\nмой сайт"
    assert "photo" in copy and "forward_origin" not in copy
    dump = json.dumps([r.params for r in fake.requests if r.method != "getUpdates"],
                      ensure_ascii=False, default=str)
    assert "nigora_2009" not in dump and PHONE not in dump
    assert "Traceback" not in bot.output()
