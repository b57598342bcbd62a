"""Commitments: their parties, linked money, titles, status histories and reports.

Every commitment is planned in full (a ``Plan``) before its row is written;
some plans get a later report that disagrees with the first, for
``DiscrepancyRows`` to record once both are cited.
"""

from dataclasses import dataclass, field

from tracker import models as m

from .articles import Mention
from .marking import SYNTHETIC_NOTE
from .rows import DAY, Rows
from .vocabulary import (
    CURRENCIES,
    CURRENCY_WEIGHTS,
    FOCI,
    FUNDING_TYPES,
    FUNDING_WEIGHTS,
    KIND_WEIGHTS,
    KINDS,
    PLEDGES,
    PURPOSES,
    STATUS_PHRASES,
    STATUS_WEIGHTS,
    and_list,
    capitalise,
    in_prose,
    say_amount,
    say_date,
)


@dataclass
class Plan:
    """A commitment and what it needs beyond its row: parties, history, reports, dispute."""

    record: m.Commitment
    parties: list = field(default_factory=list)
    noun: str = ""
    history: list = field(default_factory=list)
    mentions: list = field(default_factory=list)
    dispute: tuple[str, str, str] | None = None  # aspect, right value, wrong value


class CommitmentRows(Rows):
    """A chunk's commitments, planned, written, then given their cited status history."""

    CHUNK_KINDS = {"commitments": (m.Commitment, "commitment")}

    def make_commitments(self, count, window, anns) -> list[Plan]:
        rng, plans = self.rng, []
        for _ in range(count):
            kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
            ann = self.pick(anns, 0.8)
            day = ann.announced_on if ann else self.day(*window)
            record = m.Commitment(
                slug=self.slug("commitment"),
                kind=kind,
                announcement=ann,
                announced_on=day,
                publication=m.Publication.PUBLISHED,
            )
            plan = Plan(record)
            plans.append(plan)
            if kind == "partnership":
                parties = [self.country()]
                for _ in range(rng.choice((1, 1, 2))):
                    parties.append(self.country(exclude=parties))
                plan.parties = [(c, "lead" if n == 0 else "partner") for n, c in enumerate(parties)]
                record.focus, record.novelty = rng.choice(FOCI), rng.choice(("new", "existing"))
                record.signed_on = (
                    day - (0 if record.novelty == "new" else rng.randint(200, 2000)) * DAY
                )
            elif kind == "funding":
                record.currency = rng.choices(list(CURRENCIES), CURRENCY_WEIGHTS)[0]
                record.amount_minor = rng.randint(5, 5000) * 10**7  # £0.5 to £500 million
                record.funding_type = rng.choices(FUNDING_TYPES, FUNDING_WEIGHTS)[0]
                record.funder = rng.choice(self.organisations)
                record.recipient = self.pick(self.organisations, 0.5)
                funder = record.funder.country or self.home
                plan.parties = [(funder, "funder"), (self.country(exclude=[funder]), "recipient")]
                years = rng.randint(1, 5)
                record.purpose, record.period_label = rng.choice(PURPOSES), f"over {years} years"
                record.period_start, record.period_end = day, day + 365 * years * DAY
            else:
                plan.parties = [(self.country(), "lead")]
                if rng.random() < 0.4:
                    plan.parties.append((self.country(exclude=[plan.parties[0][0]]), "concerned"))
        self.link_funding(plans)
        for plan in plans:
            self.describe(plan)
        records = [plan.record for plan in plans]
        self.insert(m.Commitment, [c for c in records if c.funding_type != "additional"])
        # Additions after the money they add to and the totals that hold them.
        self.insert(m.Commitment, [c for c in records if c.funding_type == "additional"])
        parties = [
            m.CommitmentParty(commitment=plan.record, country=country, role=role)
            for plan in plans
            for country, role in plan.parties
        ]
        self.insert(m.CommitmentParty, parties)
        through = m.Commitment.organisations.through
        links = [(plan.record, self.pick(self.organisations, 0.3)) for plan in plans]
        self.insert(through, [through(commitment=c, organisation=o) for c, o in links if o])
        return plans

    def link_funding(self, plans: list[Plan]) -> None:
        """Point additions at the money they add to and, for most, the total that holds them."""
        funding = [plan.record for plan in plans if plan.record.kind == "funding"]
        new = [c for c in funding if c.funding_type == "new"]
        totals = [c for c in funding if c.funding_type == "total"]
        for addition in (c for c in funding if c.funding_type == "additional"):
            if not new:
                addition.funding_type = "new"
                new.append(addition)
                continue
            earlier = addition.adds_to = self.rng.choice(new)
            addition.currency = earlier.currency
            addition.announced_on = max(addition.announced_on, earlier.announced_on)
            same_currency = [total for total in totals if total.currency == earlier.currency]
            if total := self.pick(same_currency, 0.8):
                addition.included_in = total
                total.amount_minor += addition.amount_minor
                total.announced_on = max(total.announced_on, addition.announced_on)

    def describe(self, plan: Plan) -> None:
        """Give the commitment its title, status history and first report."""
        rng, record = self.rng, plan.record
        names = [in_prose(country) for country, _ in plan.parties]
        if record.kind == "partnership":
            record.title = f"{capitalise(and_list(names))}: partnership on {record.focus}"
            article = "an" if record.novelty == "existing" else "a"
            partnership = f"{record.novelty} partnership on {record.focus}"
            plan.noun = f"{article} {partnership} between {and_list(names)}"
        elif record.kind == "funding":
            amount = say_amount(record.amount_minor, record.currency)
            plan.noun = f"{amount} for {record.purpose} in {names[1]}"
            if record.funding_type == "total":
                plan.noun = f"{amount} in total for {record.purpose} in {names[1]}"
            elif record.funding_type == "additional":
                plan.noun = f"an extra {plan.noun}"
            record.title = capitalise(plan.noun)
        else:
            pledge = rng.choice(PLEDGES)
            record.title, plan.noun = (
                f"{capitalise(names[0])}: pledge to {pledge}",
                f"a pledge by {names[0]} to {pledge}",
            )
        record.summary = f"{capitalise(plan.noun)}. {SYNTHETIC_NOTE}"
        who = (
            record.announcement.speaker.name
            if record.announcement
            else f"the government of {names[0]}"
        )
        day = record.announced_on
        sentence = f"On {say_date(day)}, {who} announced {plan.noun}."
        plan.mentions.append(Mention("commitment", record, sentence, day))
        record.status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
        plan.history = [("announced", day)]
        if record.status != "announced":
            if record.status in ("delivered", "stalled", "broken") and rng.random() < 0.5:
                day += rng.randint(15, 200) * DAY
                plan.history.append(("in_progress", day))
            day += rng.randint(15, 200) * DAY
            plan.history.append((record.status, day))
        if record.status != "announced" or rng.random() < 0.2:
            self.follow_up(plan, plan.noun)

    def follow_up(self, plan: Plan, noun: str) -> None:
        """A later report of the commitment, in the words of its latest status."""
        sentence = f"{capitalise(noun)} {STATUS_PHRASES[plan.record.status]}."
        reported = plan.history[-1][1] + self.rng.randint(0, 3) * DAY
        plan.mentions[1:] = [Mention("commitment", plan.record, sentence, reported)]

    def plan_disputes(self, count, plans: list[Plan]) -> None:
        """Make two reports of some commitments disagree: on the amount, or the date."""
        rng = self.rng
        for plan in rng.sample(plans, min(count, len(plans))):
            record = plan.record
            if record.kind == "funding":
                right = say_amount(record.amount_minor, record.currency)
                wrong = say_amount(
                    record.amount_minor + rng.randint(1, 50) * 10**7, record.currency
                )
                plan.dispute = ("amount", right, wrong)
                self.follow_up(plan, plan.noun.replace(right, wrong, 1))
            else:
                right = say_date(record.announced_on)
                wrong = say_date(record.announced_on - rng.randint(1, 30) * DAY)
                plan.dispute = ("date", right, wrong)
                self.follow_up(plan, f"{plan.noun}, first announced on {wrong},")

    def make_status_changes(self, plans: list[Plan]) -> None:
        """Each commitment's status history, every change citing the report that gives it."""
        changes = []
        for plan in plans:
            for n, (status, day) in enumerate(plan.history):
                citation = plan.mentions[min(n, 1)].citation  # the later report for later changes
                label = m.CommitmentStatus(status).label.lower()
                reason = f"Reported {label} on {say_date(day)}." if n else "First announced."
                changes.append(
                    m.StatusChange(
                        commitment=plan.record,
                        status=status,
                        changed_on=day,
                        reason=reason,
                        citation=citation,
                    )
                )
        self.insert(m.StatusChange, changes)
