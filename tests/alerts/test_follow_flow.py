"""Following a page: double opt-in, an alert of a published change with its source,
one-click unsubscribe, the address forgotten with its last follow."""

import datetime

import pytest

from tests import factories
from tests.world import cite
from tracker.alerts.models import Follow, Subscriber
from tracker.models import CommitmentStatus

pytestmark = pytest.mark.django_db

LIST = "/commitments/?kind=funding&country=united-kingdom"


def stall(world, capture, excerpt="over two years on border security", day=1):
    """An editor records that the funding stalled, citing the article."""
    with capture(execute=True):
        citation = cite(world.article, excerpt, commitment=world.funding)
        factories.StatusChangeFactory(
            commitment=world.funding,
            status=CommitmentStatus.STALLED,
            changed_on=datetime.date(2025, 3, day),
            reason="No money has been paid out.",
            citation=citation,
        )


def test_every_followable_page_has_the_form(client, world):
    organisation = factories.OrganisationFactory(slug="border-force")
    world.funding.organisations.add(organisation)
    for path in [
        LIST,
        "/quotes/?speaker=keir-starmer",
        "/announcements/?speaker=keir-starmer",
        "/figures/?country=serbia",
        "/sources/?publisher=The+Daily+Record",
        "/countries/united-kingdom/",
        f"/people/{world.person.slug}/",
        f"/organisations/{organisation.slug}/",
        f"/commitments/{world.funding.slug}/",
    ]:
        page = client.get(path)
        assert page.status_code == 200, path
        assert b'action="/alerts/follow/"' in page.content, path
        assert b"csrfmiddlewaretoken" not in page.content, path


@pytest.mark.parametrize(
    "path",
    ["/commitments/?organisation=no-such-body", "/quotes/?sort=loudest", "/figures/?page=x"],
)
def test_a_list_whose_filters_cannot_be_applied_offers_no_follow(client, world, path):
    """The follow would be refused ("These filters cannot be followed"), after the reader had
    typed their address: the page that says the filters need correcting offers none."""
    page = client.get(path)
    assert page.status_code == 400
    assert b"These filters could not be applied" in page.content
    assert b'action="/alerts/follow/"' not in page.content


def test_follow_confirm_alert_unsubscribe(
    client, world, follow_page, outbox, link_in, django_capture_on_commit_callbacks
):
    answer = follow_page(LIST + "&page=2&sort=title")
    assert answer.status_code == 200
    assert b"Check your inbox" in answer.content
    assert "no-store" in answer["Cache-Control"] or "max-age=0" in answer["Cache-Control"]
    follow = Follow.objects.get()
    assert follow.path == "/commitments/?country=united-kingdom&kind=funding"
    assert follow.confirmed_at is None
    [confirmation] = outbox
    assert confirmation.to == ["reader@example.org"]

    stall(world, django_capture_on_commit_callbacks)
    assert len(outbox) == 1, "nothing is sent before confirmation"

    confirm = link_in(confirmation, "/alerts/confirm/")
    assert b"<form" in client.get(confirm).content  # a link scanner's GET confirms nothing
    assert Follow.objects.get().confirmed_at is None
    assert client.post(confirm).status_code == 200
    assert Follow.objects.get().confirmed_at is not None

    stall(world, django_capture_on_commit_callbacks, "two years on border security", day=2)
    assert len(outbox) == 2
    alert = outbox[1]
    assert "Status changed" in alert.body
    assert "Stalled on 2 March 2025: No money has been paid out." in alert.body
    assert "Source: PM strikes deal with Serbia in Budapest, The Daily Record" in alert.body
    assert "“two years on border security”" in alert.body
    assert "No money has been paid out." in alert.alternatives[0].content
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = link_in(alert, "/alerts/unsubscribe/")
    assert alert.extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe}>")

    with django_capture_on_commit_callbacks(execute=True):
        world.funding.save()  # saved again: no new change
    assert len(outbox) == 2

    # RFC 8058: the mail client's one POST, from another origin, with no token
    answer = client.post(
        unsubscribe,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert answer.status_code == 200
    assert not Follow.objects.exists()
    assert not Subscriber.objects.exists(), "the address goes with its last follow"
    stall(world, django_capture_on_commit_callbacks, "on border security", day=3)
    assert len(outbox) == 2


def test_a_confirmation_is_sent_once_an_hour(world, follow_page, outbox):
    follow_page(LIST)
    follow_page(LIST)
    assert len(outbox) == 1


def test_drafts_are_never_alerted(
    client, world, follow_page, outbox, link_in, django_capture_on_commit_callbacks
):
    follow_page("/commitments/")
    client.post(link_in(outbox[0], "/alerts/confirm/"))
    with django_capture_on_commit_callbacks(execute=True):
        draft = factories.PledgeFactory(
            slug="secret-pledge", title="A secret pledge", publication="draft"
        )
        cite(world.article, "smash the gangs together", commitment=draft)
        draft_article = factories.SourceArticleFactory(
            slug="draft-source", publication="draft", text=world.article.text
        )
        cite(draft_article, "smash the gangs together", commitment=world.funding)
    assert len(outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        draft.publication = "published"
        draft.save()
    assert len(outbox) == 2
    assert "New commitment: A secret pledge" in outbox[1].body
    assert "draft-source" not in outbox[1].body


def test_an_article_published_later_brings_its_citations_as_new_sources(
    client, world, follow_page, outbox, link_in, django_capture_on_commit_callbacks
):
    follow_page("/commitments/")
    client.post(link_in(outbox[0], "/alerts/confirm/"))
    with django_capture_on_commit_callbacks(execute=True):
        later = factories.SourceArticleFactory(
            slug="published-later", publication="draft", text=world.article.text
        )
        cite(later, "smash the gangs together", commitment=world.funding)
    assert len(outbox) == 1  # a draft article's citation is nobody's news yet
    with django_capture_on_commit_callbacks(execute=True):
        later.publication = "published"
        later.save()
    [_, alert] = outbox
    assert f"New source: {world.funding.title}" in alert.body
    assert "smash the gangs together" in alert.body
    with django_capture_on_commit_callbacks(execute=True):
        later.save()  # saved again: nothing new
    assert len(outbox) == 2


def test_a_quotes_list_is_alerted_of_new_quotes_with_their_source(
    client, world, follow_page, outbox, link_in, django_capture_on_commit_callbacks
):
    follow_page(f"/quotes/?speaker={world.person.slug}&sort=oldest")
    assert Follow.objects.get().path == f"/quotes/?speaker={world.person.slug}"
    client.post(link_in(outbox[0], "/alerts/confirm/"))
    with django_capture_on_commit_callbacks(execute=True):
        other = factories.QuoteFactory(slug="someone-else", text="Not followed.")
        cite(world.article, "officials said", quote=other)
        quote = factories.QuoteFactory(
            slug="new-words", speaker=world.person, text="Almost 100,000 people crossed"
        )
        cite(world.article, "Almost 100,000 people crossed", quote=quote)
    [_, alert] = outbox
    assert "New quote: Keir Starmer: “Almost 100,000 people crossed”" in alert.body
    assert "Said by Keir Starmer, 7 November 2024" in alert.body
    assert "“Almost 100,000 people crossed”" in alert.body
    assert "Not followed." not in alert.body
    assert "New source" not in alert.body, "a new quote's own citation is not news twice"


def _announcement(world, slug, speaker):
    announcement = factories.AnnouncementFactory(
        slug=slug, title=f"Announced: {slug}", speaker=speaker, event=world.event
    )
    cite(world.article, "The Prime Minister announced a new partnership", announcement=announcement)


def _figure(world, slug, country):
    figure = factories.FigureFactory(slug=slug, label=f"Counted: {slug}", value=2500)
    figure.countries.set([country])
    cite(world.article, "Almost 100,000 people crossed", figure=figure)


def _article(world, slug, publisher):
    factories.SourceArticleFactory(slug=slug, headline=f"Reported: {slug}", publisher=publisher)


@pytest.mark.parametrize(
    ("asked", "followed", "publish", "shown"),
    [
        (
            "/announcements/?speaker=keir-starmer&sort=oldest&page=2",
            "/announcements/?speaker=keir-starmer",
            lambda world, slug, matches: _announcement(
                world, slug, world.person if matches else factories.PersonFactory()
            ),
            [
                "New announcement: Announced: in-view",
                "Announced by Keir Starmer, 7 November 2024",
                "Source: PM strikes deal with Serbia in Budapest, The Daily Record",
                "“The Prime Minister announced a new partnership”",
            ],
        ),
        (
            "/figures/?country=serbia&sort=label",
            "/figures/?country=serbia",
            lambda world, slug, matches: _figure(world, slug, "RS" if matches else "GB"),
            [
                "New figure: Counted: in-view",
                "Almost 2,500 people, last year",
                "Source: PM strikes deal with Serbia in Budapest, The Daily Record",
                "“Almost 100,000 people crossed”",
            ],
        ),
        (
            "/sources/?publisher=The+Daily+Record&sort=headline",
            "/sources/?publisher=The+Daily+Record",
            lambda world, slug, matches: _article(
                world, slug, "The Daily Record" if matches else "The Evening Post"
            ),
            [
                "New source article: Reported: in-view",
                "Source: Reported: in-view, The Daily Record, 7 November 2024",
                "Original: https://news.example/in-view",
            ],
        ),
    ],
    ids=["announcements", "figures", "sources"],
)
def test_a_list_is_alerted_of_its_new_records_with_their_source(
    client,
    world,
    follow_page,
    outbox,
    link_in,
    django_capture_on_commit_callbacks,
    asked,
    followed,
    publish,
    shown,
):
    follow_page(asked)
    assert Follow.objects.get().path == followed
    client.post(link_in(outbox[0], "/alerts/confirm/"))
    with django_capture_on_commit_callbacks(execute=True):
        publish(world, "out-of-view", matches=False)
        publish(world, "in-view", matches=True)
    [_, alert] = outbox
    for line in shown:
        assert line in alert.body
    assert "out-of-view" not in alert.body
    title = shown[0].split(": ", 1)[1]
    assert title in alert.alternatives[0].content


def test_drafts_are_never_alerted_on_the_other_lists(
    client, world, follow_page, outbox, link_in, django_capture_on_commit_callbacks
):
    for path in ["/announcements/", "/figures/", "/sources/"]:
        follow_page(path)
        client.post(link_in(outbox[-1], "/alerts/confirm/"))
    confirmations = len(outbox)
    with django_capture_on_commit_callbacks(execute=True):
        draft_article = factories.SourceArticleFactory(
            slug="draft-source",
            headline="A draft article",
            publication="draft",
            text=world.article.text,
        )
        announcement = factories.AnnouncementFactory(
            slug="secret-announcement", title="A secret announcement", publication="draft"
        )
        cite(world.article, "The Prime Minister announced", announcement=announcement)
        figure = factories.FigureFactory(slug="secret-figure", label="A secret figure")
        cite(draft_article, "Almost 100,000 people crossed", figure=figure)
    assert len(outbox) == confirmations, "a draft, or a figure cited by a draft only"
    with django_capture_on_commit_callbacks(execute=True):
        announcement.publication = "published"
        announcement.save()
    [alert] = outbox[confirmations:]
    assert "New announcement: A secret announcement" in alert.body
    assert "secret figure" not in alert.body and "draft" not in alert.body.lower()
