"""The three kinds of commitment, one proxy model each, for the admin's per-kind pages."""

from django.db import models

from .commitment_choices import CommitmentKind
from .commitment_queries import CommitmentQuerySet
from .commitments import Commitment


class CommitmentKindManager(models.Manager.from_queryset(CommitmentQuerySet)):
    """The commitments of one kind, for the per-kind admin pages."""

    def __init__(self, kind: CommitmentKind) -> None:
        super().__init__()
        self.kind = kind

    def get_queryset(self):
        return super().get_queryset().filter(kind=self.kind)


class OfOneKind(models.Model):
    """What the proxies below share: their manager lists one kind, and a record saved
    through one is of that kind."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.kind = type(self).objects.kind
        super().save(*args, **kwargs)


class Partnership(OfOneKind, Commitment):  # noqa: DJ008 (Commitment's __str__)
    objects = CommitmentKindManager(CommitmentKind.PARTNERSHIP)

    class Meta:
        proxy = True


class FundingCommitment(OfOneKind, Commitment):  # noqa: DJ008 (Commitment's __str__)
    objects = CommitmentKindManager(CommitmentKind.FUNDING)

    class Meta:
        proxy = True


class Pledge(OfOneKind, Commitment):  # noqa: DJ008 (Commitment's __str__)
    objects = CommitmentKindManager(CommitmentKind.PLEDGE)

    class Meta:
        proxy = True


# The proxy of each kind: the admin edits a commitment on the pages of its kind.
COMMITMENT_PROXIES = {
    proxy.objects.kind: proxy for proxy in (Partnership, FundingCommitment, Pledge)
}
