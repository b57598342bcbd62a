"""An article from a web page: fetch it safely, and extract its text and metadata.

``fetch(address)`` reads a page over HTTP(S) with a timeout and a size limit,
and refuses addresses that resolve to private, loopback, link-local or other
non-public networks (also after a redirect), unless
``INTAKE_FETCH_PRIVATE_ADDRESSES`` allows them (the tests serve saved pages on
127.0.0.1). ``extract(html)`` finds the article in a page with trafilatura: its
text as paragraphs, headline, byline, publisher and date.
"""

import datetime
import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

import trafilatura
from django.conf import settings

from tracker.models import DatePrecision


class PageError(Exception):
    """Why a page could not be read, in words for the editor."""


@dataclass(frozen=True)
class Extracted:
    text: str
    headline: str
    byline: str
    publisher: str
    published_on: datetime.date | None
    precision: str = DatePrecision.DAY


def fetch(address: str) -> str:
    """The page at ``address`` as text, decoded as the server says (UTF-8 otherwise)."""
    _check_address(address)
    opener = urllib.request.build_opener(_CheckedRedirects)
    request = urllib.request.Request(
        address, headers={"User-Agent": "PolicyTracker-intake/1.0", "Accept": "text/html"}
    )
    limit = settings.INTAKE_FETCH_MAX_BYTES
    try:
        with opener.open(request, timeout=settings.INTAKE_FETCH_TIMEOUT) as response:
            body = response.read(limit + 1)
            charset = response.headers.get_content_charset() or "utf-8"
    except PageError:
        raise
    except urllib.error.HTTPError as error:
        raise PageError(f"The server answered {error.code} for that address.") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise PageError(f"The page could not be read: {reason}.") from error
    if len(body) > limit:
        raise PageError(f"The page is larger than {limit // (1024 * 1024)} MB; paste its text.")
    return body.decode(charset, errors="replace")


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is followed only to an address that could have been asked for."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _check_address(address: str) -> None:
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PageError("Give a web address starting with http:// or https://.")
    if settings.INTAKE_FETCH_PRIVATE_ADDRESSES:
        return
    try:
        resolved = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise PageError(f"No server is known by the name “{parts.hostname}”.") from error
    for *_, sockaddr in resolved:
        if not ipaddress.ip_address(sockaddr[0]).is_global:
            raise PageError(
                "That address is on a private or local network: only public pages are read."
            )


def extract(html: str, address: str = "") -> Extracted:
    """The article in ``html``: its paragraphs one a line, and what the page says about it."""
    document = trafilatura.bare_extraction(
        html, url=address or None, with_metadata=True, include_comments=False, include_tables=False
    )
    if document is None or not (document.text or "").strip():
        raise PageError("No article text was found in that page; paste the text instead.")
    published_on = None
    if document.date:
        try:
            published_on = datetime.date.fromisoformat(document.date[:10])
        except ValueError:
            published_on = None
    return Extracted(
        text="\n".join(line.strip() for line in document.text.splitlines() if line.strip()),
        headline=(document.title or "").strip(),
        byline=(document.author or "").strip(),
        publisher=(document.sitename or "").strip(),
        published_on=published_on,
    )
