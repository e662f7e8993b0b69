"""What a hotel may call its subdomain."""

from __future__ import annotations

import re

SUBDOMAIN_PATTERN = re.compile(r"^[a-z](?:[a-z0-9-]{1,38}[a-z0-9])$")
MIN_LENGTH, MAX_LENGTH = 3, 40

# Names the platform uses or may use itself, and names that invite phishing.
RESERVED_SUBDOMAINS = frozenset(
    """
    www api app apps admin administrator root platform public static media assets cdn img
    images files uploads mail email smtp imap pop pop3 mx ns ns1 ns2 dns ftp sftp ssh vpn
    webmail autoconfig autodiscover blog help support status docs doc dev staging stage test
    testing qa sandbox beta alpha-test internal intranet login logout signin signup register
    auth oauth sso account accounts billing payments pay checkout invoice invoices dashboard
    console portal webhooks webhook hooks events ws wss socket realtime grafana sentry
    metrics monitor health healthz readyz innkeep template tpl pool security abuse legal
    privacy terms
    """.split()  # noqa: SIM905
)


def subdomain_errors(subdomain: str) -> list[str]:
    if not (MIN_LENGTH <= len(subdomain) <= MAX_LENGTH):
        return [f"Use {MIN_LENGTH} to {MAX_LENGTH} characters."]
    if not SUBDOMAIN_PATTERN.match(subdomain) or "--" in subdomain:
        return [
            "Use lowercase letters, digits and single hyphens; start with a letter and "
            "end with a letter or digit."
        ]
    if subdomain in RESERVED_SUBDOMAINS:
        return [f"'{subdomain}' is reserved. Please choose another subdomain."]
    return []
