"""Operations: one user's flood gets one notice and is all handled in order while others are
answered at once; a locked database on one update gives a "wait a moment" and a retry."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from bot.i18n import Locales
from bot.updates import FLOOD_LIMIT
from tests.harness import Harness, TgUser, rows

L = Locales()


async def test_thirty_at_once_get_one_notice_all_handled_in_order_others_served_at_once(
        harness: Harness) -> None:
    h = harness
    h.app.runner.flood_limit = FLOOD_LIMIT
    flooder, other = TgUser(9601, language_code="en"), TgUser(9602, language_code="en")
    await h.onboard(flooder, "en")
    await h.onboard(other, "en")
    burst = [h.message_update(flooder, f"note {n}") for n in range(FLOOD_LIMIT)]
    calm = h.message_update(other, "/help")
    started = time.monotonic()
    await h.feed(*burst, calm)
    notices = [r for r in h.to(flooder, "sendMessage") if r.text == L["en"]("flood-notice")]
    assert len(notices) == 1
    # every one of hers was handled (one queue per user keeps them in order)
    ids = [u.update_id for u in burst]
    handled = await rows(h.app.db, f"SELECT update_id, status FROM inbox WHERE update_id IN "
                         f"({', '.join('?' * len(ids))}) ORDER BY update_id", *ids)
    assert handled == [(i, "done") for i in ids]
    answers = [r for r in h.to(flooder, "sendMessage") if r.text != L["en"]("flood-notice")
               and r.at >= started]
    assert len(answers) == FLOOD_LIMIT  # one answer each: nothing dropped
    # the other user was answered within a second, while the flood was still being paced
    [reply] = [r for r in h.to(other, "sendMessage") if r.text and r.text.startswith(
        L["en"]("help-text", count=0)[:30])]
    assert reply.at - started < 1.0
    assert reply.at < max(r.at for r in answers)
    # the notice came early, not after all her answers
    assert notices[0].at < sorted(r.at for r in answers)[FLOOD_LIMIT // 2]
    # more within the minute: no second notice
    assert not any(h.app.runner._flooding(flooder.id) for _ in range(FLOOD_LIMIT))


async def test_a_locked_database_on_one_update_means_wait_and_retry_others_served(
        harness: Harness, monkeypatch: Any) -> None:
    h = harness
    unlucky, other = TgUser(9611, language_code="en"), TgUser(9612, language_code="en")
    await h.onboard(unlucky, "en")
    await h.onboard(other, "en")
    h.app.runner.retry_delay = 0.05
    users = h.app.services.users
    real = users.on_update
    failures = {"left": 1}

    async def locked_once(user_id: int) -> Any:
        if user_id == unlucky.id and failures["left"]:
            failures["left"] -= 1
            raise sqlite3.OperationalError("database is locked")
        return await real(user_id)

    monkeypatch.setattr(users, "on_update", locked_once)
    stuck = h.message_update(unlucky, "/help")
    await h.feed(stuck, h.message_update(other, "/help"))
    help_text = L["en"]("help-text", count=0)[:30]
    mine = [r.text or "" for r in h.to(unlucky, "sendMessage")]
    assert L["en"]("error-db-busy") in mine
    assert mine.index(L["en"]("error-db-busy")) < max(
        i for i, t in enumerate(mine) if t.startswith(help_text))  # then the real answer
    assert sum(t.startswith(help_text) for t in mine) == 1
    assert any((r.text or "").startswith(help_text) for r in h.to(other, "sendMessage"))
    assert await rows(h.app.db, "SELECT status, attempts FROM inbox WHERE update_id = ?",
                      stuck.update_id) == [("done", 2)]


async def test_files_photos_voice_and_long_texts_get_a_clear_answer(harness: Harness) -> None:
    h = harness
    u = TgUser(9621, language_code="ru")
    await h.onboard(u, "ru")
    big = {"file_id": "BQACAgIAAxk", "file_unique_id": "AgADx", "file_name": "movie.mkv",
           "file_size": 1_900_000_000}
    for content in ({"document": big},
                    {"voice": {"file_id": "AwACAgIAAxk", "file_unique_id": "AgADv",
                               "duration": 30}},
                    {"photo": [{"file_id": "AgACAgIAAxk", "file_unique_id": "AQADp",
                                "width": 90, "height": 90}]},
                    {"location": {"latitude": 38.56, "longitude": 68.78}}):
        await h.feed(h.message_update(u, None, **content))
        assert h.last_screen(u).text.startswith(L["ru"]("fallback-media"))
    await h.send(u, "Я" * 4096)
    assert h.last_screen(u).text.startswith(L["ru"]("fallback-unknown"))
    h.assert_all_requests_valid()


async def test_what_she_wrote_is_gone_after_the_inbox_retention(harness: Harness) -> None:
    from tests.test_onboarding import everything_stored

    h = harness
    u = TgUser(9631, language_code="en")
    await h.onboard(u, "en")
    await h.send(u, "my phone is +992 900 12 34 56")
    assert await h.app.runner.prune() == 0  # kept 48 hours, only so nothing is lost
    h.clock.advance(hours=49)
    assert await h.app.runner.prune() > 0
    for table, cell in await everything_stored(h.app.db):
        assert not (isinstance(cell, str) and "900 12 34" in cell), table
    assert await rows(h.app.db, "SELECT count(*) FROM inbox WHERE user_key = ?", u.id) == [(0,)]
