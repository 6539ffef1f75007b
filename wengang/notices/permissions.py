"""Who may publish 复工返岗指引: the public employment service's reviewers and administrators."""

from __future__ import annotations

import datetime as dt

from wengang.accounts.models import User
from wengang.accounts.permissions import is_admin, is_reviewer

from .models import Notice

PUBLISHING_DEPARTMENT = "public-service"


def can_publish(user: User) -> bool:
    return (is_reviewer(user) and user.department is not None and user.department.code == PUBLISHING_DEPARTMENT) or (
        is_admin(user)
    )


def can_read(user: User, notice: Notice, on: dt.date) -> bool:
    """Everyone reads a current notice; publishers read any."""
    return notice.is_current(on) or can_publish(user)
