"""The choices a commitment and its parties are made of."""

from django.db import models


class CommitmentKind(models.TextChoices):
    PARTNERSHIP = "partnership", "Partnership"
    FUNDING = "funding", "Funding commitment"
    PLEDGE = "pledge", "Pledge"


class CommitmentStatus(models.TextChoices):
    ANNOUNCED = "announced", "Announced"
    IN_PROGRESS = "in_progress", "In progress"
    DELIVERED = "delivered", "Delivered"
    STALLED = "stalled", "Stalled"
    BROKEN = "broken", "Broken"
    SUPERSEDED = "superseded", "Superseded"


class PartnershipNovelty(models.TextChoices):
    NEW = "new", "New"
    EXISTING = "existing", "Existing"


class FundingType(models.TextChoices):
    NEW = "new", "New money"
    ADDITIONAL = "additional", "Addition to an earlier commitment"
    TOTAL = "total", "Total, including earlier money"


class PartyRole(models.TextChoices):
    LEAD = "lead", "Lead"
    PARTNER = "partner", "Partner"
    FUNDER = "funder", "Funder"
    RECIPIENT = "recipient", "Recipient"
    CONCERNED = "concerned", "Concerned"
