"""Who follows what, what changed, and what was sent.

An address is stored once (``Subscriber``) and deleted with its last follow. A
``Follow`` is one followed page at its canonical address; nothing is sent to it before
it is confirmed. ``Change`` is the log of what happened to published records
(commitments, quotes, announcements, figures and source articles), one row per event
(its ``key`` is unique, so an event is never logged twice); each follow keeps a
high-water mark on it, moved in the same transaction that writes the alert to the ``Email``
outbox, so a change is alerted once. The outbox is what the worker delivers, with
retries: an email is written once and marked sent once.
"""

from django.db import models


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", "As it happens"
    DAILY = "daily", "Once a day"
    WEEKLY = "weekly", "Once a week"


class Subscriber(models.Model):
    email = models.EmailField(max_length=254, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.email


class FollowQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Follow(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="follows")
    path = models.CharField(
        max_length=1000, help_text="The followed page's canonical address (path and filters)."
    )
    title = models.CharField(max_length=300)
    frequency = models.CharField(max_length=12, choices=Frequency, default=Frequency.DAILY)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_change = models.BigIntegerField(
        default=0, help_text="The last change (its id in the change log) already alerted."
    )
    alerted_snapshot = models.JSONField(
        default=dict,
        blank=True,
        help_text="The transactions committed when the mark last moved (alerts.snapshots): "
        "a change at or below the mark committed later is alerted next.",
    )

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["path", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "path"], name="one_follow_per_page")
        ]
        indexes = [models.Index(fields=["path"], name="alerts_follow_path")]

    def __str__(self) -> str:
        return self.title


# The records a change can be about, each a field of ``Change``.
RECORD_FIELDS = ("commitment", "quote", "announcement", "figure", "article")


class ChangeKind(models.TextChoices):
    PUBLISHED = "published", "New"
    STATUS = "status", "Status changed"
    CITATION = "citation", "New source"
    DISAGREEMENT = "disagreement", "Sources disagree"
    RESOLVED = "resolved", "Disagreement resolved"


class Change(models.Model):
    """Something the public can now see about one record: a commitment, quote,
    announcement, figure or source article (one of them); what it is shown with is read
    again, published or not, when an alert is written."""

    key = models.CharField(max_length=60, unique=True)
    kind = models.CharField(max_length=12, choices=ChangeKind)
    commitment = models.ForeignKey(
        "tracker.Commitment", null=True, on_delete=models.CASCADE, related_name="+"
    )
    quote = models.ForeignKey(
        "tracker.Quote", null=True, on_delete=models.CASCADE, related_name="+"
    )
    announcement = models.ForeignKey(
        "tracker.Announcement", null=True, on_delete=models.CASCADE, related_name="+"
    )
    figure = models.ForeignKey(
        "tracker.Figure", null=True, on_delete=models.CASCADE, related_name="+"
    )
    article = models.ForeignKey(
        "tracker.SourceArticle", null=True, on_delete=models.CASCADE, related_name="+"
    )
    status_change = models.ForeignKey(
        "tracker.StatusChange", null=True, on_delete=models.CASCADE, related_name="+"
    )
    citation = models.ForeignKey(
        "tracker.Citation", null=True, on_delete=models.CASCADE, related_name="+"
    )
    discrepancy = models.ForeignKey(
        "tracker.Discrepancy", null=True, on_delete=models.CASCADE, related_name="+"
    )
    happened_at = models.DateTimeField(auto_now_add=True)
    xact = models.BigIntegerField(
        null=True,
        help_text="The transaction that wrote it, on PostgreSQL (alerts.snapshots).",
    )

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["xact"], name="alerts_change_xact")]

    def __str__(self) -> str:
        record = next(
            (
                f"{field} {getattr(self, f'{field}_id')}"
                for field in RECORD_FIELDS
                if getattr(self, f"{field}_id") is not None
            ),
            "",
        )
        return f"{self.get_kind_display()}: {record}"


class Email(models.Model):
    """One email as written, until the worker has handed it to the mail server."""

    follow = models.ForeignKey(
        Follow, null=True, blank=True, on_delete=models.CASCADE, related_name="emails"
    )
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField()
    headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"], name="alerts_email_due")]

    def __str__(self) -> str:
        return self.subject
