"""Each public record type's registration (``tracker.records.RecordType``), one module per
type: its summary, its JSON-LD, and where the API reads it with which schema.

Imported when the app is ready (``tracker.apps``), which registers them all.
"""

from . import actors, announcements, commitments, figures, quotes, sources  # noqa: F401
