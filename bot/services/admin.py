"""Coordinators' roles and the audit log.

Owners are the ADMIN_IDS of the settings; they grant and revoke the coordinator role from
the bot. Every check reads the database at the moment of use, so a revoked role stops
working on the next press, not at the next restart.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.clock import Clock, to_db
from bot.services.users import COORDINATOR
from storage import Database
from storage.models import UserRow


class Grant(StrEnum):
    ok = "ok"
    unknown_user = "unknown_user"  # she never opened the bot
    already = "already"
    owner = "owner"  # owners come from the settings and cannot be revoked here
    forbidden = "forbidden"


@dataclass(frozen=True)
class Coordinator:
    user_id: int
    name: str | None
    owner: bool


class AdminService:
    def __init__(self, db: Database, clock: Clock, owner_ids: Collection[int]) -> None:
        self.db = db
        self.clock = clock
        self.owner_ids = frozenset(owner_ids)

    def is_owner(self, user_id: int) -> bool:
        return user_id in self.owner_ids

    async def is_coordinator(self, user_id: int) -> bool:
        if user_id in self.owner_ids:
            return True
        async with self.db.read() as tx:
            return COORDINATOR in await tx.users.roles(user_id)

    async def audit(self, actor: int, action: str, target: str | None = None,
                    **detail: Any) -> None:
        async with self.db.transaction() as tx:
            await tx.audit.add(to_db(self.clock.now()), actor, action, target, detail or None)

    async def denied(self, actor: int, what: str) -> None:
        """Someone without the role tried a coordinator command or button."""
        await self.audit(actor, "denied", None, attempted=what[:64])

    async def coordinators(self) -> list[Coordinator]:
        async with self.db.read() as tx:
            ids = set(await tx.users.with_role(COORDINATOR)) | self.owner_ids
            found = []
            for uid in sorted(ids):
                row = await tx.users.get(uid)
                found.append(Coordinator(uid, row.name if row else None, uid in self.owner_ids))
        return found

    async def grant(self, owner: int, user_id: int) -> Grant:
        if owner not in self.owner_ids:
            return Grant.forbidden
        now = to_db(self.clock.now())
        async with self.db.transaction() as tx:
            user: UserRow | None = await tx.users.get(user_id)
            if user is None or user.language is None:
                return Grant.unknown_user
            if not await tx.users.add_role(user_id, COORDINATOR, now):
                return Grant.already
            await tx.audit.add(now, owner, "role.grant", f"user:{user_id}")
        return Grant.ok

    async def revoke(self, owner: int, user_id: int) -> Grant:
        if owner not in self.owner_ids:
            return Grant.forbidden
        if user_id in self.owner_ids:
            return Grant.owner
        now = to_db(self.clock.now())
        async with self.db.transaction() as tx:
            if COORDINATOR not in await tx.users.roles(user_id):
                return Grant.already
            await tx.users.remove_role(user_id, COORDINATOR)
            await tx.audit.add(now, owner, "role.revoke", f"user:{user_id}")
        return Grant.ok

    async def recent(self, limit: int = 20) -> list[tuple[str, int, str, str | None]]:
        async with self.db.read() as tx:
            return await tx.audit.entries(limit)
