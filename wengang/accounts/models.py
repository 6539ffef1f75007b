"""Accounts: one user model for applicants and bureau staff, with a role, and the bureau's departments."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from wengang.cases import fields


class Role(models.TextChoices):
    ENTERPRISE = "enterprise", "用人单位"
    AGENCY = "agency", "经营性人力资源服务机构"
    INDIVIDUAL = "individual", "个人"
    STREET = "street", "街乡工作人员"
    REVIEWER = "reviewer", "区审核人员"
    MUNICIPAL = "municipal", "市审核小组成员"
    INDUSTRY = "industry", "市级行业主管部门"
    PROVIDER = "provider", "培训机构工作人员"
    SCHOOL = "school", "高校就业工作人员"
    BANK = "bank", "经办银行工作人员"
    ADMIN = "admin", "系统管理员"


STAFF_ROLES = frozenset({Role.STREET, Role.REVIEWER, Role.MUNICIPAL, Role.INDUSTRY, Role.ADMIN})
ORGANISATION_ROLES = frozenset({Role.ENTERPRISE, Role.AGENCY})


class Department(models.Model):
    """A department of the district bureau; reviewers work the queue of their department."""

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=50, unique=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    address = models.CharField("办公地址", max_length=100, blank=True)

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class User(fields.MaskedIdNumber, AbstractUser):
    """A person who signs in. Applicants act for an organisation; staff belong to the bureau."""

    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.INDIVIDUAL)
    organisation = fields.organisation("所属单位", "users", optional=True)
    department = models.ForeignKey(
        Department, verbose_name="所属部门", null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    street = models.ForeignKey(
        "registry.Street", verbose_name="所属街乡", null=True, blank=True, on_delete=models.PROTECT
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)
    id_number = fields.id_number("居民身份证号码", blank=True)
    #: base32 secret of the staff member's authenticator app; empty until enrolled
    totp_secret = models.CharField("动态口令密钥", max_length=64, blank=True)
    totp_required = models.BooleanField("登录须动态口令", default=False)
    #: the 30-second time step of the last accepted one-time code; a code is never accepted twice
    totp_last_step = models.BigIntegerField("最近使用的动态口令时段", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            # one person, one account: the ID number is stored normalised (capital X, no spaces)
            models.UniqueConstraint(fields=["id_number"], condition=~models.Q(id_number=""), name="one_account_per_id_number")
        ]

    @property
    def is_bureau_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.first_name or self.username


class LoginAttempt(models.Model):
    """Each sign-in attempt, for throttling repeated failures and for the audit trail."""

    class Outcome(models.TextChoices):
        SUCCEEDED = "ok", "登录成功"
        BAD_PASSWORD = "bad_password", "用户名或密码错误"
        BAD_CODE = "bad_code", "动态口令错误或未填"
        NEEDS_ENROLMENT = "enrolment", "密码正确，待绑定动态口令"
        THROTTLED = "throttled", "失败次数过多，已拒绝"
        SPRAYING = "spraying", "同一地址试探多个账号，已暂停该地址"

    username = models.CharField("用户名", max_length=150, db_index=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    succeeded = models.BooleanField("成功", default=False)
    outcome = models.CharField("结果", max_length=20, choices=Outcome.choices, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "登录记录"
        verbose_name_plural = "登录记录"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} {'成功' if self.succeeded else '失败'}"
