"""Bulk inserts, for the laptop's store and the county server's."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, insert


def insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Rows of the same keys into `table`, one statement for them all. On SQLite it is
    one prepared statement the driver runs over the rows: SQLAlchemy's executemany builds
    each row's parameters in Python, a third of the laptop store's own part of a bulk save
    and a fifth of the server's part of a push. Other databases go through SQLAlchemy
    (psycopg batches the rows itself)."""
    if not rows:
        return
    if conn.dialect.paramstyle != "qmark":
        conn.execute(insert(table), rows)
        return
    names = list(rows[0])
    columns = ", ".join(table.c[name].name for name in names)
    sql = f"INSERT INTO {table.name} ({columns}) VALUES ({', '.join('?' for _ in names)})"
    conn.exec_driver_sql(sql, [tuple(row[name] for name in names) for row in rows])
