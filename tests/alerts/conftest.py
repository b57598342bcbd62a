import re

import pytest
from django.core import mail


@pytest.fixture
def link_in():
    """The first address of ``path`` (e.g. /alerts/confirm/) in an email's text."""

    def find(message, path: str) -> str:
        match = re.search(rf"https?://[^/\s]+({re.escape(path)}[^\s>]+)", message.body)
        assert match, f"no {path} link in: {message.body}"
        return match.group(1)

    return find


@pytest.fixture
def follow_page(client, django_capture_on_commit_callbacks):
    """Post the Follow form of ``path`` as a browser on this site would."""

    def post(path: str, email: str = "reader@example.org", frequency: str = "immediately"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                "/alerts/follow/",
                {"email": email, "frequency": frequency, "path": path},
                headers={"Sec-Fetch-Site": "same-origin"},
            )

    return post


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox
