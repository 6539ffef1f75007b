"""Background screening (Celery; eager in-process without a broker)."""

from __future__ import annotations

from celery import shared_task


@shared_task  # type: ignore[untyped-decorator]
def screen_run(pk: int) -> str:
    from .services import run_execute

    return str(run_execute(pk).status)


@shared_task  # type: ignore[untyped-decorator]
def push_run(pk: int) -> int:
    from .push import run_push

    return run_push(pk)
