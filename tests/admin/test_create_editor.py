"""manage.py create_editor: a staff account in the Editors group, with a checked password."""

import io
import sys

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

STRONG = "correct-horse-battery-staple"

pytestmark = pytest.mark.django_db


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command("create_editor", *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_creates_an_editor_from_the_environment(django_user_model, monkeypatch):
    monkeypatch.setenv("EDITOR_PASSWORD", STRONG)

    output = run("amira", "--email", "amira@NEWSROOM.example", "--no-input")

    amira = django_user_model.objects.get(username="amira")
    assert amira.is_staff and amira.is_active and not amira.is_superuser
    assert list(amira.groups.values_list("name", flat=True)) == ["Editors"]
    assert amira.check_password(STRONG)
    assert amira.email == "amira@newsroom.example"
    assert output.startswith("Created editor “amira”")


def test_password_validators_apply(django_user_model):
    with pytest.raises(CommandError) as refused:
        run("amira", "--password", "password", "--no-input")

    assert str(refused.value).startswith("The password is refused:")
    assert "This password is too common." in str(refused.value)
    assert not django_user_model.objects.filter(username="amira").exists()


def test_a_new_editor_needs_a_password(django_user_model, monkeypatch):
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)

    with pytest.raises(CommandError, match="A new editor needs a password"):
        run("amira", "--no-input")

    assert not django_user_model.objects.exists()


def test_a_bad_username_is_refused_clearly():
    with pytest.raises(CommandError, match=r"^Username: Enter a valid username"):
        run("amira smith!", "--password", STRONG, "--no-input")


def test_an_existing_account_becomes_an_editor_and_keeps_its_password(django_user_model):
    existing = django_user_model.objects.create_user(username="amira", password=STRONG)

    output = run("amira", "--no-input")

    existing.refresh_from_db()
    assert existing.is_staff
    assert existing.groups.get() == Group.objects.get(name="Editors")
    assert existing.check_password(STRONG)
    assert output.startswith("Updated editor “amira”")


def test_prompts_until_the_passwords_match_and_pass(django_user_model, monkeypatch):
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "amira")
    answers = iter(["short", "short", STRONG, "a typo", STRONG, STRONG])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    errors = io.StringIO()

    call_command("create_editor", stdout=io.StringIO(), stderr=errors)

    assert "This password is too short. It must contain at least 12 characters." in (
        errors.getvalue()
    )
    assert "The passwords do not match; try again." in errors.getvalue()
    assert django_user_model.objects.get(username="amira").check_password(STRONG)


def test_without_the_editors_group_it_says_to_migrate():
    Group.objects.filter(name="Editors").delete()

    with pytest.raises(CommandError, match=r"run `manage\.py migrate` first"):
        run("amira", "--password", STRONG, "--no-input")
