"""Announcements, quotes and figures: what was said, each reported in a sentence or two."""

import datetime

from tracker import models as m

from .articles import Mention
from .marking import SYNTHETIC_NOTE
from .rows import DAY, Rows
from .vocabulary import (
    CONTEXTS,
    FIGURE_LABELS,
    QUALIFIERS,
    QUOTE_ACTIONS,
    QUOTE_CODAS,
    QUOTE_OPENERS,
    THEMES,
    capitalise,
    in_prose,
    say_date,
)


def distinct(*items) -> list:
    return list(dict.fromkeys(items))


class StatementRows(Rows):
    """A chunk's announcements, quotes and figures, each with the sentences that report it."""

    CHUNK_KINDS = {
        "quotes": (m.Quote, "quote"),
        "announcements": (m.Announcement, "announcement"),
        "figures": (m.Figure, "figure"),
    }

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

    def make_statements(self, count: dict[str, int], window, anns) -> list[Mention]:
        """A chunk's quotes, then its figures; some said at its announcements (``anns``)."""
        quotes = self.make_quotes(count["quotes"], window, anns)
        return quotes + self.make_figures(count["figures"], window, anns)

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
