"""The synthetic source articles, written sentence by sentence around what they report.

The offsets of every sentence a citation quotes are kept as it is written, so
no excerpt is searched for.
"""

import datetime
from dataclasses import dataclass

from tracker import models as m

from .marking import SYNTHETIC_NOTE, SYNTHETIC_PUBLISHER
from .rows import DAY, Rows
from .vocabulary import FILLERS


@dataclass
class Mention:
    """A sentence of an article that a citation quotes, whole or the ``span`` of it."""

    target: str
    record: object
    sentence: str
    reported_on: datetime.date
    span: tuple[int, int] | None = None
    citation: m.Citation | None = None


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


class ArticleRows(Rows):
    """Articles that report a chunk's records, and the citations that quote them."""

    CHUNK_KINDS = {"articles": (m.SourceArticle, "article")}

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
