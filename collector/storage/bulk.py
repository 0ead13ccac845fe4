"""Bulk writes of the laptop's store."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table


def insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Rows of the same keys into `table`: one prepared statement the driver runs over
    them all (SQLAlchemy's executemany builds each row's parameters in Python, a third of
    the store's own part of a bulk save)."""
    if not rows:
        return
    names = list(rows[0])
    columns = ", ".join(table.c[name].name for name in names)
    sql = f"INSERT INTO {table.name} ({columns}) VALUES ({', '.join('?' for _ in names)})"
    conn.exec_driver_sql(sql, [tuple(row[name] for name in names) for row in rows])
