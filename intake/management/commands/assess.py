"""Print what the rules engine makes of one patient's answers, as JSON.

For clinicians checking a rule change and for scripts: the same engine the app runs, with no
database. Bad input prints a message naming the key on stderr and exits with status 2, with
nothing on stdout, so a pipeline never mistakes an error for a result.
"""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from intake import rules


class Command(BaseCommand):
    help = "Assess one patient's answers (a JSON object keyed as in questions.md) and print the result as JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a JSON file of answers, or - to read standard input.")

    def handle(self, *args, **options):
        source = options["file"]
        try:
            if source == "-":
                text = sys.stdin.read()
            else:
                with open(source, encoding="utf-8") as handle:
                    text = handle.read()
        except OSError as error:
            self.fail(f"Cannot read {source}: {error.strerror}.")
        try:
            answers = json.loads(text)
        except json.JSONDecodeError as error:
            self.fail(f"{source} is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno}).")
        if not isinstance(answers, dict):
            self.fail('The answers must be one JSON object of keys and values, e.g. {"heel_pain": true}.')
        try:
            result = rules.assess(answers)
        except rules.AnswersInvalid as error:
            self.fail(str(error))
        printed = result.to_dict(emergency_number=settings.EMERGENCY_NUMBER)
        self.stdout.write(json.dumps(printed, indent=2, ensure_ascii=False))

    def fail(self, message: str):
        self.stderr.write(message)
        sys.exit(2)
