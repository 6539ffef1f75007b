from typing import Any

from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "wengang.training"
    label = "training"
    verbose_name = "职业技能线上培训"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        user_logged_out.connect(_signed_out, dispatch_uid="training-sessions-close")


def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Signing out ends the learner's learning sessions: their passes count nothing more."""
    if user is not None and user.pk is not None:
        from .learning import sessions_close

        sessions_close(user_id=user.pk)
