"""Text as the tracker keeps it: no control characters, no lone surrogates.

Control characters reach the tracker from word processors (a soft line break
is a vertical tab, ``\\x0b``; a page break a form feed) and from files. XML 1.0
cannot carry them, so a single one in a quote broke every Atom feed that listed
it. Every text the tracker stores goes through ``plain_text`` before it is
saved (``strip_control_characters``, a ``pre_save`` on every tracker model,
fixtures included), imported files are cleaned as they are read
(``tracker.admin.imports``), and the feeds clean what they write whatever is
stored (``tracker.feeds``).

A lone surrogate (JSON's ``"\\ud800"`` with no pair) is not a character at all:
it cannot be written as UTF-8, so it is refused with a message, never guessed.
"""

import re

# Line and page breaks become line breaks; tab, line feed and carriage return stay.
LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
TEXT_FIELDS = frozenset({"CharField", "TextField", "SlugField", "URLField", "EmailField"})


class NotACharacter(ValueError):
    """Text holding a lone surrogate, which no file or database can store."""


def lone_surrogate(text: str) -> str | None:
    """The first lone surrogate in ``text`` as its JSON escape (``\\ud800``), if any."""
    found = LONE_SURROGATE.search(text)
    return f"\\u{ord(found.group()):04x}" if found else None


def plain_text(text: str) -> str:
    """``text`` with line and page breaks as line breaks and other control characters gone."""
    if escape := lone_surrogate(text):
        raise NotACharacter(
            f"The text holds {escape}, half of a UTF-16 surrogate pair without its other half, "
            "which is not a character."
        )
    return CONTROL_CHARACTERS.sub("", text.translate(LINE_BREAKS))


def xml_safe(text: str) -> str:
    """For output: ``text`` that XML 1.0 can carry, whatever was stored."""
    text = LONE_SURROGATE.sub("\N{REPLACEMENT CHARACTER}", text)
    return CONTROL_CHARACTERS.sub("", text.translate(LINE_BREAKS))


def strip_control_characters(sender, instance, **kwargs) -> None:
    """``pre_save`` of every tracker model: each text field as ``plain_text``."""
    for field in sender._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(value, str) and field.get_internal_type() in TEXT_FIELDS:
            setattr(instance, field.attname, plain_text(value))
