"""Signed links cannot be forged or moved to another address or purpose; follow requests
are rate limited (429 with a clear page); other sites cannot post the form."""

import pytest
from django.contrib.auth.models import User

from tracker.alerts import signing
from tracker.alerts.models import Follow, Subscriber

pytestmark = pytest.mark.django_db

LIST = "/commitments/?kind=funding"


def test_a_forged_or_altered_link_is_refused(client, world, follow_page, outbox, link_in):
    follow_page(LIST)
    confirm = link_in(outbox[0], "/alerts/confirm/")
    token = confirm.split("/")[-2]
    for bad in [token[:-2] + "xx", "not-a-token", token.replace(":", "")]:
        answer = client.post(f"/alerts/confirm/{bad}/")
        assert answer.status_code == 404
        assert b"This link does not work" in answer.content
    assert Follow.objects.get().confirmed_at is None


def test_a_link_cannot_serve_another_address_or_purpose(client, world, follow_page, outbox):
    follow_page(LIST, email="alice@example.org")
    follow_page(LIST, email="bob@example.org")
    alice = Follow.objects.get(subscriber__email="alice@example.org")
    bob = Follow.objects.get(subscriber__email="bob@example.org")
    # Alice's signature with Bob's follow: the follow is not Alice's
    moved = signing.confirm_token("alice@example.org", bob.pk)
    assert client.post(f"/alerts/confirm/{moved}/").status_code == 404
    # an unsubscribe link is no confirmation link, nor the other way round
    unsubscribe = signing.unsubscribe_token("alice@example.org", alice.pk)
    assert client.post(f"/alerts/confirm/{unsubscribe}/").status_code == 404
    confirm = signing.confirm_token("alice@example.org", alice.pk)
    assert client.post(f"/alerts/unsubscribe/{confirm}/").status_code == 404
    assert client.get(f"/alerts/manage/{confirm}/").status_code == 404
    assert Follow.objects.filter(confirmed_at__isnull=False).count() == 0
    assert Follow.objects.count() == 2


def test_the_manage_page_lists_one_address_only(client, world, follow_page):
    follow_page(LIST, email="alice@example.org")
    follow_page("/countries/united-kingdom/", email="alice@example.org")
    follow_page(LIST, email="bob@example.org")
    page = client.get(f"/alerts/manage/{signing.manage_token('alice@example.org')}/")
    assert page.status_code == 200
    assert page.content.count(b"/alerts/unsubscribe/") == 2
    assert b"bob@example.org" not in page.content


def test_the_manage_page_changes_how_often_a_follow_is_sent(client, world, follow_page):
    follow_page(LIST, email="alice@example.org", frequency="immediately")
    follow_page(LIST, email="bob@example.org", frequency="immediately")
    alice = Follow.objects.get(subscriber__email="alice@example.org")
    bob = Follow.objects.get(subscriber__email="bob@example.org")
    address = f"/alerts/manage/{signing.manage_token('alice@example.org')}/"
    same_site = {"Sec-Fetch-Site": "same-origin"}

    page = client.get(address)
    assert b'<option value="immediately" selected>As it happens</option>' in page.content

    changed = client.post(address, {"follow": alice.pk, "frequency": "weekly"}, headers=same_site)
    assert changed.status_code == 200
    assert "now comes once a week" in changed.text
    assert b'<option value="weekly" selected>Once a week</option>' in changed.content
    alice.refresh_from_db()
    assert alice.frequency == "weekly"

    # another address's follow, a frequency that is not one, nothing at all: 400, no change
    for data in [
        {"follow": bob.pk, "frequency": "daily"},
        {"follow": alice.pk, "frequency": "hourly"},
        {},
    ]:
        refused = client.post(address, data, headers=same_site)
        assert refused.status_code == 400
        assert "That change could not be made" in refused.text
    bob.refresh_from_db()
    alice.refresh_from_db()
    assert (alice.frequency, bob.frequency) == ("weekly", "immediately")

    # from another site: refused before anything is read
    forged = client.post(
        address,
        {"follow": alice.pk, "frequency": "daily"},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert forged.status_code == 403
    alice.refresh_from_db()
    assert alice.frequency == "weekly"


def test_too_many_requests_per_address(client, world, follow_page, settings, outbox):
    settings.ALERTS_REQUESTS_PER_ADDRESS = 2
    assert follow_page(LIST).status_code == 200
    assert follow_page("/countries/united-kingdom/").status_code == 200
    answer = follow_page("/commitments/")
    assert answer.status_code == 429
    assert b"Too many follow requests" in answer.content
    assert answer["Retry-After"] == "3600"
    assert len(outbox) == 2
    assert follow_page("/commitments/", email="other@example.org").status_code == 200


def test_too_many_requests_per_client(client, world, follow_page, settings):
    settings.ALERTS_REQUESTS_PER_CLIENT = 3
    for n in range(3):
        assert follow_page(LIST, email=f"reader{n}@example.org").status_code == 200
    answer = follow_page(LIST, email="reader9@example.org")
    assert answer.status_code == 429
    assert b"Please try again in 60 minutes" in answer.content


def test_the_429_is_a_fragment_for_htmx(client, world, settings):
    settings.ALERTS_REQUESTS_PER_ADDRESS = 0
    answer = client.post(
        "/alerts/follow/",
        {"email": "reader@example.org", "frequency": "daily", "path": LIST},
        headers={"HX-Request": "true", "Sec-Fetch-Site": "same-origin"},
    )
    assert answer.status_code == 429
    assert b"Too many follow requests" in answer.content
    assert b"<html" not in answer.content


def test_another_site_cannot_post_the_form(client, world, outbox):
    for headers in [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}]:
        answer = client.post(
            "/alerts/follow/",
            {"email": "victim@example.org", "frequency": "daily", "path": LIST},
            headers=headers,
        )
        assert answer.status_code == 403
    assert not Subscriber.objects.exists()
    assert outbox == []


@pytest.mark.parametrize(
    "data, message",
    [
        ({"email": "not an address", "frequency": "daily", "path": LIST}, b"Enter a valid email"),
        ({"email": "a@example.org", "frequency": "hourly", "path": LIST}, b"How often"),
        ({"email": "a@example.org", "frequency": "daily", "path": "/commitments/?kind=x"}, b"kind"),
        ({"email": "a@example.org", "frequency": "daily", "path": "/events/"}, b"cannot be"),
        ({"email": "a@example.org", "frequency": "daily", "path": "/people/"}, b"cannot be"),
        (
            {"email": "a@example.org", "frequency": "daily", "path": "/figures/?country=atlantis"},
            b"country",
        ),
        (
            {"email": "a@example.org", "frequency": "daily", "path": "https://evil.example/"},
            b"site",
        ),
        (
            {"email": "a@example.org", "frequency": "daily", "path": "/countries/atlantis/"},
            b"no such",
        ),
    ],
)
def test_bad_input_is_a_400_that_says_why(client, world, data, message):
    answer = client.post("/alerts/follow/", data)
    assert answer.status_code == 400
    assert message in answer.content
    assert not Follow.objects.exists()


def test_a_long_or_multiline_search_is_followed_on_one_line_or_refused(client, world):
    search = "border%0AX-Injected: yes " + "money " * 20
    answer = client.post(
        "/alerts/follow/",
        {"email": "a@example.org", "frequency": "daily", "path": f"/commitments/?q={search}"},
    )
    assert answer.status_code == 200
    title = Follow.objects.get().title
    assert "\n" not in title and len(title) <= 300
    too_long = "/commitments/?q=" + "é" * 200  # 1,200 characters once percent-encoded
    answer = client.post(
        "/alerts/follow/", {"email": "a@example.org", "frequency": "daily", "path": too_long}
    )
    assert answer.status_code == 400
    assert b"too long" in answer.content


def test_the_follow_pages_are_never_cached(client, world, follow_page):
    answer = follow_page(LIST)
    assert "ETag" not in answer
    assert "no-cache" in answer["Cache-Control"] or "no-store" in answer["Cache-Control"]


def test_editors_see_counts_superusers_see_addresses(client, world, follow_page, editor):
    follow_page(LIST, email="alice@example.org")
    Follow.objects.update(confirmed_at="2026-01-01T00:00Z")
    client.force_login(editor)
    page = client.get("/admin/alerts/follow/")
    assert page.status_code == 200
    assert b"Commitments: kind funding" in page.content
    assert b"alice@example.org" not in page.content
    boss = User.objects.create_superuser("boss", "boss@example.org", "a-long-password-1")
    client.force_login(boss)
    assert b"alice@example.org" in client.get("/admin/alerts/follow/").content


def test_followed_pages_come_a_hundred_to_a_screen(client, editor):
    subscriber = Subscriber.objects.create(email="many@example.org")
    Follow.objects.bulk_create(
        Follow(subscriber=subscriber, path=f"/commitments/?page={n:03d}", title=f"Page {n:03d}")
        for n in range(1, 106)
    )
    client.force_login(editor)
    first = client.get("/admin/alerts/follow/")
    assert first.content.count(b"Send me a test alert") == 100
    assert b"Pages 1\xe2\x80\x93100 of 105 followed" in first.content
    second = client.get("/admin/alerts/follow/?p=2")
    assert second.content.count(b"Send me a test alert") == 5
    assert b"Page 105" in second.content and b"Page 001" not in second.content
    assert client.get("/admin/alerts/follow/?p=nonsense").status_code == 200


def test_an_editor_sends_a_test_alert_to_themself(client, world, follow_page, editor, outbox):
    follow_page(LIST, email="alice@example.org")
    editor.email = "editor@example.org"
    editor.save()
    client.force_login(editor)
    outbox.clear()
    answer = client.post("/admin/alerts/follow/send-test/", {"path": Follow.objects.get().path})
    assert answer.status_code == 302
    [alert] = outbox
    assert alert.to == ["editor@example.org"]
    assert "£150 million for border security" in alert.body
    assert "Source: PM strikes deal with Serbia in Budapest" in alert.body


def test_unconfirmed_follows_are_forgotten_after_a_week(world, follow_page):
    from django.core.management import call_command

    follow_page(LIST, email="gone@example.org")
    follow_page(LIST, email="recent@example.org")
    Follow.objects.filter(subscriber__email="gone@example.org").update(
        created_at="2020-01-01T00:00Z"
    )
    call_command("send_alerts", verbosity=0)
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["recent@example.org"]
