import signal
import time
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from cocopa.core import outbox


class Command(BaseCommand):
    help = (
        "Deliver the e-mail waiting in the outbox, retrying failures later (cocopa/core/outbox.py). "
        "With --loop, keep doing so every few seconds until stopped (`make run` starts it so)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep sending until stopped.")
        parser.add_argument(
            "--interval", type=float, default=5.0, help="Seconds between passes with --loop (default 5)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["loop"]:
            self._report(outbox.send_queued(), always=True)
            return
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        # make run stops the worker with SIGTERM when gunicorn ends; Ctrl-C may reach it too.
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Outbox worker: sending every {options['interval']:g} s.")
        while not stopping:
            close_old_connections()  # a long-lived process must not keep a dead connection
            self._report(outbox.send_queued(), always=False)
            waited = 0.0
            while waited < options["interval"] and not stopping:
                time.sleep(0.5)
                waited += 0.5
        self.stdout.write("Outbox worker stopped.")

    def _report(self, done: outbox.Pass, *, always: bool) -> None:
        if done.locked:
            self.stdout.write("Another outbox worker is sending: nothing done.")
        elif always or done.sent or done.failed or done.retrying:
            self.stdout.write(
                f"Outbox: {done.sent} sent, {done.retrying} to try again later, {done.failed} failed."
            )
