"""The job-post API's existing keys keep working after they move to the one token model."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wengang.api.services import token_for_key

BEFORE = [("jobs", "0006_history_into_case_events"), ("api", "0001_tokens_and_idempotency")]
AFTER = [("jobs", "0007_api_tokens_moved_to_api"), ("api", "0002_move_job_api_tokens")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the seeded streets and types come back
def test_old_keys_are_moved_with_their_scope():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Organisation = apps.get_model("registry", "Organisation")
    User = apps.get_model("accounts", "User")
    OldToken = apps.get_model("jobs", "ApiToken")
    firm = Organisation.objects.create(uscc="91110105000021HP7G", name="北京示例商贸有限公司")
    user = User.objects.create(username="wumei", role="enterprise", organisation=firm, is_active=True)
    OldToken.objects.create(user=user, name="物美招聘系统", key_hash=hashlib.sha256(b"old-key").hexdigest())

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    token = token_for_key("old-key")
    assert token is not None
    assert (token.name, token.role, token.organisation_id, token.user_id) == ("物美招聘系统", "enterprise", firm.pk, user.pk)
