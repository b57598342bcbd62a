"""Generating the synthetic set, in order, one committed chunk at a time, resumable, with progress.

The set is made one chunk of source articles at a time: the chunk's
announcements, commitments, quotes and figures are bulk inserted, then the
articles that report them are written sentence by sentence, keeping the
offsets of every sentence a citation quotes, so no excerpt is searched for.

The cast and every chunk are committed on their own and draw from random
streams of their own (seeded by the seed and the chunk's number), so an
interrupted run can be taken up again: the database's count of synthetic
records of each kind says how many chunks are in, and the next run makes
the rest, ending with the set a single run makes.
"""

import bisect
import math
import random
from collections import Counter

from django.apps import apps
from django.db import connection, transaction

from tracker import models as m
from tracker.models.actors import count_named_again, defer_counting
from tracker.models.tallies import add_deferred_tallies, defer_tallies

from .actors import ActorRows
from .articles import ArticleRows
from .commitments import CommitmentRows
from .discrepancies import DiscrepancyRows
from .marking import SLUG_PREFIX
from .rows import DAY, FIRST_DAY, LAST_ANNOUNCED, CannotResume, Sizes
from .statements import StatementRows

ARTICLES_PER_CHUNK = 100
# What each chunk makes, as each family of rows declares it (``Rows.CHUNK_KINDS``), in the
# order a database's counts are told when it cannot be resumed.
CHUNK_KINDS = {
    **ArticleRows.CHUNK_KINDS,
    **CommitmentRows.CHUNK_KINDS,
    **StatementRows.CHUNK_KINDS,
    **DiscrepancyRows.CHUNK_KINDS,
}
CAST_MODELS = (m.Organisation, m.Person, m.Event)


class Generator(ActorRows, StatementRows, CommitmentRows, ArticleRows, DiscrepancyRows):
    """A whole synthetic set: the cast first, then chunk after chunk of records and articles."""

    def __init__(self, sizes: Sizes, seed: int = 1, batch_size: int = 2000, progress=None):
        super().__init__(sizes, seed, batch_size)
        self.seed = seed
        self.progress = progress or (lambda done, total: None)
        self.chunks = math.ceil(sizes.articles / ARTICLES_PER_CHUNK)
        self.resumed_from = 0  # the chunks already in the database when it ran

    def run(self) -> Counter:
        """Make the chunks not yet in the database, each committed on its own; return rows made.

        Raises ``CannotResume`` if the database holds synthetic records of another set.
        """
        done = self.resumed_from = self.chunks_done()
        with transaction.atomic():
            if any(
                model.objects.filter(slug__startswith=SLUG_PREFIX).exists() for model in CAST_MODELS
            ):
                self.recall_actors()
            else:
                self.make_actors()
        if done:
            self.check_chunk(done - 1)
        analysed = 0  # chunks in the database when this run last gathered statistics
        for chunk in range(done, self.chunks):
            self.rng = self.chunk_random(chunk)
            with transaction.atomic():
                defer_counting()
                defer_tallies()
                self.make_chunk(chunk)
                add_deferred_tallies()  # last: editors wait for the tally rows only now
            # The triggers' queries are planned from the tables' statistics, which nothing
            # else gathers where autovacuum is off (as on the benchmark's machines): planned
            # for empty tables, each chunk at 100,000 commitments of a 1,000,000 run took ten
            # times as long as the first. Gathered each time the set doubles: a dozen times.
            if chunk + 1 < self.chunks and chunk + 1 >= 2 * analysed:
                self.analyse()
                analysed = chunk + 1
            self.progress(
                self.sizes.commitments * (chunk + 1) // self.chunks, self.sizes.commitments
            )
        # Also after an interrupted run, resumed: its chunks deferred theirs. The counting is
        # planned with the loaded tables' statistics: without them, at 1,000,000 commitments
        # PostgreSQL counted each organisation's commitments by walking every published one
        # (2.4 s an organisation, hours in all); the statistics again after, for the counts.
        self.analyse()
        count_named_again()
        self.analyse()
        return self.counts

    def chunk_random(self, chunk: int) -> random.Random:
        """The chunk's own random stream, so it is drawn alike whichever run makes it."""
        return random.Random(f"{self.seed}/{chunk}")

    def share(self, chunk: int) -> dict[str, int]:
        """How many records of each kind the chunk makes."""
        sizes, chunks = self.sizes, self.chunks
        share = {
            name: getattr(sizes, name) * (chunk + 1) // chunks
            - getattr(sizes, name) * chunk // chunks
            for name in CHUNK_KINDS
        }
        share["discrepancies"] = min(share["discrepancies"], share["commitments"])
        return share

    def made_before(self, chunk: int) -> Counter:
        """How many records of each kind the chunks before this one make."""
        made = Counter()
        for earlier in range(chunk):
            made.update(self.share(earlier))
        return made

    def chunks_done(self) -> int:
        """How many chunks the database holds, from its synthetic records of each kind."""
        held = Counter(
            {
                name: model.objects.filter(slug__startswith=f"{SLUG_PREFIX}{kind}-").count()
                for name, (model, kind) in CHUNK_KINDS.items()
            }
        )
        made = Counter()
        for chunk in range(self.chunks + 1):
            if made == held:
                return chunk
            if chunk < self.chunks:
                made.update(self.share(chunk))
        raise CannotResume(
            "The synthetic records in the database ("
            + ", ".join(f"{count:,} {name}" for name, count in held.items())
            + f") are not the first chunks of a set of {self.sizes.commitments:,} commitments."
        )

    def check_chunk(self, chunk: int) -> None:
        """Make the chunk again without writing it; the database must hold its articles as made.

        Their text says every record they report, so this tells a set made with
        another seed or size whose counts happen to match.
        """
        for name, made in self.made_before(chunk).items():
            self.serial[CHUNK_KINDS[name][1]] = made
        self.replayed = {}
        try:
            self.rng = self.chunk_random(chunk)
            self.make_chunk(chunk)
            articles = self.replayed[m.SourceArticle]
        finally:
            self.replayed = None
        stored = m.SourceArticle.objects.filter(slug__in=[article.slug for article in articles])
        if dict(stored.values_list("slug", "text")) != {a.slug: a.text for a in articles}:
            raise CannotResume(
                f"The synthetic chunk {chunk + 1:,} in the database is not the one this seed and "
                "number of commitments make."
            )

    def analyse(self) -> None:
        """Refresh the query planner's statistics, as after any bulk load."""
        with connection.cursor() as cursor:
            for model in apps.get_app_config("tracker").get_models(include_auto_created=True):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

    def make_chunk(self, chunk: int) -> None:
        span = (LAST_ANNOUNCED - FIRST_DAY).days
        window = (
            FIRST_DAY + span * chunk // self.chunks * DAY,
            FIRST_DAY + span * (chunk + 1) // self.chunks * DAY,
        )
        count = self.share(chunk)
        low = bisect.bisect_left(self.event_days, window[0])
        self.window_events = self.events[low : bisect.bisect_right(self.event_days, window[1])]
        anns, mentions = self.make_announcements(count["announcements"], window)
        plans = self.make_commitments(count["commitments"], window, anns)
        self.plan_disputes(count["discrepancies"], plans)
        mentions += [mention for plan in plans for mention in plan.mentions]
        mentions += self.make_statements(count, window, anns)
        self.write_articles(count["articles"], window, mentions)
        self.make_status_changes(plans)
        self.make_discrepancies([plan for plan in plans if plan.dispute])
