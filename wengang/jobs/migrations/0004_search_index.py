"""The full-text index of job posts (title and description).

PostgreSQL: the pg_trgm extension and GIN trigram indexes on both columns (``LIKE '%词%'`` and
``similarity`` are served by them). SQLite: an FTS5 table with the trigram tokenizer (suits
Chinese: no word segmentation), external content on jobs_jobpost, kept in sync by triggers.
Each half does nothing on the other database.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    GinIndex(fields=["title"], name="jobpost_title_trgm", opclasses=["gin_trgm_ops"]),
    GinIndex(fields=["description"], name="jobpost_description_trgm", opclasses=["gin_trgm_ops"]),
]

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE jobs_jobpost_fts USING fts5(
        title, description, content='jobs_jobpost', content_rowid='id', tokenize='trigram')""",
    """CREATE TRIGGER jobs_jobpost_fts_insert AFTER INSERT ON jobs_jobpost BEGIN
        INSERT INTO jobs_jobpost_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
    END""",
    """CREATE TRIGGER jobs_jobpost_fts_delete AFTER DELETE ON jobs_jobpost BEGIN
        INSERT INTO jobs_jobpost_fts(jobs_jobpost_fts, rowid, title, description)
        VALUES ('delete', old.id, old.title, old.description);
    END""",
    """CREATE TRIGGER jobs_jobpost_fts_update AFTER UPDATE OF title, description ON jobs_jobpost BEGIN
        INSERT INTO jobs_jobpost_fts(jobs_jobpost_fts, rowid, title, description)
        VALUES ('delete', old.id, old.title, old.description);
        INSERT INTO jobs_jobpost_fts(rowid, title, description) VALUES (new.id, new.title, new.description);
    END""",
    "INSERT INTO jobs_jobpost_fts(jobs_jobpost_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS jobs_jobpost_fts_insert",
    "DROP TRIGGER IF EXISTS jobs_jobpost_fts_delete",
    "DROP TRIGGER IF EXISTS jobs_jobpost_fts_update",
    "DROP TABLE IF EXISTS jobs_jobpost_fts",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        model = apps.get_model("jobs", "JobPost")
        for index in INDEXES:
            schema_editor.add_index(model, index)
    elif vendor == "sqlite":
        for sql in SQLITE_CREATE:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        model = apps.get_model("jobs", "JobPost")
        for index in INDEXES:
            schema_editor.remove_index(model, index)
    elif vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0003_seed_wording_rules")]
    operations = [TrigramExtension(), migrations.RunPython(create, drop)]
