"""Each status has its own colour, and its words stay readable on it (WCAG 2.2 AA)."""

import re

from django.conf import settings

from tracker.models import CommitmentStatus

CSS = (settings.BASE_DIR / "static" / "tracker" / "tracker.css").read_text()


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def chip(status: str) -> dict[str, str]:
    rule = re.search(rf"\.status-chip--{status}, \.tag--status-{status} \{{([^}}]+)\}}", CSS)
    assert rule, status
    return dict(re.findall(r"(--status|background|color): (#[0-9a-f]{6})", rule.group(1)))


def test_every_status_chip_is_readable_and_its_own_colour():
    chips = {status: chip(status) for status in CommitmentStatus.values}
    for status, colours in chips.items():
        assert contrast(colours["color"], colours["background"]) >= 4.5, status
        # The bar's segment and the chip's edge: a graphic, 3:1 against the white page.
        assert contrast(colours["--status"], "#ffffff") >= 3, status
    assert len({colours["--status"] for colours in chips.values()}) == len(chips)
    assert len({colours["background"] for colours in chips.values()}) == len(chips)


def test_the_meter_bar_draws_each_status_in_its_chip_colour():
    for status in CommitmentStatus.values:
        fill = re.search(rf"\.status-fill--{status} \{{ fill: (#[0-9a-f]{{6}}); \}}", CSS)
        assert fill and fill.group(1) == chip(status)["--status"], status
