"""Create a read token for the FHIR API from the shell (Django admin is the usual way: API tokens).

For setting up an integration from a deployment script; the token is printed once and only its hash
is kept. The token is recorded as created by the given staff user.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from intake.fhir.models import TokenScope
from intake.services.api_tokens import api_token_create


class Command(BaseCommand):
    help = "Create a FHIR API read token and print it (once)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Who uses the token, e.g. 'OpenEMR at the main clinic'.")
        parser.add_argument("--by", required=True, help="Username of the clinic admin creating it.")
        parser.add_argument(
            "--scope",
            action="append",
            choices=TokenScope.values,
            help="A scope to grant; repeat for several (default: all of them).",
        )

    def handle(self, *args, name, by, scope, **options):
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"No user {by!r}.")
        try:
            token, text = api_token_create(name=name, scopes=scope or TokenScope.values, created_by=user)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stderr.write(f"Token {token} created with scopes {', '.join(token.scopes)}. It is shown this once:")
        self.stdout.write(text)
