"""The seed-like records of the page tests, shared here."""

from tests.views.conftest import World, world  # noqa: F401
