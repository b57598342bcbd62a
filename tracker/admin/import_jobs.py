"""Large imports run in the background, with a page that shows their progress.

A file of 10,000 records takes minutes to check and as long to import, far
past the worker's 30 s timeout, which killed the request (a 500). A file
larger than ``IMPORT_IN_BACKGROUND_BYTES`` is therefore checked (the dry run)
and imported (the confirmation) in a thread of the worker that received it:
the request answers at once with a progress page (“1,200 of 10,000 rows”)
that reloads itself, and then shows what the view would have shown: the
preview or report, or the list with its message. The work is the admin's own
view, run unchanged, so the file is still checked whole and imported in one
transaction, all or nothing, with the editor's name in the history.

The job's state lives in files beside django-import-export's own temporary
copy of the upload (the system's temporary folder), so whichever worker of
the same server gets the next reload finds it. A job is for the editor who
started it only.
"""

import copy
import json
import logging
import tempfile
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from simple_history.models import HistoricalRecords

from tracker.resources import import_progress

logger = logging.getLogger(__name__)

JOBS = Path(tempfile.gettempdir()) / "tracker-import-jobs"
# How often the job writes its progress, in rows.
PROGRESS_EVERY = 100
RELOAD_SECONDS = 2
# A job whose progress has not moved for this long died with its worker (a restart
# after max_requests, a deployment): its transaction was rolled back, nothing imported.
STALLED_SECONDS = 300


def large(request) -> bool:
    """Whether this import request is for a file worth a job of its own."""
    limit = settings.IMPORT_IN_BACKGROUND_BYTES
    upload = request.FILES.get("import_file")
    if upload is not None:
        return upload.size > limit
    stored = request.POST.get("import_file_name", "")
    path = Path(tempfile.gettempdir()) / Path(stored).name
    return bool(stored) and path.is_file() and path.stat().st_size > limit


class Job:
    def __init__(self, job_id: str) -> None:
        if not (len(job_id) == 32 and job_id.isalnum()):
            raise Http404("There is no such import.")
        self.id = job_id
        self.state_file = JOBS / f"{job_id}.json"
        self.page_file = JOBS / f"{job_id}.html"

    def read(self) -> dict:
        try:
            return json.loads(self.state_file.read_text())
        except (FileNotFoundError, ValueError):
            raise Http404("There is no such import (it may have been shown already).") from None

    def write(self, **state) -> None:
        JOBS.mkdir(exist_ok=True)
        partial = self.state_file.with_suffix(".part")
        partial.write_text(json.dumps(state))
        partial.replace(self.state_file)  # readers never see half a file


class Progress:
    """Rows done so far, written every ``PROGRESS_EVERY`` rows for the progress page."""

    def __init__(self, job: Job, state: dict) -> None:
        self.job, self.state, self.rows = job, state, 0

    def row_done(self) -> None:
        self.rows += 1
        if self.rows % PROGRESS_EVERY == 0:
            self.job.write(**{**self.state, "rows": self.rows, "updated": time.time()})


def start(request, view, title: str, follow_url) -> HttpResponse:
    """Run ``view(request)`` in a thread; answer with the page that follows its progress."""
    job = Job(uuid.uuid4().hex)
    state = {
        "user": request.user.pk,
        "title": title,
        "rows": 0,
        "started": time.time(),
        "done": False,
    }
    job.write(**state)
    # The thread's own request: the upload read into memory now, since the server
    # closes the original's files as soon as this response is sent.
    own = copy.copy(request)
    own._messages = default_storage(own)
    if "import_file" in request.FILES:
        upload = request.FILES["import_file"]
        files = request.FILES.copy()
        upload.seek(0)
        files["import_file"] = SimpleUploadedFile(upload.name, upload.read(), upload.content_type)
        own._files = files
    thread = threading.Thread(
        target=_run, args=(job, state, own, view), name=f"import-{job.id}", daemon=True
    )
    thread.start()
    return HttpResponseRedirect(follow_url(job.id))


def _run(job: Job, state: dict, request, view) -> None:
    progress = import_progress.counter = Progress(job, state)
    HistoricalRecords.context.request = request  # the editor's name in the history
    try:
        response = view(request)
        if isinstance(response, TemplateResponse):
            response.render()
        queued = [
            {"level": m.level, "message": str(m.message)}
            for m in getattr(request._messages, "_queued_messages", [])
        ]
        if response.has_header("Location"):
            outcome = {"location": response["Location"], "messages": queued}
        else:
            job.page_file.write_bytes(response.content)
            outcome = {"status": response.status_code}
    except Exception:
        logger.exception("Import job %s failed", job.id)
        outcome = {"failed": True}
    finally:
        del import_progress.counter
        del HistoricalRecords.context.request
        connections.close_all()
    job.write(**{**state, "rows": progress.rows, "done": True, **outcome})


def follow(request, job_id: str, opts, start_again: str) -> HttpResponse:
    """The job's progress page, until it is done; then what its view answered."""
    job = Job(job_id)
    state = job.read()
    if state["user"] != request.user.pk:
        raise Http404("There is no such import.")
    stalled = time.time() - state.get("updated", state["started"]) > STALLED_SECONDS
    if not state["done"] and stalled:
        job.state_file.unlink(missing_ok=True)
        messages.error(
            request,
            "The import stopped before it finished (the server restarted): nothing was "
            "imported. Upload the file again.",
        )
        return HttpResponseRedirect(start_again)
    if not state["done"]:
        context = {
            "title": state["title"],
            "opts": opts,
            "rows": state["rows"],
            "seconds": int(time.time() - state["started"]),
            "reload_seconds": RELOAD_SECONDS,
        }
        response = TemplateResponse(request, "admin/tracker/curation/import_job.html", context)
        response["Refresh"] = str(RELOAD_SECONDS)
        return response
    job.state_file.unlink(missing_ok=True)
    if state.get("failed"):
        messages.error(request, "The import failed unexpectedly: nothing was imported.")
        return HttpResponseRedirect(start_again)
    if "location" in state:
        for message in state["messages"]:
            messages.add_message(request, message["level"], message["message"])
        return HttpResponseRedirect(state["location"])
    page = job.page_file.read_bytes()
    job.page_file.unlink(missing_ok=True)
    return HttpResponse(page, status=state["status"])
