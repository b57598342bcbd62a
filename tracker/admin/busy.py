"""A save that meets a busy SQLite database: the form again, with the editor's data.

SQLite lets one connection write at a time. An import holds the write lock for
its whole transaction (all or nothing), so another editor's save waits for it,
up to the busy timeout (``SQLITE_BUSY_TIMEOUT`` in settings), and then fails
with "database is locked". Instead of the 503 page, which loses what the editor
typed, the change form comes back filled with what they sent, nothing saved,
asking them to save again in a moment (status 503 with ``Retry-After``).

Opening a form needs no write lock, so on SQLite it is read outside the
transaction Django wraps the change view in (an IMMEDIATE transaction would
wait for the import too).
"""

from django.core.exceptions import ValidationError
from django.db import OperationalError, connections, router

BUSY = (
    "The database is busy with another editor's change (an import, perhaps), "
    "so nothing was saved. Your changes are still in this form: save again in a moment."
)
RETRY_AFTER_SECONDS = 10


def database_locked(error: OperationalError) -> bool:
    return "database is locked" in str(error)


class BusyForm:
    """Mixed into the form when the save could not write: invalid, with the reason."""

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound:
            self.add_error(None, ValidationError(BUSY, code="database_busy"))


class BusyDatabaseMixin:
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        on_sqlite = connections[router.db_for_write(self.model)].vendor == "sqlite"
        if on_sqlite and request.method in ("GET", "HEAD"):
            return self._changeform_view(request, object_id, form_url, extra_context)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except OperationalError as error:
            if not (on_sqlite and database_locked(error)):
                raise
        request.database_busy = True
        # The transaction was rolled back; showing the form again writes nothing.
        response = self._changeform_view(request, object_id, form_url, extra_context)
        response.status_code = 503
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if getattr(request, "database_busy", False):
            return type(form.__name__, (BusyForm, form), {})
        return form
