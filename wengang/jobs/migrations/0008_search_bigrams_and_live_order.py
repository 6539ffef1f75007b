"""The job search at 100,000 posts (issue 11): an index for every term of two characters or more,
and the public order as an index.

PostgreSQL: a stored generated column ``search_bigrams`` — the tsvector of every two-character
sequence of title and description (Chinese needs no word segmentation for that) — with a GIN
index. A term is found through its bigrams (all of them, ANDed) and then checked as a substring,
so two-character terms (“物流”, “司机”) use the index too; the pg_trgm indexes of 0004 needed three
characters and are dropped (nothing else reads them). The column is maintained by PostgreSQL on
every write, including bulk creates and ``update()``; Django does not know it.

Both databases: ``jobpost_live_order``, published posts in the public order (急聘 first, newest
first), which the search walks tier by tier instead of sorting every match.
"""

from django.db import migrations, models

BIGRAMS_FUNCTION = r"""
CREATE FUNCTION jobs_bigrams(body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_to_tsvector(ARRAY(
        SELECT DISTINCT substr(body, i, 2) FROM generate_series(1, length(body) - 1) AS i
    ))
$$
"""
POSTGRES_CREATE = [
    BIGRAMS_FUNCTION,
    "ALTER TABLE jobs_jobpost ADD COLUMN search_bigrams tsvector"
    " GENERATED ALWAYS AS (jobs_bigrams(title || E'\\n' || description)) STORED",
    "CREATE INDEX jobpost_search_bigrams ON jobs_jobpost USING gin (search_bigrams)",
    "DROP INDEX IF EXISTS jobpost_title_trgm",
    "DROP INDEX IF EXISTS jobpost_description_trgm",
]
POSTGRES_DROP = [
    "CREATE INDEX IF NOT EXISTS jobpost_title_trgm ON jobs_jobpost USING gin (title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS jobpost_description_trgm ON jobs_jobpost USING gin (description gin_trgm_ops)",
    "DROP INDEX IF EXISTS jobpost_search_bigrams",
    "ALTER TABLE jobs_jobpost DROP COLUMN IF EXISTS search_bigrams",
    "DROP FUNCTION IF EXISTS jobs_bigrams(text)",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_CREATE:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0007_api_tokens_moved_to_api")]

    operations = [
        migrations.RunPython(create, drop),
        migrations.AddIndex(
            model_name="jobpost",
            index=models.Index(
                models.OrderBy(models.F("urgent"), descending=True),
                models.OrderBy(models.F("published_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "published")),
                name="jobpost_live_order",
            ),
        ),
    ]
