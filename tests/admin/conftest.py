"""What the admin's tests of two editors at once share (PostgreSQL, two connections)."""

import pytest
from django.test import Client

from tests.plans import postgresql_only


@pytest.fixture
def postgresql():
    """Skipped but on PostgreSQL: SQLite writes one transaction at a time."""
    postgresql_only()


@pytest.fixture
def two_editors(editor) -> tuple[Client, Client]:
    """Two logged-in editors, each with a client of its own."""
    clients = Client(), Client()
    for client in clients:
        client.force_login(editor)
    return clients
