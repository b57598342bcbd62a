"""A record's share image: the 1200×630 PNG a share preview shows (``og:image``).

Drawn with Pillow from ``tracker.sharing.card``: the site's name and the record's type in a
band, a commitment's status, its title, the amount (or a quote's words and who said
them), and how many articles the record cites. Text is wrapped to the image's width and
cut with an ellipsis at the lines its place holds, at the largest size that fits, so no
text leaves the image whatever its length. The fonts are vendored (``share_fonts/``).

``png(card)`` draws; the view keeps the bytes per record and data version
(``remembering.remembered``), so an image is drawn once per edit, not per request.
"""

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from tracker.sharing import Card

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
TEXT_WIDTH = WIDTH - 2 * MARGIN
BAND_HEIGHT = 88
FOOTER_TOP = 540
LINE_SPACING = 1.18
GAP = 20  # between blocks of text
ELLIPSIS = "…"
OPENING_QUOTE, CLOSING_QUOTE = "“", "”"

FONTS = Path(__file__).resolve().parent / "share_fonts"
REGULAR = "SourceSans3_400Regular.ttf"
BOLD = "SourceSans3_700Bold.ttf"

INK = "#16181d"
MUTED = "#50555f"
ACCENT = "#0b4f8a"
PAPER = "#ffffff"
RULE = "#d5d8de"
# The status colours of the site's stylesheet (tracker.css): (edge, background, text).
STATUS_COLOURS = {
    "announced": ("#5b6472", "#eef0f3", "#2f3540"),
    "in_progress": ("#1f6fb5", "#e6f0fa", "#0b3d6e"),
    "delivered": ("#2e7d32", "#e6f4ea", "#1e5b32"),
    "stalled": ("#b26a00", "#fff3e0", "#6b3b00"),
    "broken": ("#c62828", "#fdecea", "#8a1c12"),
    "superseded": ("#6a4c93", "#f3ecf9", "#4d2a6e"),
}


@cache
def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / name), size)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """``text`` in lines no wider than ``width``; a word longer than a line is broken."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while face.getlength(word) > width:  # break it where it fills the line
            cut = next(i for i in range(len(word), 0, -1) if face.getlength(word[:i]) <= width)
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{line} {word}" if line else word
        if face.getlength(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def cut_to(lines: list[str], count: int, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """The first ``count`` lines, the last ending in an ellipsis if anything was left out
    (and in the closing quotation mark, if the text is a quotation)."""
    if len(lines) <= count:
        return lines
    quoted = lines[0].startswith(OPENING_QUOTE) and lines[-1].endswith(CLOSING_QUOTE)
    end = ELLIPSIS + (CLOSING_QUOTE if quoted else "")
    last = lines[count - 1]
    while last and face.getlength(last + end) > width:
        last = last[:-1]
    return [*lines[: count - 1], last.rstrip(" ,.;:") + end]


@dataclass(frozen=True)
class Block:
    """Text set in its font at the largest of ``sizes`` that holds it whole in ``height``
    pixels, else at the smallest, cut with an ellipsis."""

    text: str
    face: str
    sizes: tuple[int, ...]
    height: int
    colour: str = INK

    def set(self) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
        """The font, the lines and the step from one line to the next."""
        for size in self.sizes:
            face = font(self.face, size)
            step = round(size * LINE_SPACING)
            room = max(1, self.height // step)
            lines = wrap(self.text, face, TEXT_WIDTH)
            if len(lines) <= room:
                return face, lines, step
        return face, cut_to(lines, room, face, TEXT_WIDTH), step


def blocks(card: Card, space: int) -> list[Block]:
    """What the image says under its band and status, top to bottom, in ``space`` pixels
    (each block's height followed by ``GAP``)."""
    if card.kind == "Quote":
        byline = Block(f"— {card.byline}", BOLD, (34, 30), round(34 * LINE_SPACING), MUTED)
        words = Block(card.headline, REGULAR, (52, 46, 40, 34), space - byline.height - 2 * GAP)
        return [words, byline]
    if not card.headline and card.among:  # a partnership: who takes part, under its title
        among = Block(card.among, BOLD, (40, 34, 30), round(2 * 40 * LINE_SPACING), ACCENT)
        title = Block(card.title, BOLD, (62, 54, 46, 40), space - among.height - 2 * GAP)
        return [title, among]
    if not card.headline:
        return [Block(card.title, BOLD, (66, 58, 50, 44), space - GAP)]
    amount = Block(card.headline, BOLD, (76, 64, 52, 44), round(76 * LINE_SPACING), ACCENT)
    title = Block(card.title, BOLD, (62, 54, 46, 40), space - amount.height - 2 * GAP)
    return [title, amount]


def draw_band(canvas: ImageDraw.ImageDraw, card: Card) -> None:
    canvas.rectangle((0, 0, WIDTH, BAND_HEIGHT), fill=ACCENT)
    canvas.text(
        (MARGIN, BAND_HEIGHT // 2), "Policy Tracker", font=font(BOLD, 36), fill=PAPER, anchor="lm"
    )
    canvas.text(
        (WIDTH - MARGIN, BAND_HEIGHT // 2),
        card.kind,
        font=font(REGULAR, 30),
        fill=PAPER,
        anchor="rm",
    )


def draw_status(canvas: ImageDraw.ImageDraw, card: Card, top: int) -> int:
    """The status as the site's tag shows it; the top of what follows."""
    edge, background, text = STATUS_COLOURS.get(card.status_code, STATUS_COLOURS["announced"])
    face = font(BOLD, 30)
    width = int(face.getlength(card.status)) + 40
    canvas.rectangle(
        (MARGIN, top, MARGIN + width, top + 48), fill=background, outline=edge, width=2
    )
    canvas.rectangle((MARGIN, top, MARGIN + 8, top + 48), fill=edge)
    canvas.text((MARGIN + 24, top + 24), card.status, font=face, fill=text, anchor="lm")
    return top + 48 + 28


def draw_footer(canvas: ImageDraw.ImageDraw, card: Card) -> None:
    canvas.line((MARGIN, FOOTER_TOP, WIDTH - MARGIN, FOOTER_TOP), fill=RULE, width=2)
    middle = FOOTER_TOP + (HEIGHT - FOOTER_TOP) // 2
    canvas.text((MARGIN, middle), card.sources_line, font=font(BOLD, 32), fill=INK, anchor="lm")
    if card.kind != "Quote" and card.byline:
        canvas.text(
            (WIDTH - MARGIN, middle), card.byline, font=font(REGULAR, 30), fill=MUTED, anchor="rm"
        )


def png(card: Card) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    canvas = ImageDraw.Draw(image)
    draw_band(canvas, card)
    top = BAND_HEIGHT + 40
    if card.status:
        top = draw_status(canvas, card, top)
    for block in blocks(card, FOOTER_TOP - top):
        face, lines, step = block.set()
        for line in lines:
            canvas.text((MARGIN, top), line, font=face, fill=block.colour)
            top += step
        top += GAP
    draw_footer(canvas, card)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
