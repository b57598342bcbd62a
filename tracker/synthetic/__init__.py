"""Synthetic data for benchmarks: the shape of a newsroom's years of records, none of it real.

``marking`` tells synthetic records from real ones and purges them;
``generator`` makes a set, chunk by chunk, from the row builders of each
family of records (``actors``, ``statements``, ``commitments``, ``articles``,
``discrepancies``), which share ``rows`` (sizes, seeded draws, slugs, bulk
inserts) and ``vocabulary`` (the words they are written in).
"""

from .generator import Generator
from .marking import (
    SLUG_PREFIX,
    SLUGGED_MODELS,
    SYNTHETIC_PUBLISHER,
    has_synthetic_data,
    purge,
    real_record_counts,
)
from .rows import Sizes

__all__ = [
    "SLUGGED_MODELS",
    "SLUG_PREFIX",
    "SYNTHETIC_PUBLISHER",
    "Generator",
    "Sizes",
    "has_synthetic_data",
    "purge",
    "real_record_counts",
]
