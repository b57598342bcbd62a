"""System checks of the deployment's settings (``manage.py check``, and every command
that runs the checks first, such as ``migrate``)."""

import os

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def proxy_without_trusted_count(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """A proxy is configured but lockouts would be keyed on its address."""
    behind_a_proxy = settings.SECURE_PROXY_SSL_HEADER or os.environ.get("FORWARDED_ALLOW_IPS")
    if not behind_a_proxy or getattr(settings, "TRUSTED_PROXY_COUNT", 0) > 0:
        return []
    return [
        checks.Warning(
            "The app is configured to run behind a proxy (TRUST_X_FORWARDED_PROTO or "
            "FORWARDED_ALLOW_IPS) but TRUSTED_PROXY_COUNT is 0: login lockouts are keyed "
            "on the proxy's address, so one attacker can lock every editor out.",
            hint="Set TRUSTED_PROXY_COUNT to the number of proxies that append to "
            "X-Forwarded-For (1 behind one nginx or load balancer).",
            id="tracker.W001",
        )
    ]
