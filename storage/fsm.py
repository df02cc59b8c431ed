"""aiogram FSM storage in SQLite, so dialogs survive restarts.

While one update is handled (inside `remembering_dialogs()`), a dialog row is read from the
table once: aiogram reads the state for every update and handlers read the data again and
again, and each read is a round trip to the database thread. Writes go to the table at once,
as before, and what they wrote is what later reads in the same update see.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
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
from storage.fsm_rows import Row, remembered

EMPTY = "{}"


@contextmanager
def remembering_dialogs() -> Iterator[None]:
    """Dialog rows read inside this block are remembered until it ends (one update)."""
    token = remembered.set({})
    try:
        yield
    finally:
        remembered.reset(token)


class SQLiteStorage(BaseStorage):
    def __init__(self, db: Database, clock: Clock, key_builder: KeyBuilder | None = None) -> None:
        self.db = db
        self.clock = clock
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    def _key(self, key: StorageKey) -> str:
        return self.key_builder.build(key)

    async def _row(self, name: str) -> Row | None:
        rows = remembered.get()
        if rows is not None and name in rows:
            return rows[name]
        async with self.db.read() as tx:
            row = await tx.fsm.get(name)
        if rows is not None:
            rows[name] = row
        return row

    @staticmethod
    def _wrote(name: str, change: Callable[[Row], Row]) -> None:
        """After a committed write: the row as the table now has it (an empty one is gone)."""
        rows = remembered.get()
        if rows is None:
            return
        if name not in rows:
            return  # not read in this update: the next read asks the table
        new = change(rows[name] or (None, EMPTY))
        rows[name] = None if new[0] is None and new[1] == EMPTY else new

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        name = self._key(key)
        async with self.db.transaction() as tx:
            await tx.fsm.set_state(name, key.user_id, value, to_db(self.clock.now()))
        self._wrote(name, lambda old: (value, old[1]))

    async def get_state(self, key: StorageKey) -> str | None:
        row = await self._row(self._key(key))
        return row[0] if row else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        payload = json.dumps(dict(data), ensure_ascii=False, sort_keys=True)
        name = self._key(key)
        async with self.db.transaction() as tx:
            await tx.fsm.set_data(name, key.user_id, payload, to_db(self.clock.now()))
        self._wrote(name, lambda old: (old[0], payload))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        row = await self._row(self._key(key))
        return dict(json.loads(row[1])) if row else {}

    async def close(self) -> None:
        """The Database is closed by its owner."""
