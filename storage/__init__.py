"""SQLite storage: the one Database, migrations and one repository per aggregate."""

from storage.database import Database, Tx

__all__ = ["Database", "Tx"]
