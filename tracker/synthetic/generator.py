"""Generating the synthetic set, in order, in one transaction, with progress reported.

The set is made one chunk of source articles at a time: the chunk's
announcements, commitments, quotes and figures are bulk inserted, then the
articles that report them are written sentence by sentence, keeping the
offsets of every sentence a citation quotes, so no excerpt is searched for.
"""

import bisect
import math
from collections import Counter

from django.apps import apps
from django.db import connection, transaction

from .actors import ActorRows
from .articles import ArticleRows
from .commitments import CommitmentRows
from .discrepancies import DiscrepancyRows
from .rows import DAY, FIRST_DAY, LAST_ANNOUNCED, Sizes
from .statements import StatementRows

ARTICLES_PER_CHUNK = 100


class Generator(ActorRows, StatementRows, CommitmentRows, ArticleRows, DiscrepancyRows):
    """A whole synthetic set: the cast first, then chunk after chunk of records and articles."""

    def __init__(self, sizes: Sizes, seed: int = 1, batch_size: int = 2000, progress=None):
        super().__init__(sizes, seed, batch_size)
        self.progress = progress or (lambda done, total: None)

    def run(self) -> Counter:
        """Generate the whole set in one transaction (all or nothing); return rows per table."""
        sizes, span = self.sizes, (LAST_ANNOUNCED - FIRST_DAY).days
        chunks = math.ceil(sizes.articles / ARTICLES_PER_CHUNK)
        names = ("articles", "commitments", "quotes", "announcements", "figures", "discrepancies")
        with transaction.atomic():
            self.make_actors()
            for i in range(chunks):
                share = {
                    name: getattr(sizes, name) * (i + 1) // chunks
                    - getattr(sizes, name) * i // chunks
                    for name in names
                }
                window = (
                    FIRST_DAY + span * i // chunks * DAY,
                    FIRST_DAY + span * (i + 1) // chunks * DAY,
                )
                self.make_chunk(window, **share)
                self.progress(sizes.commitments * (i + 1) // chunks, sizes.commitments)
        self.analyse()
        return self.counts

    def analyse(self) -> None:
        """Refresh the query planner's statistics, as after any bulk load."""
        with connection.cursor() as cursor:
            for model in apps.get_app_config("tracker").get_models(include_auto_created=True):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

    def make_chunk(self, window, **count) -> None:
        low = bisect.bisect_left(self.event_days, window[0])
        self.window_events = self.events[low : bisect.bisect_right(self.event_days, window[1])]
        anns, mentions = self.make_announcements(count["announcements"], window)
        plans = self.make_commitments(count["commitments"], window, anns)
        self.plan_disputes(count["discrepancies"], plans)
        mentions += [mention for plan in plans for mention in plan.mentions]
        mentions += self.make_quotes(count["quotes"], window, anns)
        mentions += self.make_figures(count["figures"], window, anns)
        self.write_articles(count["articles"], window, mentions)
        self.make_status_changes(plans)
        self.make_discrepancies([plan for plan in plans if plan.dispute])
