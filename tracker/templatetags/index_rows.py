"""The rows of the indexes' tables, drawn in Python: figures, announcements, people, events
and organisations, 25 a page. Through the template language a row cost some twenty
lookups and filters, each a call through the template machinery, about 4–7 ms a page
(benchmarks/RESULTS.md, lists7), as the commitments' and countries' rows did
(tracker/templatetags/list_rows.py). The markup is the one the templates wrote, escaped
the same way; tests/views/test_index_rows.py compares the two.

{% figure_rows rows %}
{% announcement_rows rows %}
{% person_rows rows quote_list announcement_list %}
{% event_rows rows announcement_list quote_list %}
{% organisation_rows rows commitment_list %}
"""

from collections.abc import Callable, Iterable

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from tracker.formatting import current_locale, figure_value, fuzzy_date, iso_date, number
from tracker.markup import escaped

register = template.Library()

NONE_NAMED = '<span class="zero">None named</span>'
UNDATED = '<span class="zero">Undated</span>'
NOT_RECORDED = '<span class="zero">Not recorded</span>'
INTERNATIONAL = '<span class="zero">International</span>'


def _rows(draw: Callable[[object, str], str], records: Iterable) -> SafeString:
    """Each record's row as the template's loop drew it: a line break and indent before
    the row, one after it."""
    locale = current_locale()
    return mark_safe("".join(f"\n    {draw(record, locale)}\n    " for record in records))


def _countries(record) -> str:
    """Their names, or "None named" for none (not for one whose name is empty, as the
    template's ``{% empty %}``)."""
    countries = record.countries.all()
    if not countries:
        return NONE_NAMED
    return ", ".join(escaped(country.name) for country in countries)


def _time(day, precision: str, locale: str) -> str:
    return (
        f'<time datetime="{escaped(iso_date(day, precision))}">'
        f"{escaped(fuzzy_date(day, precision, locale))}</time>"
    )


def _counted(count: int, label: str, link: str, locale: str) -> str:
    """A count, greyed out when it is zero, linked to the list of what it counts."""
    if not count:
        return f'<td class="num zero" data-label="{label}">0</td>'
    return (
        f'<td class="num" data-label="{label}"><a href="{link}">'
        f"{escaped(number(count, locale))}</a></td>"
    )


def _place(record) -> str:
    """Its country's link; nothing if it has none."""
    if record.country:
        return (
            f'<a href="{escaped(record.country.get_absolute_url())}">'
            f"{escaped(record.country.name)}</a>"
        )
    return ""


def _figure(figure, locale: str) -> str:
    url = escaped(figure.get_absolute_url())
    label = escaped(figure.label)
    if figure.period_label:
        period = escaped(figure.period_label)
    elif figure.period_end:
        period = f"to {escaped(fuzzy_date(figure.period_end, 'day', locale))}"
    else:
        period = '<span class="zero">Not given</span>'
    sources = escaped(number(figure.source_count, locale))
    plural = "" if figure.source_count == 1 else "s"
    return (
        f'<tr class="figure-row" data-slug="{escaped(figure.slug)}">\n'
        f'      <td class="num" data-label="Figure"><a href="{url}">'
        f"{escaped(capfirst(figure_value(figure, locale)))}</a></td>\n"
        f'      <th scope="row" class="title-cell">{label}</th>\n'
        f'      <td data-label="Period">{period}</td>\n'
        f'      <td data-label="Countries">{_countries(figure)}</td>\n'
        f'      <td class="num" data-label="Sources"><a href="{url}#sources-heading" '
        f'aria-label="{sources} source article{plural} of “{label}”">{sources}</a></td>\n'
        "    </tr>"
    )


def _announcement(announcement, locale: str) -> str:
    day = announcement.announced_on
    date = _time(day, announcement.announced_on_precision, locale) if day else UNDATED
    speaker = (
        f'<a href="{escaped(announcement.speaker.get_absolute_url())}">'
        f"{escaped(announcement.speaker.name)}</a>"
        if announcement.speaker
        else '<span class="zero">Not named</span>'
    )
    event = (
        f'<a href="{escaped(announcement.event.get_absolute_url())}">'
        f"{escaped(announcement.event.name)}</a>"
        if announcement.event
        else '<span class="zero">None</span>'
    )
    count = announcement.commitment_count
    return (
        f'<tr class="announcement-row" data-slug="{escaped(announcement.slug)}">\n'
        f'      <th scope="row" class="title-cell"><a href="'
        f'{escaped(announcement.get_absolute_url())}">{escaped(announcement.title)}</a></th>\n'
        f'      <td data-label="Date">{date}</td>\n'
        f'      <td data-label="Speaker">{speaker}</td>\n'
        f'      <td data-label="Event">{event}</td>\n'
        f'      <td data-label="Countries">{_countries(announcement)}</td>\n'
        f'      <td class="num{"" if count else " zero"}" data-label="Commitments">'
        f"{escaped(number(count, locale))}</td>\n"
        "    </tr>"
    )


def _latest_role(person, locale: str) -> str:
    """The person's latest role (``latest_roles``: ``PersonQuerySet.for_index_page()``),
    with where its dates come from."""
    role = next(iter(person.latest_roles), None)
    if not role:
        return '<span class="zero">None recorded</span>'
    shown = escaped(role.title)
    if role.organisation:
        shown += f", {escaped(role.organisation)}"
    if role.ended_on:
        until = escaped(fuzzy_date(role.ended_on, "day", locale))
        shown += f' <span class="meta">(until {until})</span>'
    roles = f"{escaped(person.get_absolute_url())}#roles-heading"
    if not role.citation_id:
        shown += (
            f' <a class="meta background-mark" href="{roles}">'
            "background, not from the cited articles</a>"
        )
    elif role.background_reference and role.ended_on:
        shown += f' <a class="meta background-mark" href="{roles}">dates: background</a>'
    return shown


def _person(person, locale: str, quote_list: str, announcement_list: str) -> str:
    slug = escaped(person.slug)
    honorific = f"{escaped(person.honorific)} " if person.honorific else ""
    quotes = _counted(person.quote_count, "Quotes", f"{quote_list}?speaker={slug}", locale)
    announcements = _counted(
        person.announcement_count, "Announcements", f"{announcement_list}?speaker={slug}", locale
    )
    return (
        f'<tr class="person-row" data-slug="{slug}">\n'
        f'      <th scope="row" class="title-cell"><a href="{escaped(person.get_absolute_url())}">'
        f"{honorific}{escaped(person.name)}</a></th>\n"
        f'      <td data-label="Country">{_place(person) or NOT_RECORDED}</td>\n'
        f'      <td data-label="Latest role">{_latest_role(person, locale)}</td>\n'
        f"      {quotes}\n"
        f"      {announcements}\n"
        "    </tr>"
    )


def _event(event, locale: str, announcement_list: str, quote_list: str) -> str:
    slug = escaped(event.slug)
    if event.starts_on:
        date = _time(event.starts_on, event.starts_on_precision, locale)
        if event.ends_on and event.ends_on != event.starts_on:
            date += f" to {_time(event.ends_on, event.starts_on_precision, locale)}"
    else:
        date = UNDATED
    place = ""
    if event.location:
        place = escaped(event.location) + (", " if event.country else "")
    if event.country:
        place += _place(event)
    elif not event.location:
        place = NOT_RECORDED
    announcements = _counted(
        event.announcement_count, "Announcements", f"{announcement_list}?event={slug}", locale
    )
    quotes = _counted(event.quote_count, "Quotes", f"{quote_list}?event={slug}", locale)
    return (
        f'<tr class="event-row" data-slug="{slug}">\n'
        f'      <th scope="row" class="title-cell"><a href="{escaped(event.get_absolute_url())}">'
        f"{escaped(event.name)}</a></th>\n"
        f'      <td data-label="Date">{date}</td>\n'
        f'      <td data-label="Place">{place}</td>\n'
        f"      {announcements}\n"
        f"      {quotes}\n"
        "    </tr>"
    )


def _organisation(organisation, locale: str, commitment_list: str) -> str:
    slug = escaped(organisation.slug)
    count = organisation.announcement_count
    commitments = _counted(
        organisation.commitment_count,
        "Commitments",
        f"{commitment_list}?organisation={slug}",
        locale,
    )
    return (
        f'<tr class="organisation-row" data-slug="{slug}">\n'
        f'      <th scope="row" class="title-cell"><a href="'
        f'{escaped(organisation.get_absolute_url())}">{escaped(organisation)}</a></th>\n'
        f'      <td data-label="Country">{_place(organisation) or INTERNATIONAL}</td>\n'
        f"      {commitments}\n"
        f'      <td class="num{"" if count else " zero"}" data-label="Announcements">'
        f"{escaped(number(count, locale))}</td>\n"
        "    </tr>"
    )


@register.simple_tag
def figure_rows(figures) -> SafeString:
    """A row per figure: its value (to its page), what it counts, its period, its
    countries and its source articles counted (to its sources)."""
    return _rows(_figure, figures)


@register.simple_tag
def announcement_rows(announcements) -> SafeString:
    """A row per announcement: title (to its page), date, speaker, event, countries and its
    published commitments counted."""
    return _rows(_announcement, announcements)


@register.simple_tag
def person_rows(people, quote_list: str, announcement_list: str) -> SafeString:
    """A row per person: name (to their page), country, latest role, and their quotes and
    announcements counted (to the lists of them)."""
    quotes, announcements = escaped(quote_list), escaped(announcement_list)
    return _rows(lambda person, locale: _person(person, locale, quotes, announcements), people)


@register.simple_tag
def event_rows(events, announcement_list: str, quote_list: str) -> SafeString:
    """A row per event: name (to its page), dates, place, and its announcements and quotes
    counted (to the lists of them)."""
    announcements, quotes = escaped(announcement_list), escaped(quote_list)
    return _rows(lambda event, locale: _event(event, locale, announcements, quotes), events)


@register.simple_tag
def organisation_rows(organisations, commitment_list: str) -> SafeString:
    """A row per organisation: name (to its page), country, and its commitments (to the
    list of them) and announcements counted."""
    commitments = escaped(commitment_list)
    return _rows(
        lambda organisation, locale: _organisation(organisation, locale, commitments),
        organisations,
    )
