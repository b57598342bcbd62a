"""Markup drawn in Python where the template language is too slow for the number of
elements (a drop-down's hundreds of options, a chart's bars, a map's countries), with the
same escaping as ``{{ value }}``."""

from html import escape


def escaped(value) -> str:
    """``conditional_escape(value)`` without its lazy-string wrapper, which costs more than
    the escaping itself: safe strings as they are, anything else escaped."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))
