"""aiogram FSM storage in SQLite, so dialogs survive restarts."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)

from bot.clock import Clock, to_db
from storage.database import Database


class SQLiteStorage(BaseStorage):
    def __init__(self, db: Database, clock: Clock, key_builder: KeyBuilder | None = None) -> None:
        self.db = db
        self.clock = clock
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    def _key(self, key: StorageKey) -> str:
        return self.key_builder.build(key)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self.db.transaction() as tx:
            await tx.fsm.set_state(self._key(key), key.user_id, value, to_db(self.clock.now()))

    async def get_state(self, key: StorageKey) -> str | None:
        async with self.db.read() as tx:
            row = await tx.fsm.get(self._key(key))
        return row[0] if row else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        payload = json.dumps(dict(data), ensure_ascii=False, sort_keys=True)
        async with self.db.transaction() as tx:
            await tx.fsm.set_data(self._key(key), key.user_id, payload, to_db(self.clock.now()))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self.db.read() as tx:
            row = await tx.fsm.get(self._key(key))
        return dict(json.loads(row[1])) if row else {}

    async def close(self) -> None:
        """The Database is closed by its owner."""
