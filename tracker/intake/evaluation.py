"""How well the intake assistant reads real articles: precision and recall on ``intake_corpus/``.

Each corpus article is a text (``texts/<slug>.txt``, as published) and a gold
file labelled by hand (``gold/<slug>.json``): its source, date and licence, and
what a careful editor finds in it. Amounts, counts, dates and quotes are scored
mention by mention: a candidate is right when its span overlaps the labelled
excerpt and it reads the same value (amount and currency; number, and the noun
it counts; date and precision; for quotes, the speaker's surname in the speaker
it names). Countries, organisations, people and events are scored as the set
an article mentions. Precision is right candidates over candidates; recall is
labelled items found over labelled items.
"""

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from . import Candidate, Kind, Lexicon, find_in_text

CORPUS = Path(settings.BASE_DIR) / "intake_corpus"
TYPES = ("quotes", "amounts", "counts", "dates", "countries", "organisations", "people", "events")


@dataclass
class Score:
    right: int = 0  # candidates that match a labelled item
    proposed: int = 0
    found: int = 0  # labelled items a candidate matches
    labelled: int = 0

    def add(self, other: "Score") -> None:
        self.right += other.right
        self.proposed += other.proposed
        self.found += other.found
        self.labelled += other.labelled

    @property
    def precision(self) -> float:
        return self.right / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 1.0


@dataclass
class Article:
    slug: str
    text: str
    gold: dict

    @property
    def published_on(self) -> datetime.date:
        return datetime.date.fromisoformat(self.gold["published_on"])


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in TYPES})

    @property
    def overall(self) -> Score:
        total = Score()
        for score in self.scores.values():
            total.add(score)
        return total


def articles(corpus: Path = CORPUS) -> list[Article]:
    found = []
    for gold_path in sorted((corpus / "gold").glob("*.json")):
        text = (corpus / "texts" / f"{gold_path.stem}.txt").read_text(encoding="utf-8")
        found.append(Article(gold_path.stem, text, json.loads(gold_path.read_text("utf-8"))))
    return found


def evaluate(lexicon: Lexicon, corpus: Path = CORPUS) -> Report:
    report = Report()
    for article in articles(corpus):
        candidates = find_in_text(article.text, lexicon, article.published_on)
        for kind, score in score_article(article, candidates).items():
            report.scores[kind].add(score)
    return report


def score_article(article: Article, candidates: list[Candidate]) -> dict[str, Score]:
    of = {kind: [c for c in candidates if c.kind == kind] for kind in Kind.ALL}
    gold = article.gold
    return {
        "quotes": _mentions(article.text, gold["quotes"], of[Kind.QUOTE], "starts", _same_quote),
        "amounts": _mentions(
            article.text, gold["amounts"], of[Kind.MONEY], "excerpt", _same_amount
        ),
        "counts": _mentions(article.text, gold["counts"], of[Kind.FIGURE], "excerpt", _same_count),
        "dates": _mentions(article.text, gold["dates"], of[Kind.DATE], "excerpt", _same_date),
        "countries": _sets(
            set(gold["countries"]), {code for c in of[Kind.COUNTRY] for code in c.country_codes}
        ),
        "organisations": _names(gold["organisations"], of[Kind.ORGANISATION]),
        "people": _names(gold["people"], of[Kind.PERSON]),
        "events": _names(gold["events"], of[Kind.EVENT]),
    }


def _mentions(text: str, labelled: list[dict], candidates: list[Candidate], key, same) -> Score:
    """One to one, in text order: each labelled item to the first overlapping candidate
    that reads it the same way."""
    spans = _locate(text, [item[key] for item in labelled])
    used: set[int] = set()
    found = 0
    for item, (start, end) in zip(labelled, spans, strict=True):
        for index, candidate in enumerate(candidates):
            if index in used or not (candidate.start < end and start < candidate.end):
                continue
            if same(item, candidate):
                used.add(index)
                found += 1
                break
    return Score(right=len(used), proposed=len(candidates), found=found, labelled=len(labelled))


def _locate(text: str, excerpts: list[str]) -> list[tuple[int, int]]:
    """Where each excerpt is: the n-th label of the same words is their n-th occurrence."""
    seen: dict[str, int] = {}
    spans = []
    for excerpt in excerpts:
        start = -1
        for _ in range(seen.get(excerpt, 0) + 1):
            start = text.find(excerpt, start + 1)
            if start < 0:
                raise ValueError(f"“{excerpt}” is not in the text as often as it is labelled")
        seen[excerpt] = seen.get(excerpt, 0) + 1
        spans.append((start, start + len(excerpt)))
    return spans


def _same_quote(item: dict, candidate: Candidate) -> bool:
    surname = item["speaker"].split()[-1].lower()
    return surname in candidate.speaker_name.lower()


def _same_amount(item: dict, candidate: Candidate) -> bool:
    return (candidate.amount_minor, candidate.currency) == (item["minor"], item["currency"])


def _same_count(item: dict, candidate: Candidate) -> bool:
    noun = item["what"].split()[-1].lower()[:4]
    return candidate.value == Decimal(item["value"]) and noun in candidate.excerpt.lower()


def _same_date(item: dict, candidate: Candidate) -> bool:
    if candidate.date is None:
        return False
    labelled = datetime.date.fromisoformat(item["date"])
    return (candidate.date, candidate.date_precision) == (labelled, item["precision"])


def _sets(labelled: set, proposed: set) -> Score:
    right = len(labelled & proposed)
    return Score(right=right, proposed=len(proposed), found=right, labelled=len(labelled))


def _names(labelled: list[str], candidates: list[Candidate]) -> Score:
    proposed = {c.label.lower() for c in candidates}
    wanted = [name.lower() for name in labelled]
    right = sum(any(_names_match(p, w) for w in wanted) for p in proposed)
    found = sum(any(_names_match(p, w) for p in proposed) for w in wanted)
    return Score(right=right, proposed=len(proposed), found=found, labelled=len(wanted))


def _names_match(proposed: str, wanted: str) -> bool:
    return wanted in proposed or proposed.split(" (")[0] in wanted


def table(report: Report) -> str:
    lines = [
        f"{'type':<14} {'precision':>9} {'recall':>7} {'right/proposed':>15} {'found/labelled':>15}"
    ]
    for kind in (*TYPES, "overall"):
        score = report.overall if kind == "overall" else report.scores[kind]
        lines.append(
            f"{kind:<14} {score.precision:>9.2f} {score.recall:>7.2f} "
            f"{f'{score.right}/{score.proposed}':>15} {f'{score.found}/{score.labelled}':>15}"
        )
    return "\n".join(lines)
