"""Flow-test harness: the real Dispatcher, a recording bot, a temporary SQLite file, real
Update objects fed through the durable update runner."""

from __future__ import annotations

import functools
import itertools
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import Update

from bot.app import App, build_app, shutdown
from bot.clock import ManualClock
from bot.i18n import Locales
from bot.settings import Settings
from storage import Database
from tests.course_fixtures import write_courses
from tests.recording import BOT_ID, Recorded, RecordingSession

TOKEN = f"{BOT_ID}:AAHfakeTokenForTests_abcdefghijklmnopq"


@functools.cache
def shared_locales() -> Locales:
    """Parsed once per test run: the files do not change while tests run."""
    return Locales()


async def rows(db: Database, sql: str, *args: object) -> list[tuple[object, ...]]:
    """What a query over the test's database answers, as plain tuples."""
    async with db.read() as tx:
        cur = await tx.conn.execute(sql, args)
        return [tuple(r) for r in await cur.fetchall()]


@dataclass(frozen=True)
class TgUser:
    id: int
    first_name: str = "Dilnoza"
    language_code: str | None = "ru"
    username: str | None = None

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            d["language_code"] = self.language_code
        if self.username:
            d["username"] = self.username
        return d


def make_settings(db_path: Path, **overrides: Any) -> Settings:
    # Telegram's pace scaled up ten times, so flow tests run fast but still paced
    values: dict[str, Any] = {"bot_token": TOKEN, "database_path": db_path,
                              "default_language": "tg", "log_level": "DEBUG",
                              "send_rate": 250.0, "chat_rate": 10.0,
                              "retry_backoff_seconds": 0.01}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


class Harness:
    _ids = itertools.count(1000)

    def __init__(self, app: App, session: RecordingSession, clock: ManualClock,
                 registry: list[Harness]) -> None:
        self.registry = registry
        registry.append(self)
        self.app = app
        self.session = session
        self.clock = clock
        self._message_ids = itertools.count(1)
        self.presses = 0
        self.courses_dir: Path | None = None

    # --- building updates ----------------------------------------------------------
    def next_update_id(self) -> int:
        return next(self._ids)

    def message_update(self, user: TgUser, text: str | None,
                       update_id: int | None = None, **content: Any) -> Update:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()),
            "chat": {"id": user.id, "type": "private", "first_name": user.first_name},
            "from": user.as_dict(), **content,
        }
        if text is not None:
            message["text"] = text
        if text and text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return Update.model_validate(
            {"update_id": update_id or self.next_update_id(), "message": message},
            context={"bot": self.app.bot},
        )

    def callback_update(self, user: TgUser, data: str, message_id: int | None = None,
                        update_id: int | None = None) -> Update:
        if message_id is None:
            message_id = self.message_with_button(user.id, data)
        stored = self.session.messages.get((user.id, message_id)) or {
            "message_id": message_id, "date": int(time.time()),
            "chat": {"id": user.id, "type": "private"}, "text": "…",
        }
        return Update.model_validate(
            {"update_id": update_id or self.next_update_id(),
             "callback_query": {"id": str(self.next_update_id()), "from": user.as_dict(),
                                "chat_instance": "ci", "data": data, "message": stored}},
            context={"bot": self.app.bot},
        )

    def message_with_button(self, chat_id: int, data: str) -> int:
        """The newest message in her chat that shows a button with this data."""
        for (chat, mid), msg in sorted(self.session.messages.items(), reverse=True):
            if chat != chat_id:
                continue
            for row in (msg.get("reply_markup") or {}).get("inline_keyboard", []):
                if any(b.get("callback_data") == data for b in row):
                    return mid
        raise AssertionError(f"no message in chat {chat_id} shows a button {data!r}")

    # --- acting like a user ------------------------------------------------------------
    async def feed(self, *updates: Update) -> None:
        await self.app.runner.receive(list(updates))
        assert await self.app.runner.wait_idle(10), "updates did not finish"

    async def send(self, user: TgUser, text: str) -> Update:
        update = self.message_update(user, text)
        await self.feed(update)
        return update

    async def send_sticker(self, user: TgUser) -> Update:
        update = self.message_update(user, None, sticker={
            "file_id": "CAACAgIAAxkBAAE", "file_unique_id": "AgADAQAD", "type": "regular",
            "width": 512, "height": 512, "is_animated": False, "is_video": False})
        await self.feed(update)
        return update

    async def press(self, user: TgUser, data: CallbackData | str,
                    message_id: int | None = None) -> Update:
        packed = data.pack() if isinstance(data, CallbackData) else data
        update = self.callback_update(user, packed, message_id)
        self.presses += 1
        await self.feed(update)
        return update

    async def step(self, user: TgUser, step: str, value: str) -> Update:
        """Press the button of an onboarding step."""
        return await self.press(user, f"ob:{step}:{value}")

    async def onboard(self, user: TgUser, lang: str = "ru", *, name: str = "Малика",
                      age: str = "18-24", region: str = "TJ-SU", city: str = "khujand",
                      status: str = "university", interests: tuple[str, ...] = ("web",),
                      level: str = "beginner", goal: str = "learn") -> None:
        """The whole onboarding, as a user would tap and type it."""
        await self.send(user, "/start")
        await self.press(user, f"lg:{lang}")
        await self.step(user, "consent", "yes")
        await self.send(user, name)
        await self.step(user, "age", age)
        if age in ("13-15", "16-17"):
            await self.step(user, "guardian", "yes")
        await self.step(user, "region", region)
        if region == "abroad":
            await self.send(user, city)
        elif region != "TJ-DU":
            await self.step(user, "city", city)
        await self.step(user, "status", status)
        for topic in interests:
            await self.step(user, "interests", topic)
        await self.step(user, "interests", "done")
        await self.step(user, "level", level)
        await self.step(user, "goal", goal)

    # --- what the user saw ---------------------------------------------------------
    def to(self, user: TgUser, method: str | None = None) -> list[Recorded]:
        return self.session.to_chat(user.id, method)

    def screens(self, user: TgUser) -> list[Recorded]:
        """Messages sent or edited for her, in order."""
        return [r for r in self.to(user) if r.method in ("sendMessage", "editMessageText")]

    def last_screen(self, user: TgUser) -> Recorded:
        screens = self.screens(user)
        assert screens, f"nothing was shown to {user.id}"
        return screens[-1]

    def answers(self, user: TgUser) -> list[Recorded]:
        return [r for r in self.session.requests
                if r.method == "answerCallbackQuery"]

    async def press_forged(self, user: TgUser, datas: list[str], error_text: str) -> None:
        """Press each (forged or stale) button: every one gets an answer, none an error."""
        for data in datas:
            before = len(self.session.requests)
            await self.press(user, data, message_id=1)
            answered = [r for r in self.session.requests[before:]
                        if r.method in ("answerCallbackQuery", "sendMessage", "editMessageText")]
            assert answered, data
            assert error_text not in [r.params.get("text") for r in answered], data

    def assert_all_requests_valid(self) -> None:
        bad = self.session.invalid()
        assert not bad, "\n".join(f"{r.method}: {r.problems}" for r in bad)

    async def restart(self) -> Harness:
        """A new process on the same database: new Dispatcher, new bot, same file."""
        await shutdown(self.app)
        return await start_harness(
            self.app.settings, self.registry, self.clock, self.session.successor(),
            self.courses_dir,
        )


async def start_harness(settings: Settings, registry: list[Harness],
                        clock: ManualClock | None = None,
                        session: RecordingSession | None = None,
                        courses_dir: Path | None = None) -> Harness:
    session = session or RecordingSession()
    clock = clock or ManualClock()
    courses_dir = courses_dir or write_courses(settings.database_path.parent / "courses")
    app = await build_app(settings, session=session, clock=clock, courses_dir=courses_dir,
                          locales=shared_locales())
    await app.runner.replay_pending()
    await app.runner.wait_idle(10)
    # flow tests send one update after another as fast as the bot answers, which is now
    # faster than thirty a second: the flood notice is tested on its own (test_operations)
    app.runner.flood_limit = 10**6
    harness = Harness(app, session, clock, registry)
    harness.courses_dir = courses_dir
    return harness
