"""Email alerts: a reader follows a view (a filtered list, a country, person, organisation
or commitment) with an email address and no account, confirms by a signed link, and is
sent what changed in it, immediately, daily or weekly (docs/architecture.md, *Alerts*).

``models`` (addresses, follows, the change log, the outbox), ``followed`` (which pages can
be followed and the published records each holds), ``changes`` (the change log kept
from the domain's saves), ``signing`` (the signed links), ``limits`` (rate limits),
``emails`` (what is written), ``sending`` (alerts composed from the change log, the
outbox delivered with retries), ``snapshots`` (the transactions committed at an alert, so
a change committed out of id order is not lost), ``tasks`` (django.tasks, run by the
worker), ``views``.
"""
