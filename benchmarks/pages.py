"""The benchmark's page types, each with the address its single-request figures use and
distinct addresses of the same type for the load run (benchmarks/distinct.lua), picked from
the database the benchmark measures. Shared by run.py and profile_pages.py."""

from collections.abc import Callable

# Rows per list and API page: tracker.pagination.PER_PAGE, which cannot be imported here
# (the benchmark's driver never loads Django's apps); tests/ops/test_benchmark_pages.py
# checks the two agree.
PER_PAGE = 25

WORDS = ("border", "security", "funding", "police", "migration", "smuggling", "visa", "trade")
KINDS = ("", "&kind=funding", "&kind=partnership", "&kind=pledge")
SORTS = ("", "&sort=oldest", "&sort=amount-desc", "&sort=title")
# The filtered CSV carries every matching row, so its single address is the country whose
# funding commitments number nearest this at every size (the busiest country's grow with
# the data: Grenada's 575 at 100,000, Paraguay's six times the bytes at 1,000,000), and
# growth with the data compares exports of about as many rows. Where no country's come
# within CSV_NEAR of it (at 1,000,000 the fewest number about 1,900), those of one status
# of a country are exported, the one nearest it.
CSV_ROWS = 500
CSV_NEAR = 100


def pick_records(query: Callable[[str], str]) -> dict[str, list[str]]:
    """Records to address, picked from the database just loaded: the countries, commitments
    and organisations with the most published records first."""

    def slugs(sql: str) -> list[str]:
        return query(sql).split()

    # Each country's published commitments, in all and of each kind (KINDS' order), so
    # that an address asks only for pages that exist (a page past the last is a 400).
    sized = [
        line.split("|")
        for line in query(
            "SELECT c.slug, count(*), "
            + ", ".join(
                f"count(*) FILTER (WHERE m.kind = '{kind.split('=')[1]}')" for kind in KINDS[1:]
            )
            + " FROM tracker_country c JOIN tracker_commitmentparty p ON p.country_id = c.code "
            "JOIN tracker_commitment m ON m.id = p.commitment_id AND m.publication = 'published' "
            "WHERE c.code <> 'GB' GROUP BY c.slug ORDER BY count(*) DESC, c.slug"
        ).splitlines()
    ]
    # Each country's published funding of each status, for the filtered CSV's address.
    funding_by_status = [
        line.split("|")
        for line in query(
            "SELECT c.slug, m.status, count(*) FROM tracker_country c "
            "JOIN tracker_commitmentparty p ON p.country_id = c.code "
            "JOIN tracker_commitment m ON m.id = p.commitment_id AND m.publication = 'published' "
            "AND m.kind = 'funding' WHERE c.code <> 'GB' GROUP BY c.slug, m.status"
        ).splitlines()
    ]
    return {
        "country": [slug for slug, *_ in sized],
        "funding by status": [(slug, status, int(n)) for slug, status, n in funding_by_status],
        "size": {slug: dict(zip(KINDS, map(int, counts), strict=True)) for slug, *counts in sized},
        "commitment": slugs(
            "SELECT c.slug FROM tracker_commitment c WHERE c.publication = 'published' "
            "AND c.kind = 'funding' AND EXISTS (SELECT 1 FROM tracker_citation x "
            "WHERE x.commitment_id = c.id) ORDER BY c.id LIMIT 2000 OFFSET "
            "(SELECT count(*) / 2 FROM tracker_commitment WHERE kind = 'funding')"
        ),
        # The announcements list's single address: the country with the most published
        # announcements. The busiest country by commitments may have none (San Marino at
        # 1,000), and an empty page beside a full one is no measure of growth.
        "announcing country": slugs(
            "SELECT c.slug FROM tracker_country c "
            "JOIN tracker_announcement_countries l ON l.country_id = c.code "
            "JOIN tracker_announcement a ON a.id = l.announcement_id "
            "AND a.publication = 'published' WHERE c.code <> 'GB' "
            "GROUP BY c.slug ORDER BY count(*) DESC, c.slug LIMIT 1"
        ),
        "organisation": slugs(
            "SELECT o.slug FROM tracker_organisation o JOIN tracker_commitment c "
            "ON c.funder_id = o.id GROUP BY o.slug ORDER BY count(*) DESC, o.slug"
        ),
        "region": [
            region.replace(" ", "+")
            for region in query(
                "SELECT DISTINCT region FROM tracker_country WHERE region <> '' ORDER BY 1"
            ).splitlines()
        ],
    }


def exported_filters(records: dict) -> str:
    """The filtered CSV's filters: the country's funding commitments that number nearest
    ``CSV_ROWS``, or, where none come within ``CSV_NEAR`` of it, those of one status of a
    country if they come nearer."""
    countries = records["country"]
    nearest = min(  # the first of the busiest where several are as near
        countries, key=lambda c: abs(records["size"][c]["&kind=funding"] - CSV_ROWS)
    )
    distance = abs(records["size"][nearest]["&kind=funding"] - CSV_ROWS)
    by_status = records.get("funding by status") or [(nearest, "", 0)]
    slug, status, rows = min(by_status, key=lambda row: (abs(row[2] - CSV_ROWS), row[0], row[1]))
    # A status only where it comes nearer: at 1,000 every country's funding is fewer.
    if distance <= CSV_NEAR or abs(rows - CSV_ROWS) >= distance:
        return f"country={nearest}&kind=funding"
    return f"country={slug}&kind=funding&status={status}"


def page_addresses(
    records: dict[str, list[str]], only: list[str] = ()
) -> dict[str, tuple[str, dict, list[str]]]:
    """Each page type (those ``only`` names and the baseline, if it names any): its address
    (the one the single-request figures use), its headers, and distinct addresses of the
    same type, none repeated, for the afresh load run."""
    countries, organisations = records["country"], records["organisation"]

    def pages(country: str, kind: str = "", per_page: int = PER_PAGE) -> int:
        return -(-records["size"][country][kind] // per_page)

    country = countries[0]
    htmx = {"HX-Request": "true"}
    filtered = f"/commitments/?country={country}&kind=funding&sort=amount-desc"
    exported = exported_filters(records)

    def lists(page: int = 1) -> list[str]:
        return [
            f"/commitments/?country={c}{kind}{sort}" + (f"&page={page}" if page > 1 else "")
            for sort in SORTS
            for kind in KINDS
            for c in countries
            if pages(c, kind) >= page
        ]

    every = {
        "baseline (minimal view)": ("/_baseline", {}, [f"/_baseline?n={n}" for n in range(9999)]),
        "home": ("/", {}, [f"/?n={n}" for n in range(9999)]),
        "country page": (
            f"/countries/{country}/",
            {},
            [f"/countries/{c}/" + ("?n=1" if n else "") for n in range(20) for c in countries],
        ),
        "commitments, newest first": (
            f"/commitments/?country={country}",
            {},
            [
                f"/commitments/?country={c}&page={p}"
                for p in range(1, 20)
                for c in countries
                if pages(c) >= p
            ],
        ),
        "commitments, filtered": (filtered, {}, lists()),
        "commitments, htmx fragment": (
            filtered + ("&page=2" if pages(country, "&kind=funding") > 1 else ""),
            htmx,
            lists(2),
        ),
        "commitment detail": (
            f"/commitments/{records['commitment'][0]}/",
            {},
            [f"/commitments/{slug}/" for slug in records["commitment"]],
        ),
        "search": (
            "/search/?q=border+security",
            {},
            [f"/search/?q={a}+{b}&n={n}" for n in range(50) for a in WORDS for b in WORDS],
        ),
        "countries index": ("/countries/", {}, [f"/countries/?n={n}" for n in range(9999)]),
        "countries by money in a region": (
            "/countries/?region=Western+Balkans&sort=money",
            {},
            [
                f"/countries/?region={r}&sort={s}&n={n}"
                for n in range(200)
                for r in records["region"]
                for s in ("money", "commitments", "name")
            ],
        ),
        "people index": ("/people/", {}, [f"/people/?n={n}" for n in range(400)]),
        "organisations index": (
            "/organisations/?sort=commitments",
            {},
            [
                f"/organisations/?sort={s}&n={n}"
                for n in range(200)
                for s in ("commitments", "name")
            ],
        ),
        "organisation page": (
            f"/organisations/{organisations[0]}/",
            {},
            [
                f"/organisations/{o}/" + ("?n=1" if n else "")
                for n in range(20)
                for o in organisations
            ],
        ),
        "announcements index, filtered": (
            f"/announcements/?country={(records.get('announcing country') or [country])[0]}",
            {},
            [f"/announcements/?country={c}&n={n}" for n in range(10) for c in countries],
        ),
        "events index": ("/events/", {}, [f"/events/?n={n}" for n in range(400)]),
        "figures index": ("/figures/", {}, [f"/figures/?n={n}" for n in range(400)]),
        "CSV export (filtered list)": (
            f"/commitments/?{exported}&sort=amount-desc&format=csv",
            {},
            [f"/commitments/?country={c}{k}&format=csv" for k in KINDS for c in countries],
        ),
        "API list": (
            f"/api/commitments?country={country}&kind=funding",
            {},
            [
                f"/api/commitments?country={c}{k}&page={p}"
                for p in range(1, 4)
                for k in KINDS
                for c in countries
                if pages(c, k) >= p
            ],
        ),
    }
    if not only:
        return every
    return {
        name: address
        for name, address in every.items()
        if name.startswith("baseline") or any(words in name for words in only)
    }


ONLY_HELP = (
    "measure only the page types whose name contains this (repeatable; the baseline is always"
    " measured), and not the CSV of every commitment; implies --no-write"
)
