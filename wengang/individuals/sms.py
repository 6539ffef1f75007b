"""Text messages (SMS) to a person's phone, through the backend named by ``settings.SMS_BACKEND``.

A backend is a class with ``send(phone, text)``; ``ConsoleBackend`` (development) prints to the
service's log output, ``MemoryBackend`` (tests) keeps the messages in ``outbox``. A real gateway is
one more class with the same method, configured by its dotted path.
"""

from __future__ import annotations

import logging
import sys
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class Backend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class ConsoleBackend:
    def send(self, phone: str, text: str) -> None:
        sys.stdout.write(f"[短信] {phone}：{text}\n")
        sys.stdout.flush()


#: what MemoryBackend sent, newest last: (phone, text)
outbox: list[tuple[str, str]] = []


class MemoryBackend:
    def send(self, phone: str, text: str) -> None:
        outbox.append((phone, text))


def send_sms(phone: str, text: str) -> None:
    backend: Backend = import_string(getattr(settings, "SMS_BACKEND", "wengang.individuals.sms.ConsoleBackend"))()
    backend.send(phone, text)
