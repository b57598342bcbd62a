"""Production settings for serving the app from a test (test_fault_tolerance).

Exactly tracker.settings, read from the environment, except for static files:
un-hashed names, so the test needs no ``collectstatic`` (which compresses
every file and takes ten seconds) before it can serve pages.
"""

from tracker.settings import *  # noqa: F403
from tracker.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
