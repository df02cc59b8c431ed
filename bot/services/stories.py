"""Stories: browsing the published ones, the opt-in subscription, and the weekly push.

The push: the newest published story not queued before goes to every subscriber through the
outbox, at most one story per calendar week, due at 10:00 her local time on its publication
day (or, if that has passed, the next daylight moment between 10:00 and 20:00 of her zone).
Each is queued once per story and person (dedup key `story:<id>:<user>`), and the run is
recorded in `story_runs`, so a restart never sends one twice.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from bot.clock import Clock, from_db, to_db
from bot.community.stories import STORIES_DIR, Story
from bot.delivery.outbox import Notification, Outbox
from bot.delivery.timezones import zone
from storage import Database

PAGE_SIZE = 5
MORNING, EVENING = time(10, 0), time(20, 0)
KIND = "story"


def delivery_time(now: datetime, published: date, tz_name: str | None,
                  default_tz: str) -> datetime:
    """10:00 her time on the publication day; if past, now if it is daylight, else the next
    10:00."""
    tz = zone(tz_name, default_tz)
    target = datetime.combine(published, MORNING, tzinfo=tz)
    if target >= now:
        return target
    local = now.astimezone(tz)
    if MORNING <= local.time() < EVENING:
        return now
    day = local.date() if local.time() < MORNING else local.date() + timedelta(days=1)
    return datetime.combine(day, MORNING, tzinfo=tz)


class StoryService:
    def __init__(self, db: Database, clock: Clock, outbox: Outbox, stories: list[Story], *,
                 default_timezone: str, directory: Path = STORIES_DIR) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.stories = stories  # newest first
        self.default_timezone = default_timezone
        self.directory = directory

    def _today(self) -> date:
        return self.clock.now().astimezone(zone(None, self.default_timezone)).date()

    def published(self) -> list[Story]:
        today = self._today()
        return [s for s in self.stories if s.published <= today]

    def page(self, page: int) -> tuple[list[Story], int, int]:
        found = self.published()
        pages = max(1, -(-len(found) // PAGE_SIZE))
        page = min(max(page, 0), pages - 1)
        return found[page * PAGE_SIZE:(page + 1) * PAGE_SIZE], page, pages

    def get(self, story_id: str) -> Story | None:
        return next((s for s in self.published() if s.id == story_id), None)

    def any(self, story_id: str) -> Story | None:
        """Published or not (a push queued for it is delivered even if the file moved on)."""
        return next((s for s in self.stories if s.id == story_id), None)

    def photo(self, story: Story) -> bytes | None:
        return (self.directory / story.photo).read_bytes() if story.photo else None

    async def subscribed(self, user_id: int) -> bool:
        async with self.db.read() as tx:
            return await tx.stories.subscribed(user_id)

    async def subscribe(self, user_id: int, on: bool) -> bool:
        async with self.db.transaction() as tx:
            if await tx.users.get(user_id) is None:
                return False
            await tx.stories.subscribe(user_id, on, to_db(self.clock.now()))
            if not on:  # a story queued for her and not sent yet stays unsent
                for story in self.stories:
                    await self.outbox.cancel(tx, f"story:{story.id}:{user_id}")
        return True

    async def publish_due(self, now: datetime | None = None) -> int:
        """The weekly push; the number of subscribers it was queued for."""
        now = now or self.clock.now()
        tz = zone(None, self.default_timezone)
        week = now.astimezone(tz).isocalendar()[:2]
        today = now.astimezone(tz).date()
        candidates = [s for s in self.stories if s.published <= today]
        async with self.db.transaction() as tx:
            runs = await tx.stories.runs()
            if any(from_db(at).astimezone(tz).isocalendar()[:2] == week for at in runs.values()):
                return 0  # this week's story went out already
            story = next((s for s in candidates if s.id not in runs), None)
            if story is None:
                return 0
            subscribers = await tx.stories.subscribers()
            for user_id, tz_name in subscribers:
                due = delivery_time(now, story.published, tz_name, self.default_timezone)
                await self.outbox.enqueue(tx, Notification(
                    user_id=user_id, kind=KIND, template="story-push", args={"story": story.id},
                    due_at=due, expires_at=due + timedelta(days=7), priority=8,
                    dedup_key=f"story:{story.id}:{user_id}"))
            await tx.stories.add_run(story.id, to_db(now), len(subscribers))
        return len(subscribers)
