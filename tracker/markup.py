"""Markup drawn in Python where the template language is too slow for the number of
elements (a drop-down's hundreds of options, a chart's bars, a map's countries), with the
same escaping as ``{{ value }}``."""

import functools
from html import escape


def escaped(value) -> str:
    """``conditional_escape(value)`` without its lazy-string wrapper, which costs more than
    the escaping itself: safe strings as they are, anything else escaped."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def drawn_attrs(attrs: dict) -> str:
    """Django's ``django/forms/widgets/attrs.html``: `` name="value"``, a bare name for
    True, nothing for False; escaped."""
    return "".join(
        f" {escaped(name)}" if value is True else f' {escaped(name)}="{escaped(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(value, label, selected: bool) -> str:
    chosen = " selected" if selected else ""
    return f'\n  <option value="{escaped(value)}"{chosen}>{escaped(label)}</option>\n'


@functools.lru_cache(maxsize=64)
def _options(choices: tuple[tuple, ...]) -> tuple[str, dict[str, tuple[int, int, int]]]:
    """Every option unselected, and where each value's first option is in it (start, end,
    index in ``choices``)."""
    parts, spans, at = [], {}, 0
    for index, (value, label) in enumerate(choices):
        part = _option(value, label, False)
        spans.setdefault(str(value), (at, at + len(part), index))
        parts.append(part)
        at += len(part)
    return "".join(parts), spans


def drawn_options(choices: tuple[tuple, ...], chosen: list[str]) -> str:
    """A flat drop-down's ``<option>``s as ``select.html`` draws them, the first option whose
    value is among ``chosen`` selected (Django's rule for a single choice), drawn once per
    list of choices: the list of every country or speaker changes only with the data."""
    drawn, spans = _options(choices)
    found = [spans[value] for value in chosen if value in spans]
    if not found:
        return drawn
    start, end, index = min(found)
    return drawn[:start] + _option(*choices[index], True) + drawn[end:]


def drawn_select(widget: dict) -> str:
    """Django's ``select.html`` and ``select_option.html``, the same markup byte for byte,
    drawn in Python: the templates include one template per option (about 90 µs each)
    and the drop-downs offer hundreds (every country, speaker, event), 30–50 ms a page.
    ``options`` drawn beforehand (``drawn_options``), or each of ``optgroups``."""
    html = [f'<select name="{escaped(widget["name"])}"{drawn_attrs(widget["attrs"])}>']
    if "options" in widget:
        html.append(widget["options"])
    for group_name, options, _ in widget.get("optgroups", ()):
        if group_name:
            html.append(f'\n  <optgroup label="{escaped(group_name)}">')
        html.extend(
            f'\n  <option value="{escaped(option["value"])}"'
            f"{drawn_attrs(option['attrs']) if option['attrs'] else ''}>"
            f"{escaped(option['label'])}</option>\n"
            for option in options
        )
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)
