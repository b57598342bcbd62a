"""Synthetic data for benchmarks: the shape of a newsroom's years of records, none of it real.

``marking`` tells synthetic records from real ones and purges them;
``generator`` makes a set, chunk by chunk, each committed, so an interrupted
run resumes, from the row builders of each
family of records (``actors``, ``statements``, ``commitments``, ``articles``,
``discrepancies``), which share ``rows`` (sizes, seeded draws, slugs, bulk
inserts) and ``vocabulary`` (the words they are written in).
"""

from .generator import Generator
from .marking import (
    SLUG_PREFIX,
    SLUGGED_MODELS,
    SYNTHETIC_PUBLISHER,
    purge,
    real_record_counts,
)
from .rows import CannotResume, Sizes

__all__ = [
    "SLUGGED_MODELS",
    "SLUG_PREFIX",
    "SYNTHETIC_PUBLISHER",
    "CannotResume",
    "Generator",
    "Sizes",
    "purge",
    "real_record_counts",
]
