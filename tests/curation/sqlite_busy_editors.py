"""Two editors on one SQLite file, run in a process of its own by test_busy_database.py.

One imports a file of quotes; while its transaction holds the write lock, the
other opens a quote and saves a change. Prints what each saw, as JSON lines.
The test suite's own database is in memory, where SQLite locks differently, so
this runs on a file, as production does: ``DATABASE_URL=sqlite:////…/db.sqlite3``.
"""

import json
import threading
import time

import django

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models.signals import post_save  # noqa: E402
from django.test import Client  # noqa: E402

from tests.curation.helpers import admin_url, form_data  # noqa: E402
from tests.curation.test_import_export import rows_as_csv, upload  # noqa: E402
from tracker.models import Person, Publication, Quote  # noqa: E402

ROWS = 50


def client_of(username: str) -> Client:
    user = User.objects.create_user(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


class Importer(threading.Thread):
    """Imports ROWS quotes; once the first is saved, holds the lock until ``release``."""

    def __init__(self, client: Client, content: str, hold_seconds: float) -> None:
        super().__init__()
        self.client, self.content, self.hold_seconds = client, content, hold_seconds
        self.writing, self.release = threading.Event(), threading.Event()
        self.confirmed, self.status = False, None

    def first_row_saved(self, sender, instance, **kwargs) -> None:
        if threading.current_thread() is self and self.confirmed and not self.writing.is_set():
            self.writing.set()
            self.release.wait(self.hold_seconds)

    def run(self) -> None:
        post_save.connect(self.first_row_saved, sender=Quote, weak=False)
        try:
            dry_run = upload(self.client, Quote, self.content)
            data = form_data(dry_run, None, action=True)
            self.confirmed = True  # the confirmed import is the one that holds the lock
            self.status = self.client.post(admin_url(Quote, "process_import"), data).status_code
        finally:
            post_save.disconnect(self.first_row_saved, sender=Quote)
            connection.close()


def edit(client: Client, quote: Quote, text: str) -> dict:
    started = time.monotonic()
    page = client.get(admin_url(Quote, "change", quote.pk))
    opened = time.monotonic() - started
    data = form_data(page, "quote_form")
    data["text"] = text
    response = client.post(admin_url(Quote, "change", quote.pk), data)
    body = response.content.decode()
    return {
        "opened_status": page.status_code,
        "opened_seconds": round(opened, 2),
        "status": response.status_code,
        "seconds": round(time.monotonic() - started, 2),
        "retry_after": response.get("Retry-After"),
        "told_to_retry": "save again in a moment" in body,
        "form_kept_text": text in body,
        "stored_text": Quote.objects.get(pk=quote.pk).text,
        "form": form_data(response, "quote_form") if response.status_code == 503 else None,
    }


def scenario(name: str, busy_timeout_ms: int | None, hold_seconds: float) -> None:
    speaker = Person.objects.create(name=f"Speaker {name}", slug=f"speaker-{name}")
    quote = Quote.objects.create(
        slug=f"edited-{name}", text="Before.", speaker=speaker, publication=Publication.DRAFT
    )
    content = rows_as_csv(
        *(
            {"slug": f"{name}-{i}", "text": f"Imported {i}.", "speaker": speaker.slug}
            for i in range(ROWS)
        )
    )
    importer = Importer(client_of(f"importer-{name}"), content, hold_seconds)
    editor = client_of(f"editor-{name}")
    if busy_timeout_ms is not None:  # this editor's connection gives up sooner
        connection.cursor().execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
    importer.start()
    assert importer.writing.wait(120), "the import never started writing"
    seen = edit(editor, quote, f"Changed by the editor ({name}).")
    importer.release.set()
    importer.join(120)
    seen["import_status"] = importer.status
    seen["imported"] = Quote.objects.filter(slug__startswith=f"{name}-").count()
    if seen["form"] is not None:  # told to retry: the same form, sent again
        again = editor.post(admin_url(Quote, "change", quote.pk), seen["form"])
        seen["again_status"] = again.status_code
        seen["stored_text_after_again"] = Quote.objects.get(pk=quote.pk).text
    seen.pop("form")
    print(json.dumps({"scenario": name, **seen}), flush=True)


if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    # The import holds the lock for 8 s, longer than the 5 s editors used to wait; the
    # save waits for it (the settings' busy timeout, SQLITE_BUSY_TIMEOUT) and succeeds.
    scenario("waits", busy_timeout_ms=None, hold_seconds=8)
    # The import holds it until the editor has an answer; their connection waits only 1 s.
    scenario("retries", busy_timeout_ms=1000, hold_seconds=60)
