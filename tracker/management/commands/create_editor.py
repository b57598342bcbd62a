"""Create an editor: a staff account in the Editors group, or make an existing account one."""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core import exceptions
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

EDITORS = "Editors"
PASSWORD_VARIABLE = "EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a staff account in the Editors group, or add an existing account to it. "
        "Prompts for the password; for scripts, set the EDITOR_PASSWORD environment "
        "variable (or pass --password, which other users of the machine can see)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", nargs="?", help="Asked for when not given.")
        parser.add_argument("--email", default="", help="The editor's email address.")
        parser.add_argument(
            "--password", help=f"The password; prefer the {PASSWORD_VARIABLE} variable."
        )
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Never prompt; fail if something needed is missing.",
        )

    def handle(self, *args, **options) -> None:
        try:
            self._create_or_update(
                options["username"], options["email"], options["password"], options["interactive"]
            )
        except (KeyboardInterrupt, EOFError):
            self.stderr.write("\nCancelled; nothing was saved.")
            sys.exit(1)

    def _create_or_update(self, username, email, password, interactive) -> None:
        User = get_user_model()
        interactive = interactive and sys.stdin.isatty()
        try:
            editors = Group.objects.get(name=EDITORS)
        except Group.DoesNotExist:
            raise CommandError(
                f"There is no {EDITORS} group yet; run `manage.py migrate` first."
            ) from None

        username = self._username(User, username, interactive)
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        creating = user is None
        if creating:
            user = User(**{User.USERNAME_FIELD: username})
        if email:
            user.email = User.objects.normalize_email(email)

        password = password or os.environ.get(PASSWORD_VARIABLE)
        if password:
            self._validate(password, user)
        elif interactive:
            password = self._prompt_password(user, keep_allowed=not creating)
        if password:
            user.set_password(password)
        elif creating:
            raise CommandError(
                f"A new editor needs a password: set {PASSWORD_VARIABLE} or pass --password."
            )

        user.is_staff = True
        user.is_active = True
        with transaction.atomic():
            user.save()
            user.groups.add(editors)

        action = "Created" if creating else "Updated"
        self.stdout.write(
            self.style.SUCCESS(
                f"{action} editor “{username}”; they can log in at {reverse('admin:index')}."
            )
        )

    def _username(self, User, username: str | None, interactive: bool) -> str:
        field = User._meta.get_field(User.USERNAME_FIELD)
        while True:
            if not username:
                if not interactive:
                    raise CommandError("Give the editor's username.")
                username = input("Username: ").strip()
                if not username:
                    continue
            try:
                return field.clean(username, None)
            except exceptions.ValidationError as error:
                if not interactive:
                    raise CommandError(f"Username: {'; '.join(error.messages)}") from None
                self.stderr.write("; ".join(error.messages))
                username = None

    def _prompt_password(self, user, keep_allowed: bool) -> str:
        hint = " (leave empty to keep the current one)" if keep_allowed else ""
        while True:
            password = getpass.getpass(f"Password{hint}: ")
            if not password:
                if keep_allowed:
                    return ""
                self.stderr.write("The password cannot be empty.")
                continue
            if getpass.getpass("Password again: ") != password:
                self.stderr.write("The passwords do not match; try again.")
                continue
            try:
                validate_password(password, user)
            except exceptions.ValidationError as error:
                self.stderr.write("\n".join(error.messages))
                continue
            return password

    def _validate(self, password: str, user) -> None:
        try:
            validate_password(password, user)
        except exceptions.ValidationError as error:
            raise CommandError("The password is refused: " + " ".join(error.messages)) from None
