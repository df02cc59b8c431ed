"""Who is writing to us: the user row, roles and the language she chose."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from bot.clock import Clock, to_db
from bot.delivery.timezones import QUIET_CHOICES, is_known_zone
from bot.settings import LANGUAGES
from storage import Database
from storage.models import UserRow

COORDINATOR = "coordinator"
PARTICIPANT = "participant"
MENTOR = "mentor"

# last_seen is refreshed at most this often, so a chatty user does not mean a write per update
SEEN_RESOLUTION = timedelta(minutes=5)
SIZE_FRESH = timedelta(minutes=1)  # how long the community size shown in /help is reused


class UserService:
    def __init__(self, db: Database, clock: Clock, admin_ids: Collection[int]) -> None:
        self.db = db
        self.clock = clock
        self.admin_ids = frozenset(admin_ids)
        self._size: tuple[datetime, int] | None = None  # (counted at, community size)

    async def get(self, user_id: int) -> UserRow | None:
        async with self.db.read() as tx:
            return await tx.users.get(user_id)

    async def on_update(self, user_id: int) -> UserRow | None:
        """Called for every update: loads her row; coordinators from ADMIN_IDS get theirs."""
        now = self.clock.now()
        async with self.db.read() as tx:
            user = await tx.users.get(user_id)
        is_admin = user_id in self.admin_ids
        needs_write = (
            (is_admin and (user is None or not user.has_role(COORDINATOR)))
            or (user is not None and (now - user.last_seen_at >= SEEN_RESOLUTION
                                      or not user.is_active))
        )
        if not needs_write:
            return user
        async with self.db.transaction() as tx:
            stamp = to_db(now)
            if is_admin:
                await tx.users.create(user_id, stamp)
                await tx.users.add_role(user_id, COORDINATOR, stamp)
            await tx.users.touch(user_id, stamp)
            return await tx.users.get(user_id)

    async def set_language(self, user_id: int, language: str) -> UserRow:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        async with self.db.transaction() as tx:
            stamp = to_db(self.clock.now())
            await tx.users.create(user_id, stamp)
            await tx.users.update_fields(user_id, language=language)
            user = await tx.users.get(user_id)
        assert user is not None
        return user

    async def mark_blocked(self, user_id: int) -> None:
        """Telegram said 403: she blocked the bot. Nothing is sent until she writes again."""
        async with self.db.transaction() as tx:
            await tx.users.mark_blocked(user_id, to_db(self.clock.now()))

    async def set_timezone(self, user_id: int, zone: str) -> UserRow | None:
        if not is_known_zone(zone):
            return None
        return await self._set(user_id, timezone=zone)

    async def set_quiet_hours(self, user_id: int, choice: int) -> UserRow | None:
        if not 0 <= choice < len(QUIET_CHOICES):
            return None
        return await self._set(user_id, quiet_hours=QUIET_CHOICES[choice])

    async def set_muted(self, user_id: int, muted: bool) -> UserRow | None:
        """Announcements off (only urgent broadcasts still come) or back on."""
        return await self._set(user_id, announcements_muted=int(muted))

    async def _set(self, user_id: int, **fields: object) -> UserRow | None:
        async with self.db.transaction() as tx:
            if await tx.users.get(user_id) is None:
                return None
            await tx.users.update_fields(user_id, **fields)
            return await tx.users.get(user_id)

    async def community_size(self) -> int:
        """Active users who chose a language: everyone the bot serves. Counted at most once a
        minute (at 100,000 users a count takes about 24 ms, and /help shows it)."""
        now = self.clock.now()
        if self._size is not None and now - self._size[0] < SIZE_FRESH:
            return self._size[1]
        async with self.db.read() as tx:
            size = await tx.users.count_active()
        self._size = (now, size)
        return size
