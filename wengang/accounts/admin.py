"""Administration of users, departments and the sign-in log.

The admin site signs people in through ``accounts:login`` too, so the throttle and one-time codes
apply to it; its own password-only login form is never shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm, UsernameField
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from wengang.cases.admin import ReadOnlyAdmin

from . import services
from .models import Department, LoginAttempt, Role, User

if TYPE_CHECKING:
    BaseUserAdmin = UserAdmin[User]
else:
    BaseUserAdmin = UserAdmin

admin.site.site_header = "稳岗 · 网上服务大厅管理"
admin.site.site_title = "稳岗管理"
admin.site.index_title = "管理后台"
admin.site.site_url = "/accounts/"


def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """Send the admin site's sign-in to ours (throttled, with one-time codes)."""
    target = request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return HttpResponseRedirect(target)
        raise PermissionDenied("您的账号没有进入管理后台的权限。")
    return redirect_to_login(target, reverse("accounts:login"))


admin.site.login = admin_login  # type: ignore[method-assign]


ROLE_LINKS: dict[str, tuple[str, str]] = {
    Role.ENTERPRISE: ("organisation", "用人单位账号须关联所属单位。"),
    Role.AGENCY: ("organisation", "人力资源服务机构账号须关联所属单位。"),
    Role.REVIEWER: ("department", "区审核人员须关联所属部门。"),
    Role.STREET: ("street", "街乡工作人员须关联所属街乡。"),
}


def check_role_links(form: forms.BaseForm) -> None:
    """A role that acts for an organisation, department or street must name it; other roles may
    not carry an organisation (it would open that organisation's data to them)."""
    data = form.cleaned_data
    role = data.get("role")
    link = ROLE_LINKS.get(role or "")
    if link and not data.get(link[0]):
        form.add_error(link[0], link[1])
    if role not in (Role.ENTERPRISE, Role.AGENCY) and data.get("organisation"):
        form.add_error("organisation", "只有用人单位和人力资源服务机构账号可以关联单位。")


class RoleLinksChecked(forms.ModelForm):  # type: ignore[type-arg]
    """What both user forms check: the ID number's spelling and the role's links."""

    def clean_id_number(self) -> str:
        return str(self.cleaned_data.get("id_number") or "").strip().upper()

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        check_role_links(self)
        return data


class WengangUserChangeForm(RoleLinksChecked, UserChangeForm):  # type: ignore[type-arg]
    class Meta(UserChangeForm.Meta):  # type: ignore[name-defined,misc]  # every field, as Django's own form
        model = User


class WengangUserCreationForm(RoleLinksChecked, UserCreationForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ("username", "first_name", "role", "organisation", "department", "street", "phone", "id_number")
        field_classes = {"username": UsernameField}


@admin.register(User)
class WengangUserAdmin(BaseUserAdmin):
    form = WengangUserChangeForm
    add_form = WengangUserCreationForm
    list_display = (
        "username",
        "display_name",
        "role",
        "organisation",
        "department",
        "street",
        "phone",
        "masked_id",
        "totp_bound",
        "is_active",
    )
    list_filter = ("role", "department", "is_staff", "is_active", "totp_required", "street")
    list_select_related = ("organisation", "department", "street")
    search_fields = (
        "username",
        "first_name",
        "last_name",
        "phone",
        "email",
        "organisation__name",
        "organisation__uscc",
    )
    autocomplete_fields = ("organisation",)
    readonly_fields = ("last_login", "date_joined", "totp_bound")
    actions = ("clear_totp",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("first_name", "last_name", "email", "phone", "id_number")}),
        ("角色与归属", {"fields": ("role", "organisation", "department", "street")}),
        ("动态口令", {"fields": ("totp_required", "totp_bound")}),
        ("权限", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("重要日期", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "first_name", "password1", "password2"),
            },
        ),
        ("角色与归属", {"fields": ("role", "organisation", "department", "street", "phone", "id_number")}),
    )

    @admin.display(description="姓名")
    def display_name(self, obj: User) -> str:
        return obj.get_full_name() or obj.first_name

    @admin.display(description="身份证号码")
    def masked_id(self, obj: User) -> str:
        return obj.masked_id_number

    @admin.display(description="已绑定认证器", boolean=True)
    def totp_bound(self, obj: User) -> bool:
        return bool(obj.totp_secret)

    @admin.action(description="解除所选用户的动态口令绑定（手机丢失时）")
    def clear_totp(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = 0
        for user in queryset:
            services.user_totp_clear(user=user)
            count += 1
        messages.success(request, f"已解除 {count} 个用户的动态口令绑定；要求动态口令的账号下次登录时须重新绑定。")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "phone", "address")
    search_fields = ("name", "code")


@admin.register(LoginAttempt)
class LoginAttemptAdmin(ReadOnlyAdmin):
    """The sign-in log is evidence: it is read, never edited."""

    list_display = ("at", "username", "ip", "outcome", "succeeded")
    list_filter = ("succeeded", "outcome", "at")
    search_fields = ("username", "ip")
    date_hierarchy = "at"
    readonly_fields = ("at", "username", "ip", "outcome", "succeeded")
