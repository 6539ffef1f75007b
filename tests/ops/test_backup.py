"""make backup / make restore: a restore into a fresh database matches the backup row for row and file for file."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import uscc
from wengang.ops.backup import BackupError, backup_restore, table_counts_at
from wengang.registry.models import Organisation, Street


@pytest.fixture
def fresh_database_url(tmp_path: Path) -> Iterator[str]:
    """An empty database beside the test database (PostgreSQL), or a new SQLite file."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    s = connection.settings_dict
    name = f"{s['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    params = {"host": s["HOST"] or None, "port": s["PORT"] or None, "user": s["USER"] or None, "dbname": "postgres"}
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
    finally:
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(
    tmp_path: Path, settings, fresh_database_url: str, capsys
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    street = Street.objects.get_or_create(name="望京", defaults={"kind": "street"})[0]
    for n in range(1, 4):
        Organisation.objects.create(uscc=uscc(900 + n), name=f"北京备份{n}有限公司", street=street)
    default_storage.save("materials/2020/05/营业执照.pdf", ContentFile(b"%PDF-1.4 licence"))
    default_storage.save("placements/2020/06/proof.pdf", ContentFile(b"%PDF-1.4 proof" * 1000))

    call_command("backup", "--into", str(tmp_path / "backup"))
    assert "个上传文件" in capsys.readouterr().out
    organisations = Organisation.objects.count()

    call_command(
        "restore", str(tmp_path / "backup"), "--database-url", fresh_database_url,
        "--media-root", str(tmp_path / "restored-media"),
    )
    assert "与备份一致" in capsys.readouterr().out
    assert table_counts_at(fresh_database_url, ["registry_organisation"]) == {"registry_organisation": organisations}
    assert (tmp_path / "restored-media/materials/2020/05/营业执照.pdf").read_bytes() == b"%PDF-1.4 licence"
    assert len((tmp_path / "restored-media/placements/2020/06/proof.pdf").read_bytes()) == 14000


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_refuses_a_database_that_is_not_empty(tmp_path: Path, settings, fresh_database_url: str) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", "--into", str(tmp_path / "backup"))
    call_command("restore", str(tmp_path / "backup"), "--database-url", fresh_database_url,
                 "--media-root", str(tmp_path / "first"))
    with pytest.raises(CommandError, match="目标数据库不是空库"):
        call_command("restore", str(tmp_path / "backup"), "--database-url", fresh_database_url,
                     "--media-root", str(tmp_path / "second"))


def test_a_restore_that_differs_from_the_manifest_is_reported(tmp_path: Path) -> None:
    import json
    import sqlite3
    import tarfile

    backup = tmp_path / "backup"
    backup.mkdir()
    db = sqlite3.connect(backup / "db.sqlite3")
    db.execute("CREATE TABLE t (id integer)")
    db.execute("INSERT INTO t VALUES (1)")
    db.commit()
    db.close()
    (tmp_path / "a.txt").write_text("changed")
    with tarfile.open(backup / "media.tar.gz", "w:gz") as tar:
        tar.add(tmp_path / "a.txt", arcname="a.txt")
    manifest = {"vendor": "sqlite", "database": "db.sqlite3", "tables": {"t": 2}, "files": {"a.txt": "0" * 64}}
    (backup / "manifest.json").write_text(json.dumps(manifest))
    result = backup_restore(
        source=backup, database_url=f"sqlite:///{tmp_path / 'r.sqlite3'}", media_root=tmp_path / "m"
    )
    assert result["differences"] == ["表 t：备份 2 行，恢复后 1 行", "文件 a.txt 缺失或内容不同"]


def test_a_backup_from_one_database_kind_is_not_restored_into_the_other(tmp_path: Path) -> None:
    import json

    (tmp_path / "manifest.json").write_text(json.dumps({"vendor": "sqlite", "database": "db.sqlite3"}))
    with pytest.raises(BackupError, match="该备份来自 SQLite，只能恢复到 SQLite"):
        backup_restore(source=tmp_path, database_url="postgres://postgres@127.0.0.1:9/none", media_root=tmp_path / "m")
