"""The organisation's API keys: list, create (the key is shown once), revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from wengang.accounts.models import User

from . import services
from .models import ApiToken
from .permissions import can_hold_tokens


class TokenForm(forms.Form):
    name = forms.CharField(label="用途", max_length=100, help_text="如：本单位招聘系统、人事系统", strip=True)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    if not can_hold_tokens(user):
        raise PermissionDenied
    return user


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _, new_key = services.token_create(user=user, name=form.cleaned_data["name"])
        except services.TokenError as err:
            form.add_error(None, str(err))
        else:
            form = TokenForm()
    return render(
        request, "api/tokens.html",
        {"form": form, "tokens": services.tokens_for(user), "new_key": new_key},
        status=400 if request.method == "POST" and new_key is None else 200,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    token = get_object_or_404(ApiToken, pk=pk)
    if not services.can_manage_token(user, token):
        raise PermissionDenied
    services.token_revoke(user=user, token=token)
    messages.success(request, f"密钥“{token.name}”已吊销，使用它的请求将被拒绝")
    return redirect("apitokens:list")
