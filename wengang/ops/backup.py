"""Backups: the database (``pg_dump -Fc``, or SQLite's backup API) plus the uploaded files, with a
manifest of every table's row count and every file's SHA-256 that a restore is checked against."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.db import connection

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Chinese."""


def file_hashes(root: Path) -> dict[str, str]:
    """``{relative path: sha256}`` of every file under ``root``."""
    hashes: dict[str, str] = {}
    if not root.exists():
        return hashes
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        hashes[path.relative_to(root).as_posix()] = digest.hexdigest()
    return hashes


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 执行失败：{done.stderr.strip()[:500]}")


@contextmanager
def _raw(url: str) -> Iterator[Any]:
    """A DB-API connection to ``postgres://…`` or ``sqlite:///path``, outside Django."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        conn: Any = sqlite3.connect(parsed.path)
    else:
        import psycopg

        conn = psycopg.connect(
            host=parsed.hostname,
            port=parsed.port or 5432,
            user=unquote(parsed.username or "postgres"),
            password=unquote(parsed.password or "") or None,
            dbname=unquote(parsed.path.lstrip("/")),
        )
    try:
        yield conn
    finally:
        conn.close()


def table_counts_at(url: str, tables: list[str]) -> dict[str, int]:
    with _raw(url) as conn:
        cur = conn.cursor()
        counts = {}
        for table in tables:
            cur.execute(f'SELECT COUNT(*) FROM "{table}"')  # names from the manifest / introspection
            counts[table] = int(cur.fetchone()[0])
        return counts


def tables_at(url: str) -> list[str]:
    parsed = urlparse(url)
    with _raw(url) as conn:
        cur = conn.cursor()
        if parsed.scheme == "sqlite":
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        else:
            cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return sorted(row[0] for row in cur.fetchall())


def backup_create(*, into: Path, media_root: Path) -> dict[str, Any]:
    """Write ``db.dump`` (or ``db.sqlite3``), ``media.tar.gz`` and ``manifest.json`` into ``into``."""
    into.mkdir(parents=True, exist_ok=False)
    settings_dict = connection.settings_dict
    tables = sorted(connection.introspection.table_names())
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = int(cursor.fetchone()[0])
    if connection.vendor == "postgresql":
        database = "db.dump"
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(into / database), settings_dict["NAME"]],
            _pg_env(settings_dict),
        )
    elif connection.vendor == "sqlite":
        database = "db.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(into / database)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:  # pragma: no cover
        raise BackupError(f"不支持的数据库：{connection.vendor}")
    files = file_hashes(media_root)
    with tarfile.open(into / MEDIA_ARCHIVE, "w:gz") as tar:
        for name in files:
            tar.add(media_root / name, arcname=name)
    manifest = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "vendor": connection.vendor,
        "database": database,
        "tables": counts,
        "files": files,
    }
    (into / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def backup_restore(*, source: Path, database_url: str, media_root: Path) -> dict[str, Any]:
    """Restore ``source`` into the empty database at ``database_url`` and the empty ``media_root``,
    then compare every table's row count and every file's hash with the manifest.

    Returns ``{"tables": n, "rows": n, "files": n, "differences": [...]}``; an empty list of
    differences means the restore is faithful.
    """
    manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    parsed = urlparse(database_url)
    from_postgres = manifest["vendor"] == "postgresql"
    if from_postgres and parsed.scheme not in ("postgres", "postgresql"):
        raise BackupError("该备份来自 PostgreSQL，只能恢复到 PostgreSQL")
    if not from_postgres and parsed.scheme != "sqlite":
        raise BackupError("该备份来自 SQLite，只能恢复到 SQLite")
    fresh = parsed.scheme == "sqlite" and not Path(parsed.path).exists()
    if not fresh and tables_at(database_url):
        raise BackupError("目标数据库不是空库：请恢复到新建的空数据库")
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"上传文件目录 {media_root} 不是空的：请恢复到空目录")
    if from_postgres:
        env = _pg_env({"HOST": parsed.hostname, "PORT": parsed.port, "USER": unquote(parsed.username or ""),
                       "PASSWORD": unquote(parsed.password or "")})
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--dbname",
              unquote(parsed.path.lstrip("/")), str(source / manifest["database"])], env)
    else:
        src = sqlite3.connect(source / manifest["database"])
        dst = sqlite3.connect(parsed.path)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA_ARCHIVE, "r:gz") as tar:
        tar.extractall(media_root, filter="data")
    expected_counts: dict[str, int] = manifest["tables"]
    counts = table_counts_at(database_url, sorted(expected_counts))
    files = file_hashes(media_root)
    differences = [
        f"表 {table}：备份 {n} 行，恢复后 {counts.get(table)} 行"
        for table, n in expected_counts.items()
        if counts.get(table) != n
    ]
    differences += [f"文件 {name} 缺失或内容不同" for name, h in manifest["files"].items() if files.get(name) != h]
    differences += [f"多出文件 {name}" for name in files if name not in manifest["files"]]
    return {
        "tables": len(counts),
        "rows": sum(counts.values()),
        "files": len(files),
        "differences": differences,
    }
