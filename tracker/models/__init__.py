"""The domain, one module per concept (docs/architecture.md)."""

from .actors import Event, Organisation, Person, Role
from .announcements import Announcement
from .commitment_choices import PartyRole
from .commitment_kinds import COMMITMENT_PROXIES, FundingCommitment, Partnership, Pledge
from .commitment_parts import CommitmentParty, StatusChange
from .commitments import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    FundingType,
    PartnershipNovelty,
)
from .country_rows import AnnouncementCountry, QuoteCountry
from .discrepancies import Discrepancy, DiscrepancyStatus, DiscrepancyVersion, DisputedAspect
from .freshness import DataVersion
from .places import COMMITMENT_COUNTS, PUBLISHED_COUNTS, RECORD_COUNTS, Country, PublishedCount
from .publishing import DatePrecision, Publication
from .sources import (
    CITATION_TARGETS,
    CITATION_TARGETS_AS_SHOWN,
    Citation,
    SourceArticle,
    citation_target,
    cited_models,
)
from .statements import Figure, FigureQualifier, Quote
from .tallies import CommitmentTally

__all__ = [
    "CITATION_TARGETS",
    "CITATION_TARGETS_AS_SHOWN",
    "COMMITMENT_COUNTS",
    "COMMITMENT_PROXIES",
    "PUBLISHED_COUNTS",
    "RECORD_COUNTS",
    "Announcement",
    "AnnouncementCountry",
    "Citation",
    "Commitment",
    "CommitmentKind",
    "CommitmentParty",
    "CommitmentStatus",
    "CommitmentTally",
    "Country",
    "DataVersion",
    "DatePrecision",
    "Discrepancy",
    "DiscrepancyStatus",
    "DiscrepancyVersion",
    "DisputedAspect",
    "Event",
    "Figure",
    "FigureQualifier",
    "FundingCommitment",
    "FundingType",
    "Organisation",
    "Partnership",
    "PartnershipNovelty",
    "PartyRole",
    "Person",
    "Pledge",
    "Publication",
    "PublishedCount",
    "Quote",
    "QuoteCountry",
    "Role",
    "SourceArticle",
    "StatusChange",
    "citation_target",
    "cited_models",
]
