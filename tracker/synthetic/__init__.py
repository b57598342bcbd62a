"""Synthetic data for benchmarks: the shape of a newsroom's years of records, none of it real."""

from .generator import Generator, Sizes
from .marking import (
    SLUG_PREFIX,
    SLUGGED_MODELS,
    SYNTHETIC_PUBLISHER,
    has_synthetic_data,
    purge,
    real_record_counts,
)

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
