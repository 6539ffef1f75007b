"""What every case app's views share: who is acting, and whether they may; one move from a case page.

``acting_user(request)`` is the signed-in user (the views are behind ``login_required``);
``acting_user(request, permissions.can_x, "仅……可以……")`` also refuses, with a Chinese 403, a user
the permission function (``wengang/accounts/permissions.py``) turns away. Each view still names
its own check, so the permission matrix tests read against the view they cover.

``case_for(user, permissions.can_view_x, queryset, pk=pk)`` loads a case the user may see, and
answers a 404 for one they may not, as if it did not exist (another's case is never confirmed).

``case_page(request, template, workflow, case, user, form)`` renders a case's page with the moves
``_actions.html`` offers (``moves``), those refused with the reason (``blocked``) and the comment
form: a new one, or the one a failed move refused (status 400).

``make_move(...)`` is the answer to a move button (``cases/_actions.html``) once the view has
loaded the case and checked that the user may see it: a second click on a move already made says
so; a move that would succeed (``check``) is first summarised on a confirmation page
(``cases/confirm.py``) and made only on the confirmed post; a move that fails re-renders the case
page with the reason (status 400). Whether this user may make this move is the workflow's own
check, inside ``check`` and ``transition``.

``form_post(request, form, act, ...)`` is the answer to a posted form: validate, call the app's
service, say so and redirect, or re-render the page with the form's errors; ``form_page`` is such a
page when it is the form's own (400 once the form carries errors). ``act_and_back`` is the answer to
a button without a form: call the service, say what it did or why it refused, and go back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from wengang.accounts.models import User

from .confirm import confirm_page, confirmed
from .forms import CommentForm
from .workflow import Workflow, blocked_moves, check, next_moves


def acting_user(request: HttpRequest, may: Callable[[User], bool] | None = None, refusal: str = "") -> User:
    """The signed-in user; ``PermissionDenied(refusal)`` unless ``may(user)``."""
    user = request.user
    assert isinstance(user, User)
    if may is not None and not may(user):
        raise PermissionDenied(refusal)
    return user


M = TypeVar("M", bound=Model)
R = TypeVar("R")


def case_for(user: User, may: Callable[[User, M], bool], queryset: QuerySet[M] | type[M], **lookups: Any) -> M:
    """The record ``lookups`` find in ``queryset``, if ``may(user, record)``; else ``Http404``."""
    record = get_object_or_404(queryset, **lookups)
    if not may(user, record):
        raise Http404
    return record


def case_page(
    request: HttpRequest,
    template: str,
    workflow: Workflow,
    case: Any,
    user: User,
    form: forms.BaseForm | None = None,
    **context: Any,
) -> HttpResponse:
    """``template`` with ``context``, the moves of ``case`` for ``user`` and the comment form."""
    moves = {
        "moves": next_moves(workflow, case, user),
        "blocked": blocked_moves(workflow, case, user),
        "form": form or CommentForm(),
    }
    return render(request, template, {**context, **moves}, status=400 if form is not None else 200)


def make_move(
    request: HttpRequest,
    user: User,
    workflow: Workflow,
    case: Any,
    to: str,
    *,
    back: str,
    who: str,
    summary: str | None,
    act: Callable[[str], object],
    errors: type[Exception] | tuple[type[Exception], ...],
    failed: Callable[[Any], HttpResponse],
    danger: bool = False,
    final: bool = True,
    already: str = "",
    done: str | None = None,
    error_field: str | None = "comment",
    comment_label: str | None = None,
    form_class: type[forms.Form] = CommentForm,
) -> HttpResponse:
    """One move ``to`` of ``case`` by ``user``, with the comment of ``form_class``.

    ``who`` names the case in the confirmation's title (``{move}：{who}``) and, unless ``done``
    says otherwise, in the success message (``{done}：{state}``); ``already`` prefixes the message
    of a repeated click (``{already}已是“{state}”，无需重复办理``). ``summary`` says what the move will
    do (``None``: made without confirmation); ``act(comment)`` makes it through the app's service;
    an ``errors`` exception is put on ``error_field`` (``None``: the whole form) and answered by
    ``failed(form)``. The comment is shown on the confirmation as 理由 when the move requires a
    reason, else 意见 (``comment_label`` to name it otherwise)."""
    form = form_class(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    status = case.status
    if status == to:
        messages.info(request, f"{already}已是“{workflow.label_of(to)}”，无需重复办理")
        return redirect(back)
    move = workflow.moves.get((status, to))
    if (
        move is not None
        and summary is not None
        and not confirmed(request)
        and check(workflow, case, to=to, actor=user, reason=comment) is None
    ):
        label = comment_label or ("理由" if move.reason else "意见")
        return confirm_page(
            request,
            title=f"{move.label}：{who}",
            summary=summary,
            details=[(label, comment)] if comment else None,
            button=move.label if move.label.startswith("确认") else f"确认{move.label}",
            back=back,
            danger=danger,
            final=final,
        )
    try:
        act(comment)
    except errors as err:
        form.add_error(error_field, str(err))
        return failed(form)
    messages.success(request, f"{who if done is None else done}：{workflow.label_of(to)}")
    return redirect(back)


def form_post(
    request: HttpRequest,
    form: forms.BaseForm,
    act: Callable[[dict[str, Any]], R],
    *,
    errors: Mapping[type[Exception], str | None],
    done: Callable[[R], str],
    then: Callable[[R], HttpResponse],
    failed: Callable[[Any], HttpResponse],
) -> HttpResponse:
    """``act(form.cleaned_data)`` once the form is posted and valid; ``done(result)`` is the success
    message and ``then(result)`` the answer (a redirect). An exception of a class in ``errors`` is put
    on the field it maps to (``None``: the whole form); a form not posted, invalid or refused is
    answered by ``failed(form)`` (the page with the form, its status chosen by the view)."""
    if request.method == "POST" and form.is_valid():
        try:
            result = act(form.cleaned_data)
        except tuple(errors) as err:
            form.add_error(next(field for kind, field in errors.items() if isinstance(err, kind)), str(err))
        else:
            messages.success(request, done(result))
            return then(result)
    return failed(form)


def form_page(request: HttpRequest, template: str, form: forms.BaseForm, **context: Any) -> HttpResponse:
    """The page of ``form``: 200 when it is new, 400 once it carries errors (posted and refused)."""
    return render(request, template, {"form": form, **context}, status=400 if form.errors else 200)


def act_and_back(
    request: HttpRequest,
    act: Callable[[], R],
    *,
    errors: type[Exception] | tuple[type[Exception], ...],
    done: Callable[[R], str],
    back: str,
) -> HttpResponse:
    """``act()``; its success message ``done(result)``, or an ``errors`` exception as an error
    message; either way a redirect to ``back`` (a URL or a URL name)."""
    try:
        result = act()
    except errors as err:
        messages.error(request, str(err))
    else:
        messages.success(request, done(result))
    return redirect(back)
