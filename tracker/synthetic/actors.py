"""The cast of the synthetic set: its countries, organisations, people and their roles, events.

The cast is drawn from its own seeded random stream, so a resumed run draws it
again and finds it in the database instead of writing it twice.
"""

from tracker import models as m

from .marking import SLUG_PREFIX, SYNTHETIC_NOTE, SYNTHETIC_REFERENCE
from .rows import DAY, FIRST_DAY, LAST_ANNOUNCED, CannotResume, Rows
from .vocabulary import EVENT_KINDS, FIRST_NAMES, LAST_NAMES, ORG_KINDS, ROLE_TITLES


class ActorRows(Rows):
    """The cast, made once before any chunk; every later record draws on it."""

    def make_actors(self) -> None:
        """Draw the cast and write it."""
        roles = self.draw_actors()
        self.insert(m.Organisation, self.organisations)
        self.insert(m.Person, self.people)
        self.insert(m.Role, roles)
        self.insert(m.Event, self.events)
        self.order_events()

    def recall_actors(self) -> None:
        """Draw the cast again and take its rows from the database, which must hold exactly it."""
        self.draw_actors()
        for model, drawn in (
            (m.Organisation, self.organisations),
            (m.Person, self.people),
            (m.Event, self.events),
        ):
            stored = list(
                model.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", "name", "pk")
            )
            if {(slug, name) for slug, name, _ in stored} != {(a.slug, a.name) for a in drawn}:
                raise CannotResume(
                    f"The synthetic {model._meta.verbose_name_plural} in the database are not "
                    "those this seed and number of commitments make."
                )
            ids = {slug: pk for slug, _, pk in stored}
            for actor in drawn:
                actor.pk = ids[actor.slug]
        self.order_events()

    def order_events(self) -> None:
        self.events.sort(key=lambda event: event.starts_on)
        self.event_days = [event.starts_on for event in self.events]

    def draw_actors(self) -> list[m.Role]:
        """Draw the countries, organisations, people and events (unsaved); return the roles."""
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
                        background_reference=SYNTHETIC_REFERENCE,
                    )
                )
                if until is None:  # still held: no later role
                    break
                started = ended
        self.events = []
        for _ in range(sizes.events):
            country, starts = self.country(), self.day(FIRST_DAY, LAST_ANNOUNCED)
            self.events.append(
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
        return roles
