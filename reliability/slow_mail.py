"""An e-mail backend that takes its time (SLOW_MAIL_SECONDS per message) and logs each message sent
to SLOW_MAIL_LOG: a worker killed while it sends is killed mid-delivery."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[Any]) -> int:
        for message in email_messages:
            time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "1")))
            with open(os.environ["SLOW_MAIL_LOG"], "a", encoding="utf-8") as log:
                log.write(f"{','.join(message.to)}\t{message.subject}\n")
        return len(email_messages)
