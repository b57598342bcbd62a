"""Synthetic data for benchmarks: the shape of a newsroom's years of records, none of it real.

The set is made one chunk of source articles at a time: the chunk's
announcements, commitments, quotes and figures are bulk inserted, then the
articles that report them are written sentence by sentence, keeping the
offsets of every sentence a citation quotes, so no excerpt is searched for.
"""

import bisect
import datetime
import math
import random
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, transaction

from tracker import models as m

from .marking import SLUG_PREFIX, SYNTHETIC_NOTE, SYNTHETIC_PUBLISHER
from .vocabulary import (
    CONTEXTS,
    CURRENCIES,
    CURRENCY_WEIGHTS,
    EVENT_KINDS,
    FIGURE_LABELS,
    FILLERS,
    FIRST_NAMES,
    FOCI,
    FUNDING_TYPES,
    FUNDING_WEIGHTS,
    KIND_WEIGHTS,
    KINDS,
    LAST_NAMES,
    ORG_KINDS,
    PLEDGES,
    PURPOSES,
    QUALIFIERS,
    QUOTE_ACTIONS,
    QUOTE_CODAS,
    QUOTE_OPENERS,
    ROLE_TITLES,
    STATUS_PHRASES,
    STATUS_WEIGHTS,
    THEMES,
    and_list,
    capitalise,
    in_prose,
    say_amount,
    say_date,
)

ARTICLES_PER_CHUNK = 100
FIRST_DAY, LAST_ANNOUNCED = datetime.date(2018, 1, 1), datetime.date(2024, 12, 31)
DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Sizes:
    """How many records of each kind; everything scales with the number of commitments."""

    commitments: int
    quotes: int
    articles: int
    announcements: int
    figures: int
    discrepancies: int
    people: int
    organisations: int
    events: int
    countries: int = 200

    @classmethod
    def for_commitments(cls, n: int) -> "Sizes":
        return cls(
            commitments=n,
            quotes=n // 2,
            articles=max(1, n // 5),
            announcements=n // 10,
            figures=n // 20,
            discrepancies=n // 50,
            people=max(10, n // 200),
            organisations=max(10, n // 250),
            events=max(5, n // 500),
        )


@dataclass
class Mention:
    """A sentence of an article that a citation quotes, whole or the ``span`` of it."""

    target: str
    record: object
    sentence: str
    reported_on: datetime.date
    span: tuple[int, int] | None = None
    citation: m.Citation | None = None


@dataclass
class Plan:
    """A commitment and what it needs beyond its row: parties, history, reports, dispute."""

    record: m.Commitment
    parties: list = field(default_factory=list)
    noun: str = ""
    history: list = field(default_factory=list)
    mentions: list = field(default_factory=list)
    dispute: tuple[str, str, str] | None = None  # aspect, right value, wrong value


class ArticleText:
    """An article's text, written one sentence at a time, three to a paragraph."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = self.in_paragraph = 0

    def add(self, sentence: str) -> int:
        """Append the sentence; return the offset where it starts."""
        if self.parts:
            separator = " " if self.in_paragraph < 3 else "\n\n"
            self.in_paragraph = self.in_paragraph if separator == " " else 0
            self.parts.append(separator)
            self.length += len(separator)
        start = self.length
        self.parts.append(sentence)
        self.length += len(sentence)
        self.in_paragraph += 1
        return start

    def __str__(self) -> str:
        return "".join(self.parts)


def distinct(*items) -> list:
    return list(dict.fromkeys(items))


class Generator:
    def __init__(self, sizes: Sizes, seed: int = 1, batch_size: int = 2000, progress=None):
        self.sizes, self.batch_size = sizes, batch_size
        self.rng = random.Random(seed)
        self.progress = progress or (lambda done, total: None)
        self.counts: Counter = Counter()
        self.serial: Counter = Counter()

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

    def insert(self, model, objects: list) -> list:
        model.objects.bulk_create(objects, batch_size=self.batch_size)
        self.counts[model._meta.verbose_name_plural] += len(objects)
        return objects

    def slug(self, kind: str) -> str:
        self.serial[kind] += 1
        return f"{SLUG_PREFIX}{kind}-{self.serial[kind]:06d}"

    def day(self, low: datetime.date, high: datetime.date) -> datetime.date:
        return low + self.rng.randint(0, (high - low).days) * DAY

    def country(self, exclude=()) -> m.Country:
        """A party country: the home country (the UK) often, any of the others otherwise."""
        rng = self.rng
        while True:
            country = self.home if rng.random() < 0.3 else rng.choice(self.countries)
            if country not in exclude:
                return country

    def pick(self, choices, chance: float):
        """One of ``choices`` with the given chance, else None."""
        return self.rng.choice(choices) if choices and self.rng.random() < chance else None

    def analyse(self) -> None:
        """Refresh the query planner's statistics, as after any bulk load."""
        with connection.cursor() as cursor:
            for model in apps.get_app_config("tracker").get_models(include_auto_created=True):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

    def make_actors(self) -> None:
        rng, sizes = self.rng, self.sizes
        everyone = list(m.Country.objects.order_by("code"))
        chosen = rng.sample(everyone, min(sizes.countries, len(everyone)))
        self.home = next((c for c in everyone if c.code == "GB"), chosen[0])
        if self.home not in chosen:
            chosen[-1] = self.home
        self.countries = sorted(chosen, key=lambda country: country.code)
        self.organisations = []
        for n in range(sizes.organisations):
            country = None if rng.random() < 0.1 else self.country()
            kind = rng.choice(ORG_KINDS)
            self.organisations.append(
                m.Organisation(
                    name=f"{kind} of {country.name if country else 'the region'} {n + 1}",
                    slug=self.slug("organisation"),
                    abbreviation="".join(word[0] for word in kind.split()),
                    country=country,
                    description=SYNTHETIC_NOTE,
                )
            )
        self.insert(m.Organisation, self.organisations)
        self.people, roles = [], []
        for _ in range(sizes.people):
            person = m.Person(
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                slug=self.slug("person"),
                honorific=rng.choice(("", "", "", "Dr", "Sir", "Dame")),
                country=self.country(),
                description=SYNTHETIC_NOTE,
            )
            self.people.append(person)
            started = FIRST_DAY - rng.randint(0, 1500) * DAY
            for _ in range(rng.randint(1, 2)):
                ended = started + rng.randint(400, 2500) * DAY
                title, until = rng.choice(ROLE_TITLES), ended if ended < LAST_ANNOUNCED else None
                roles.append(
                    m.Role(
                        person=person,
                        title=title,
                        country=person.country,
                        started_on=started,
                        ended_on=until,
                    )
                )
                if until is None:  # still held: no later role
                    break
                started = ended
        self.insert(m.Person, self.people)
        self.insert(m.Role, roles)
        events = []
        for _ in range(sizes.events):
            country, starts = self.country(), self.day(FIRST_DAY, LAST_ANNOUNCED)
            events.append(
                m.Event(
                    name=f"{rng.choice(EVENT_KINDS)}, {country.name} {starts.year}",
                    slug=self.slug("event"),
                    location=f"Conference centre, {country.name}",
                    country=country,
                    starts_on=starts,
                    ends_on=starts + rng.randint(0, 2) * DAY,
                    description=SYNTHETIC_NOTE,
                )
            )
        self.events = sorted(self.insert(m.Event, events), key=lambda event: event.starts_on)
        self.event_days = [event.starts_on for event in self.events]

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
        self.make_discrepancies([plan for plan in plans if plan.dispute])

    def make_announcements(self, count, window) -> tuple[list, list[Mention]]:
        made, mentions, countries, orgs = [], [], [], []
        by_country, by_org = m.Announcement.countries.through, m.Announcement.organisations.through
        for _ in range(count):
            event = self.pick(self.window_events, 0.5)
            speaker, theme = self.rng.choice(self.people), self.rng.choice(THEMES)
            day = event.starts_on if event else self.day(*window)
            record = m.Announcement(
                slug=self.slug("announcement"),
                publication=m.Publication.PUBLISHED,
                title=f"{speaker.country.name} announces new measures on {theme}",
                summary=f"New measures on {theme}, announced by {speaker.name}. {SYNTHETIC_NOTE}",
                announced_on=day,
                speaker=speaker,
                event=event,
            )
            made.append(record)
            at = f" at the {event.name}" if event else ""
            sentence = f"On {say_date(day)}, {speaker.name} announced new measures on {theme}{at}."
            mentions.append(Mention("announcement", record, sentence, day))
            for country in distinct(speaker.country, self.country()):
                countries.append(by_country(announcement=record, country=country))
            if organisation := self.pick(self.organisations, 0.5):
                orgs.append(by_org(announcement=record, organisation=organisation))
        self.insert(m.Announcement, made)
        self.insert(by_country, countries)
        self.insert(by_org, orgs)
        return made, mentions

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

    def make_quotes(self, count, window, anns) -> list[Mention]:
        rng, made, mentions, countries = self.rng, [], [], []
        for _ in range(count):
            ann = self.pick(anns, 0.4)
            speaker = ann.speaker if ann else rng.choice(self.people)
            day = ann.announced_on if ann else self.day(*window)
            first = f"{rng.choice(QUOTE_OPENERS)} {rng.choice(QUOTE_ACTIONS)}"
            text, context = f"{first}, and {rng.choice(QUOTE_CODAS)}", rng.choice(CONTEXTS)
            record = m.Quote(
                slug=self.slug("quote"),
                publication=m.Publication.PUBLISHED,
                text=text,
                speaker=speaker,
                said_on=day,
                event=ann.event if ann else None,
                context=context,
                announcement=ann,
            )
            made.append(record)
            sentence = f"“{text},” {speaker.name} said {context}."
            mentions.append(Mention("quote", record, sentence, day, (1, 1 + len(text))))
            if rng.random() < 0.3:  # another article quotes less of it, in its own words
                opening = f"{speaker.name} told reporters: “"
                span = (len(opening), len(opening) + len(first))
                later = day + rng.randint(1, 3) * DAY
                mentions.append(Mention("quote", record, f"{opening}{first}.”", later, span))
            for country in distinct(speaker.country, self.country()):
                countries.append(m.Quote.countries.through(quote=record, country=country))
        self.insert(m.Quote, made)
        self.insert(m.Quote.countries.through, countries)
        return mentions

    def make_figures(self, count, window, anns) -> list[Mention]:
        rng, made, mentions, countries = self.rng, [], [], []
        for _ in range(count):
            country, (label, unit) = self.country(), rng.choice(FIGURE_LABELS)
            label, qualifier = label.format(in_prose(country)), rng.choice(list(QUALIFIERS))
            reported = self.day(*window)
            year, value = reported.year - 1, rng.randint(10, 100_000)
            record = m.Figure(
                slug=self.slug("figure"),
                publication=m.Publication.PUBLISHED,
                label=capitalise(label),
                value=value,
                unit=unit,
                qualifier=qualifier,
                period_label=f"in {year}",
                period_start=datetime.date(year, 1, 1),
                period_end=datetime.date(year, 12, 31),
                note=SYNTHETIC_NOTE,
                announcement=self.pick(anns, 0.3),
            )
            made.append(record)
            sentence = f"{QUALIFIERS[qualifier]}{value:,} {label} in {year}, official figures show."
            mentions.append(Mention("figure", record, capitalise(sentence), reported))
            countries.append(m.Figure.countries.through(figure=record, country=country))
        self.insert(m.Figure, made)
        self.insert(m.Figure.countries.through, countries)
        return mentions

    def write_articles(self, count, window, mentions: list[Mention]) -> None:
        """Write the chunk's articles from the mentions, in order of the day they report.

        Each article reports what happened in a few days; a record's two reports go to two.
        """
        rng = self.rng
        cited: list[list[Mention]] = [[] for _ in range(count)]
        last_placed: dict[int, int] = {}
        by_day = sorted(mentions, key=lambda mention: mention.reported_on)
        for position, mention in enumerate(by_day):
            index = position * count // len(by_day)
            if count > 1 and last_placed.get(id(mention.record)) == index:
                index = (index + 1) % count
            last_placed[id(mention.record)] = index
            cited[index].append(mention)
        articles, citations = [], []
        for reports in cited:
            rng.shuffle(reports)
            text, located = ArticleText(), []
            text.add(rng.choice(FILLERS))
            for mention in reports:
                start, end = mention.span or (0, len(mention.sentence))
                offset = text.add(mention.sentence)
                located.append((mention, offset + start, offset + end))
                if rng.random() < 0.4:
                    text.add(rng.choice(FILLERS))
            first = reports[0].record if reports else None
            headline = getattr(first, "title", None) or getattr(first, "label", None)
            if isinstance(first, m.Quote):
                headline = f"{first.speaker.name}: “{first.text}”"
            reported = max((x.reported_on for x in reports), default=self.day(*window))
            article = m.SourceArticle(
                slug=self.slug("article"),
                headline=(headline or "Talks continue")[:300],
                publisher=SYNTHETIC_PUBLISHER,
                url=f"https://synthetic.invalid/articles/{self.serial['article']}",
                published_on=reported + rng.randint(0, 2) * DAY,
                text=str(text),
                editor_notes=SYNTHETIC_NOTE,
                publication=m.Publication.PUBLISHED,
            )
            articles.append(article)
            for mention, start, end in located:
                excerpt = article.text[start:end]
                mention.citation = m.Citation(
                    source=article,
                    excerpt=excerpt,
                    start=start,
                    end=end,
                    **{mention.target: mention.record},
                )
                citations.append(mention.citation)
        self.insert(m.SourceArticle, articles)
        self.insert(m.Citation, citations)

    def make_discrepancies(self, plans: list[Plan]) -> None:
        made, versions = [], []
        for plan in plans:
            aspect, right, wrong = plan.dispute
            question = "How much was promised" if aspect == "amount" else "When it was announced"
            resolved = self.rng.random() < 0.5
            discrepancy = m.Discrepancy(
                slug=self.slug("discrepancy"),
                subject=f"{question}: {plan.record.title}"[:300],
                aspect=aspect,
                status="resolved" if resolved else "open",
                resolution=f"The government's own statement gives {right}." if resolved else "",
            )
            made.append(discrepancy)
            first, second = (mention.citation for mention in plan.mentions)
            versions += [
                m.DiscrepancyVersion(
                    discrepancy=discrepancy,
                    citation=first,
                    stated_value=right,
                    is_accepted=resolved,
                ),
                m.DiscrepancyVersion(discrepancy=discrepancy, citation=second, stated_value=wrong),
            ]
        self.insert(m.Discrepancy, made)
        self.insert(m.DiscrepancyVersion, versions)
