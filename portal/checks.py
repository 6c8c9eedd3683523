"""Start-up checks of the machine's settings (run by `manage.py check`, `migrate`,
`runserver`, and by `make run` just before gunicorn starts)."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

LOOPBACK_NAMES = {"localhost"}
EVERY_INTERFACE = {"", "0.0.0.0", "::"}
DEFAULT_PORTS = {"http": 80, "https": 443}


def split_bind(bind):
    """gunicorn's --bind ("127.0.0.1:8000", "0.0.0.0", "[::]:8000") → (host, port);
    None for a unix socket."""
    if bind.startswith("unix:"):
        return None
    host, sep, port = bind.rpartition(":")
    if not sep or host.endswith(":") or (":" in host and not host.startswith("[")):
        host, port = bind, "8000"  # no port: gunicorn's default
    return host.strip("[]"), int(port)


def is_loopback(host):
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_address(host):
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def site_url_problem(site_url, bind):
    """Why links made with SITE_URL (QR posters, certificates, e-mails) would not reach
    the server listening at BIND; "" when they would, or when it cannot be told."""
    served = split_bind(bind) if bind else None
    if served is None:
        return ""
    host, port = served
    url = urlsplit(site_url)
    try:
        site_port = url.port or DEFAULT_PORTS.get(url.scheme)
    except ValueError:
        return f"SITE_URL {site_url} has no valid port"
    site_host = url.hostname or ""
    if site_port != port:
        return f"SITE_URL {site_url} uses port {site_port}, BIND {bind} port {port}"
    if is_loopback(site_host) and not is_loopback(host) and host:
        return (
            f"SITE_URL {site_url} is this machine's loopback address, which phones "
            f"scanning a QR code cannot reach; BIND {bind} serves the network"
        )
    if host in EVERY_INTERFACE or not is_address(site_host) or not is_address(host):
        return ""
    if ipaddress.ip_address(site_host) != ipaddress.ip_address(host):
        return f"SITE_URL {site_url} names host {site_host}, BIND {bind} host {host}"
    return ""


@checks.register(checks.Tags.urls)
def site_url_matches_bind(app_configs, **kwargs):
    """A warning when QR and e-mail links would point elsewhere than the address
    served (only where the address is known: `make run` passes BIND, no proxy)."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return []  # a proxy's public address differs from the one gunicorn binds
    problem = site_url_problem(settings.SITE_URL, settings.BIND)
    if not problem:
        return []
    return [
        checks.Warning(
            "Tautan QR, sertifikat dan e-mail menunjuk ke alamat lain daripada yang "
            f"dilayani / QR, certificate and e-mail links point elsewhere: {problem}.",
            hint="Set SITE_URL to the address people reach the portal at, or leave "
            "it unset for `make run` to derive it from BIND.",
            id="portal.W001",
        )
    ]
