"""The quotes the intake rules find in a short text, with the speaker each is given."""

import datetime

from tracker.intake import Kind, find_in_text


def speakers(text: str, lexicon) -> list[tuple[str, str]]:
    return [
        (c.excerpt, c.speaker_name)
        for c in find_in_text(text, lexicon, datetime.date(2024, 11, 7))
        if c.kind == Kind.QUOTE
    ]
