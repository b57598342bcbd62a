"""The follow form's target, and the pages the emails' signed links open.

None of these is a ``@public_page``: each answers one reader (``never_cache``). The
follow form sits on cached public pages, so it carries no CSRF token (a kept page would
hand one reader's token to everyone); these POSTs are checked instead by the browser's
Fetch metadata (``same_origin``): a cross-site form post is refused. They use no cookie
or session, so a forged request could act with no one's authority but its sender's.
The one-click unsubscribe is the exception that RFC 8058 asks for: a mail client posts it
from anywhere, and the signed link is its authority.
"""

import datetime
import functools

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from tracker.alerts import limits, signing
from tracker.alerts.emails import write_confirmation
from tracker.alerts.followed import NotFollowable, followed_page
from tracker.alerts.models import Follow, Frequency, Subscriber
from tracker.alerts.sending import mark_now
from tracker.alerts.tasks import send
from tracker.middleware import client_ip


class FollowForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254)
    frequency = forms.ChoiceField(
        label="How often", choices=Frequency.choices, initial=Frequency.DAILY
    )
    path = forms.CharField(max_length=1000, widget=forms.HiddenInput)


def same_origin(view):
    """Refuse a POST that the browser says came from another site (``Sec-Fetch-Site``, or
    failing that ``Origin``); clients that send neither are not browsers acting for
    someone else."""

    @functools.wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        site = request.headers.get("Sec-Fetch-Site")
        origin = request.headers.get("Origin")
        cross = (
            site not in (None, "same-origin", "none")
            if site
            else bool(origin) and origin != f"{request.scheme}://{request.get_host()}"
        )
        if request.method == "POST" and cross:
            return _answer(request, "alerts/refused.html", {}, status=403)
        return view(request, *args, **kwargs)

    return checked


def _answer(request: HttpRequest, template: str, context: dict, status: int = 200):
    if request.htmx:
        template = f"{template}#message"
    return render(request, template, context, status=status)


@csrf_exempt
@same_origin
@never_cache
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    form = FollowForm(request.POST)
    if not form.is_valid():
        return _answer(request, "alerts/follow_problem.html", {"form": form}, status=400)
    try:
        page = followed_page(form.cleaned_data["path"])
    except NotFollowable as error:
        return _answer(request, "alerts/follow_problem.html", {"problem": error}, status=400)
    email = form.cleaned_data["email"].strip().lower()
    if not limits.follow_allowed(email, client_ip(request) or "unknown"):
        response = _answer(
            request,
            "alerts/too_many.html",
            {"minutes": limits.WINDOW_SECONDS // 60},
            status=429,
        )
        response["Retry-After"] = str(limits.WINDOW_SECONDS)
        return response
    email_id = _request_confirmation(email, page, form.cleaned_data["frequency"])
    transaction.on_commit(lambda: send(email_id))
    return _answer(request, "alerts/check_inbox.html", {"page": page, "email": email})


@transaction.atomic
def _request_confirmation(email: str, page, frequency: str) -> int | None:
    """The confirmation email to send, if any: never for a follow already confirmed (its
    follower manages it from their emails), never twice within an hour per follow."""
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    follow, _ = Follow.objects.select_for_update().get_or_create(
        subscriber=subscriber,
        path=page.path,
        defaults={"title": page.title, "frequency": frequency},
    )
    now = timezone.now()
    if follow.confirmed_at is not None:
        return None
    recently = now - datetime.timedelta(seconds=settings.ALERTS_CONFIRMATION_INTERVAL)
    if follow.confirmation_sent_at and follow.confirmation_sent_at > recently:
        return None
    follow.frequency = frequency
    follow.confirmation_sent_at = now
    follow.save(update_fields=["frequency", "confirmation_sent_at"])
    return write_confirmation(follow).pk


def _follow_of(purpose: str, token: str, max_age: int | None = None) -> Follow | None:
    """The follow a link was signed for, if it still belongs to the signed address."""
    email, follow_id = signing.unsign(purpose, token, max_age=max_age)
    return (
        Follow.objects.select_related("subscriber")
        .filter(pk=follow_id, subscriber__email=email)
        .first()
    )


def _bad_link(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/bad_link.html", status=404)


@csrf_exempt
@same_origin
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A GET shows a button (a mail scanner that opens links confirms nothing); its POST
    confirms. Alerts start from the changes after this moment."""
    try:
        follow = _follow_of("confirm", token, max_age=signing.CONFIRM_MAX_AGE)
    except signing.BadLink:
        return _bad_link(request)
    if follow is None:
        return _bad_link(request)
    if request.method == "POST" and follow.confirmed_at is None:
        follow.confirmed_at = timezone.now()
        mark_now(follow)
        follow.save(update_fields=["confirmed_at", "last_change", "alerted_snapshot"])
    manage = signing.manage_token(follow.subscriber.email)
    return render(request, "alerts/confirm.html", {"follow": follow, "manage": manage})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click: a POST (from the page's button, or a mail client per RFC 8058) deletes
    the follow, and the address with its last follow."""
    try:
        email, _ = signing.unsign("unsubscribe", token)
        follow = _follow_of("unsubscribe", token)
    except signing.BadLink:
        return _bad_link(request)
    manage = signing.manage_token(email)
    if request.method != "POST":
        if follow is None:
            return render(request, "alerts/unsubscribed.html", {"manage": manage})
        return render(request, "alerts/unsubscribe.html", {"follow": follow, "token": token})
    with transaction.atomic():
        if follow is not None:
            follow.delete()
        Subscriber.objects.filter(email=email, follows__isnull=True).delete()
    remaining = Follow.objects.filter(subscriber__email=email).exists()
    return render(
        request,
        "alerts/unsubscribed.html",
        {"follow": follow, "manage": manage if remaining else None},
    )


class FrequencyForm(forms.Form):
    follow = forms.IntegerField(widget=forms.HiddenInput)
    frequency = forms.ChoiceField(label="How often", choices=Frequency.choices)


@csrf_exempt
@same_origin
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """Every follow of an address, each with how often it is sent (which a POST changes)
    and its unsubscribe button; the signed link is the authority, as for unsubscribing."""
    try:
        email, _ = signing.unsign("manage", token)
    except signing.BadLink:
        return _bad_link(request)
    follows = Follow.objects.filter(subscriber__email=email)
    changed, status = None, 200
    if request.method == "POST":
        form = FrequencyForm(request.POST)
        follow = follows.filter(pk=form.cleaned_data["follow"]).first() if form.is_valid() else None
        if follow is None:
            status = 400
        else:
            follow.frequency = form.cleaned_data["frequency"]
            follow.save(update_fields=["frequency"])
            changed = follow
    listed = [
        (follow, signing.unsubscribe_token(email, follow.pk), Frequency.choices)
        for follow in follows.order_by("pk")
    ]
    context = {"email": email, "follows": listed, "changed": changed, "refused": status == 400}
    return render(request, "alerts/manage.html", context, status=status)
