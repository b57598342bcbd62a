"""The signed links of the emails: confirm a follow, unsubscribe from it, manage an address.

Each purpose has its own salt, so a link made for one cannot be used for another, and each
signs the address with the follow, so a link cannot be moved to another address or
follow: the view checks that the follow still belongs to the signed address.
Confirmation links expire (``CONFIRM_MAX_AGE``); unsubscribe and manage links do not, as
RFC 8058 expects of a one-click unsubscribe in an old email.
"""

from django.core import signing

CONFIRM_MAX_AGE = 7 * 24 * 3600
_SALT = "tracker.alerts."


class BadLink(ValueError):
    """A link that was forged, altered, expired or made for something else."""


def sign(purpose: str, email: str, follow_id: int | None = None) -> str:
    value = {"e": email} if follow_id is None else {"e": email, "f": follow_id}
    return signing.dumps(value, salt=_SALT + purpose, compress=True)


def unsign(purpose: str, token: str, max_age: int | None = None) -> tuple[str, int | None]:
    """The address and follow a token was signed for, or BadLink."""
    try:
        value = signing.loads(token, salt=_SALT + purpose, max_age=max_age)
    except signing.BadSignature as error:
        raise BadLink(str(error)) from error
    if not isinstance(value, dict) or not isinstance(value.get("e"), str):
        raise BadLink("Not a link of this site.")
    return value["e"], value.get("f")


def confirm_token(email: str, follow_id: int) -> str:
    return sign("confirm", email, follow_id)


def unsubscribe_token(email: str, follow_id: int) -> str:
    return sign("unsubscribe", email, follow_id)


def manage_token(email: str) -> str:
    return sign("manage", email)
