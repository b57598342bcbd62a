"""The read-only JSON API under /api/: ``schemas`` (what a record looks like, shared with
the JSON exports), ``params`` (query parameters derived from tracker.filters' forms) and
``routes`` (the endpoints and the OpenAPI document)."""
