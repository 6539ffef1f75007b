"""Load the demo data idempotently: run it twice and nothing is duplicated."""

from __future__ import annotations

import os
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_USERS = (
    # username, display name, role, is_staff, is_superuser
    ("admin", "系统管理员", "admin", True, True),
)


class Command(BaseCommand):
    help = "载入演示数据（可重复执行，不会重复创建）"

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("DEMO_PASSWORD", "wengang-demo-2020")
        user_model = get_user_model()
        lines = []
        for username, name, role, staff, superuser in DEMO_USERS:
            user, created = user_model.objects.get_or_create(
                username=username,
                defaults={"first_name": name, "role": role, "is_staff": staff, "is_superuser": superuser},
            )
            if created:
                user.set_password(password)
                user.save()
            lines.append(f"  {name:<8} 用户名 {username:<10} 密码 {password}{'' if created else '（已存在，未修改）'}")
        self.stdout.write("演示账号：")
        for line in lines:
            self.stdout.write(line)
