"""Who may see the dashboards, and of which street. Plain functions, called by every view."""

from __future__ import annotations

from typing import Any

from wengang.accounts.models import User
from wengang.accounts.permissions import is_admin, is_reviewer, is_street_staff

is_street_office = is_street_staff


def can_view_dashboard(user: User) -> bool:
    """District reviewers and administrators (the bureau's leaders) see the whole district; a
    street office sees its own street. Enterprises, agencies and individuals see none."""
    return is_reviewer(user) or is_admin(user) or is_street_office(user)


def dashboard_street_id(user: User) -> int | None:
    """The street the user's dashboards are confined to; ``None`` for the whole district."""
    if is_reviewer(user) or is_admin(user):
        return None
    assert is_street_office(user)
    return user.street_id


# ---- employment monitoring and early warning (N18/N19) -------------------------------------------

#: the department that answers for a firm without a street, and hears of escalated alerts
RESPONSIBLE_DEPARTMENT = "labour-service"


def can_view_warning(user: User) -> bool:
    """The monitoring page: like the dashboards (the district, or a street office its street)."""
    return can_view_dashboard(user)


def can_import_monthly(user: User) -> bool:
    """Monthly registry extracts are imported by district reviewers and administrators."""
    return is_reviewer(user) or is_admin(user)


def is_district(user: User) -> bool:
    """Sees every alert: any district reviewer or administrator."""
    return is_reviewer(user) or is_admin(user)


def can_act_for_district(user: User) -> bool:
    """Acts on any alert (签收, 升级, 应对措施, 办结): the 劳动服务管理中心's reviewers, who answer for the
    district's monitoring, and administrators. Other departments' reviewers read alerts only."""
    return is_admin(user) or (is_reviewer(user) and user.department is not None and user.department.code == RESPONSIBLE_DEPARTMENT)


def is_responsible(user: User, alert: Any) -> bool:
    """The alert's street office, or (an alert without a street) its department's reviewers."""
    if alert.street_id is not None:
        return is_street_office(user) and user.street_id == alert.street_id
    return is_reviewer(user) and user.department_id == alert.department_id


def can_view_alert(user: User, alert: Any) -> bool:
    """The district sees every alert; a street office its street's; nobody else any."""
    return is_district(user) or is_responsible(user, alert)
