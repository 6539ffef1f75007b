"""Accounts: one user model for applicants and bureau staff, with a role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ENTERPRISE = "enterprise", "用人单位"
    AGENCY = "agency", "经营性人力资源服务机构"
    INDIVIDUAL = "individual", "个人"
    STREET = "street", "街乡工作人员"
    REVIEWER = "reviewer", "区审核人员"
    MUNICIPAL = "municipal", "市审核小组成员"
    ADMIN = "admin", "系统管理员"


STAFF_ROLES = frozenset({Role.STREET, Role.REVIEWER, Role.MUNICIPAL, Role.ADMIN})


class User(AbstractUser):
    """A person who signs in. Applicants act for an organisation; staff belong to the bureau."""

    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.INDIVIDUAL)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    @property
    def is_bureau_staff(self) -> bool:
        return self.role in STAFF_ROLES
