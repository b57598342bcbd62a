"""Share images (tracker/share_images.py, tracker/views/sharing.py): a valid 1200×630 PNG
per published record, drawn once per data version, drafts 404, no text off the image."""

import io

import pytest
from django.core.cache import cache
from PIL import Image

from tracker import share_images
from tracker.sharing import Card

pytestmark = pytest.mark.django_db


def png_of(response) -> Image.Image:
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    image.verify()  # a valid PNG, or this raises
    return Image.open(io.BytesIO(response.content))


def test_each_record_type_has_a_valid_png_of_the_expected_size(client, world):
    for record in (world.funding, world.partnership, world.quote, world.announcement, world.figure):
        image = png_of(client.get(f"{record.get_absolute_url()}share.png"))
        assert image.format == "PNG"
        assert image.size == (1200, 630)


def test_drafts_and_unknown_records_are_not_found(client, world):
    for kind in ("commitment", "quote", "announcement", "figure"):
        draft = world.drafts[kind]
        assert client.get(f"{draft.get_absolute_url()}share.png").status_code == 404
    assert client.get("/commitments/no-such-thing/share.png").status_code == 404


def test_it_is_public_and_cached_like_a_page(client, world):
    response = client.get("/quotes/smash-the-gangs/share.png")
    assert "public" in response["Cache-Control"]
    assert response.has_header("ETag")
    again = client.get("/quotes/smash-the-gangs/share.png", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_drawn_once_per_data_version(client, world, settings, monkeypatch):
    settings.PAGE_CACHE_TIMEOUT = 0  # the page cache off: the image is still kept
    cache.clear()
    drawn = []
    draw = share_images.png
    monkeypatch.setattr(share_images, "png", lambda card: drawn.append(card) or draw(card))
    first = client.get("/commitments/border-security-fund/share.png").content
    assert client.get("/commitments/border-security-fund/share.png").content == first
    assert len(drawn) == 1
    assert drawn[0].title == "£150 million for border security"
    assert drawn[0].headline == "£150 million"
    assert drawn[0].status == "Announced"
    assert drawn[0].sources == 1


def ink_near_the_edges(image: Image.Image, margin: int) -> bool:
    """Any dark pixel within ``margin`` of the left or right edge, below the band."""
    pixels = image.convert("L").load()
    width = image.width
    columns = [*range(margin), *range(width - margin, width)]
    return any(
        pixels[x, y] < 128
        for x in columns
        for y in range(share_images.BAND_HEIGHT + 1, share_images.FOOTER_TOP - 1)
    )


def test_a_partnership_shows_who_takes_part(client, world, settings, monkeypatch):
    settings.PAGE_CACHE_TIMEOUT = 0
    cache.clear()
    drawn = []
    draw = share_images.png
    monkeypatch.setattr(share_images, "png", lambda card: drawn.append(card) or draw(card))
    png_of(client.get(f"{world.partnership.get_absolute_url()}share.png"))
    [partnership] = drawn
    assert partnership.headline == ""
    assert partnership.among == "United Kingdom · Serbia"  # by role (lead first), then name
    assert [block.text for block in share_images.blocks(partnership, 300)] == [
        "UK–Serbia partnership against people smuggling",
        "United Kingdom · Serbia",
    ]


@pytest.mark.parametrize(
    "card",
    [
        Card(
            kind="Funding commitment",
            title="Word " * 200,
            headline="£" + "9" * 80,
            status="In progress",
            status_code="in_progress",
            sources=12,
        ),
        Card(
            kind="Quote",
            title="Speaker",
            headline="“" + "Longwordwithoutspaces" * 40 + "”",
            byline="A very long speaker name, " * 10,
            sources=1,
        ),
        Card(kind="Announcement", title="Čačak Đakovica Shkodër " * 30, sources=0),
    ],
)
def test_long_text_wraps_and_is_cut_inside_the_image(card):
    image = Image.open(io.BytesIO(share_images.png(card)))
    assert image.size == (1200, 630)
    assert not ink_near_the_edges(image, share_images.MARGIN - 8)


def test_wrapping_breaks_words_longer_than_a_line():
    face = share_images.font(share_images.REGULAR, 40)
    lines = share_images.wrap("a " + "x" * 300 + " b", face, 500)
    assert all(face.getlength(line) <= 500 for line in lines)
    assert "".join(lines).replace(" ", "") == "a" + "x" * 300 + "b"
    cut = share_images.cut_to(lines, 2, face, 500)
    assert len(cut) == 2 and cut[-1].endswith("…")


def test_a_quotation_cut_short_keeps_its_closing_mark():
    face = share_images.font(share_images.REGULAR, 40)
    lines = share_images.wrap("“" + "We will smash the gangs, " * 20 + "together.”", face, 500)
    cut = share_images.cut_to(lines, 3, face, 500)
    assert len(cut) == 3 and cut[0].startswith("“") and cut[-1].endswith("…”")
    assert all(face.getlength(line) <= 500 for line in cut)
