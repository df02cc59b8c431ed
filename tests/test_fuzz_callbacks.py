"""Property-based: arbitrary and forged callback data pressed by everyone.

Any string of 1-64 bytes, and structured forgeries (every known prefix with random fields,
real and impossible ids), pressed by a stranger, a participant, a mentor who is no part of the
mentorship, and a coordinator. For every press: it is answered, no update fails, nothing shows
the generic error, every request passes the Bot API checks; and for everyone but the
coordinator, nobody else's rows change.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from aiogram.filters.callback_data import CallbackData
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import keyboards.callbacks as cb
from tests.fuzz_support import ERROR_TEXTS, check_screens, failed_updates, run_in_thread
from tests.harness import Harness, TgUser, rows
from tests.test_fuzz_text import fast
from tests.test_mentoring import matched
from tests.test_mentorship import C1, approved_mentor

PREFIXES = sorted({c.__prefix__ for c in vars(cb).values() if isinstance(c, type)
                   and issubclass(c, CallbackData) and c is not CallbackData})
STRANGER = TgUser(8700, language_code="en")
PARTICIPANT = TgUser(8701, language_code="ru")
OTHER_MENTOR_ID = 8702

# rows that a press by someone else must never change: (table, the column naming its owner)
OTHERS_ROWS = [
    ("users", "id"), ("user_roles", "user_id"), ("user_interests", "user_id"),
    ("enrollments", "user_id"), ("lesson_progress", "user_id"), ("certificates", None),
    ("mentors", "user_id"), ("mentor_requests", "user_id"), ("mentor_offers", None),
    ("mentorships", None), ("meetings", None), ("meeting_feedback", "user_id"),
    ("mentorship_feedback", "user_id"), ("mentorship_reports", None), ("mentorship_checkins",
                                                                      "user_id"),
    ("relayed_messages", None), ("broadcasts", None), ("questions", "user_id"),
    ("jobs", None), ("job_alerts", "user_id"), ("saved_jobs", "user_id"), ("courses", None),
    ("session_changes", None),
]
VOLATILE = {"last_seen_at", "updated_at"}


def each_action() -> list[str]:
    """Every action of every class whose first field is an enum, with hostile fields after it."""
    out = []
    for c in vars(cb).values():
        if not (isinstance(c, type) and issubclass(c, CallbackData)) or c is CallbackData:
            continue
        first = next(iter(c.model_fields.values()), None)
        kind = first.annotation if first else None
        if isinstance(kind, type) and issubclass(kind, StrEnum):
            for action in kind:
                head = f"{c.__prefix__}:{action.value}"
                out += [head, f"{head}:99999999999999999999:٣"]
                out += [":".join([head, "²", *["0"] * k, ""]) for k in range(3)]
    return out


async def others_rows(h: Harness, presser: int) -> dict[str, list[tuple[object, ...]]]:
    snapshot = {}
    for table, owner in OTHERS_ROWS:
        async with h.app.db.read() as tx:
            cur = await tx.conn.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cur.description]
            found = await cur.fetchall()
        keep = [i for i, n in enumerate(names) if n not in VOLATILE]
        owner_at = names.index(owner) if owner else None
        snapshot[table] = sorted(
            (tuple(r[i] for i in keep) for r in found
             if owner_at is None or r[owner_at] != presser), key=repr)
    return snapshot


ids = st.one_of(st.sampled_from(["1", "2", "3", "101", "102", "8001", "8300", "8301", "0",
                                 "-1", "2305843009213693952", "99999999999999999999"]),
                st.integers(-5, 10**6).map(str))
field = st.one_of(ids, st.sampled_from(["a", "d", "e", "E", "r", "R", "x", "o", "m", "h", "?",
                                        "", "web", "en", "tg", "done", "yes", "abroad",
                                        "TJ-SU", "202609011030", "20260901", "14g", "²",
                                        "<b>", "Europe/Berlin"]),
                  st.text(max_size=8).filter(lambda s: ":" not in s))
structured = st.builds(lambda p, fs: ":".join([p, *fs]), st.sampled_from(PREFIXES),
                       st.lists(field, max_size=5))
arbitrary = st.text(min_size=1, max_size=64)
callback_data = st.one_of(structured, structured, arbitrary).filter(
    lambda s: 1 <= len(s.encode()) <= 64)


async def world(make_harness: Any) -> tuple[Harness, list[TgUser], TgUser]:
    h, _, mentee, _ = await matched(fast(make_harness))
    other_mentor = await approved_mentor(h, OTHER_MENTOR_ID, name="Other")
    await h.onboard(PARTICIPANT, "ru", name="Малика")
    await h.press(PARTICIPANT, "c1:e:102", message_id=1)
    await h.app.services.questions.ask(mentee.id, "Where is the next meetup?")
    return h, [STRANGER, PARTICIPANT, other_mentor], TgUser(C1.id, language_code="en")


async def test_any_button_data_from_anyone_is_answered_and_changes_no_one_elses_rows(
        make_harness: Any) -> None:
    h, outsiders, coordinator = await world(make_harness)
    everyone = [*outsiders, coordinator]

    async def example(who: int, data: str) -> None:
        u = everyone[who]
        before = len(h.session.requests)
        snapshot = await others_rows(h, u.id) if u in outsiders else None
        await h.press(u, data, message_id=1)
        new = h.session.requests[before:]
        assert await failed_updates(h) == [], data
        answers = [r for r in new if r.method == "answerCallbackQuery"]
        assert answers, f"{data!r} by {u.id} was not answered"
        assert not {r.params.get("text") for r in answers} & ERROR_TEXTS, data
        check_screens(new)
        if snapshot is not None:
            assert await others_rows(h, u.id) == snapshot, f"{data!r} by {u.id}"
        await h.app.dp.fsm.get_context(h.app.bot, u.id, u.id).clear()

    @settings(max_examples=10, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(who=st.integers(0, len(everyone) - 1), data=callback_data)
    def body(on_loop: Any, who: int, data: str) -> None:
        on_loop(example(who, data))

    await run_in_thread(lambda on_loop: body(on_loop))
    # every prefix with every field left out, pressed by everyone
    for data in [*each_action(), *(f"{p}:" for p in PREFIXES)]:
        for who in (1,):  # the participant (the coordinator is in the examples above)
            await example(who, data)
    assert (await rows(h.app.db, "PRAGMA integrity_check")) == [("ok",)]
    h.assert_all_requests_valid()
