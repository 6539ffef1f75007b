from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wengang.jobs import wording_eval


class Command(BaseCommand):
    help = "用标注语料测量 N17 招聘用语检查：各类别的精确率、召回率（tuning 调规则用，holdout 为留出集）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mistakes", action="store_true", help="同时列出判错的语句")

    def handle(self, *args: Any, **options: Any) -> None:
        everything = []
        for split in wording_eval.SPLITS:
            outcomes = wording_eval.evaluate(wording_eval.load(split))
            everything += outcomes
            self.stdout.write(wording_eval.table(outcomes, split) + "\n")
        self.stdout.write(wording_eval.table(everything, "all") + "\n")
        if options["mistakes"]:
            for o in wording_eval.mistakes(everything):
                e = o.example
                self.stdout.write(f"{e.split}:{e.line} expect {e.expect}/{e.category} got {o.got} "
                                  f"{sorted(o.categories)} {e.text}\n")
