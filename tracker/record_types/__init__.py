"""Each public record type's registration (``tracker.records.RecordType``), one module per
type: its summary, its JSON-LD, and where the API reads it with which schema.

Imported when the app is ready (``tracker.apps``), which registers them all, in the order
the public meets them wherever every type is listed (search's results): so not sorted.
"""

from . import commitments, announcements, quotes, figures, actors, sources  # noqa: F401, I001
